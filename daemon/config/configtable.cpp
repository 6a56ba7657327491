// The configuration table: every variable the daemon reads, with its type (the member it fills), range, default
// and description, written once. Parsing, check-config, the README, docs/billing.md and the env template follow it.
#include "config/config.h"

#include <QHostAddress>
#include <QThread>
#include <QUrl>
#include <algorithm>

namespace crosslogic {

namespace {

QStringList checkDatabaseUrl(Config &c)
{
    if (c.databaseUrl.isEmpty())
        return {};
    auto db = parseDatabaseUrl(c.databaseUrl);
    if (!db)
        return {db.error()};
    c.database = *db;
    return {};
}

QStringList checkRedisUrl(Config &c)
{
    if (c.redisUrl.isEmpty())
        return {};
    auto r = parseRedisUrl(c.redisUrl);
    if (!r)
        return {r.error()};
    c.redis = *r;
    return {};
}

QStringList checkAdminToken(Config &c)
{
    QStringList errors;
    if (!c.adminApiToken.isEmpty() && c.adminApiToken.size() < 16)
        errors << QStringLiteral("is too short (at least 16 characters)");
    if (c.adminApiToken.contains(QLatin1Char(' ')))
        errors << QStringLiteral("contains a space");
    return errors;
}

QStringList checkTlsPair(Config &c)
{
    if (c.tlsCertPath.isEmpty() != c.tlsKeyPath.isEmpty())
        return {QStringLiteral("and TLS_KEY_PATH must be set together (HTTPS needs both)")};
    return {};
}

QStringList checkStripeApiBase(Config &c)
{
    const QUrl base(c.stripeApiBase, QUrl::StrictMode);
    QStringList errors;
    if (!base.isValid() || (base.scheme() != QLatin1String("https") && base.scheme() != QLatin1String("http"))
        || base.host().isEmpty())
        errors << QStringLiteral("must be an http(s) URL, got '%1'").arg(c.stripeApiBase.left(60));
    while (c.stripeApiBase.endsWith(QLatin1Char('/')))
        c.stripeApiBase.chop(1);
    return errors;
}

QStringList checkSpoolDir(Config &c)
{
    if (!c.usageSpoolDir.startsWith(QLatin1Char('/')))
        return {QStringLiteral("must be an absolute path, got '%1'").arg(c.usageSpoolDir.left(100))};
    return {};
}

QStringList checkEndpointNetworks(Config &c)
{
    QStringList errors;
    for (const QString &part : c.nodeEndpointAllowNetworks.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (QHostAddress::parseSubnet(part.trimmed()).first.isNull())
            errors << QStringLiteral("'%1' is not a network (a CIDR such as 127.0.0.0/8 or ::1/128)").arg(part.trimmed().left(60));
    return errors;
}

QString resolvedIoThreads(const Config &c)
{
    return c.gatewayIoThreads == 0 ? QStringLiteral("(%1: one per core)").arg(c.ioThreadCount()) : QString();
}

using S = ConfigSection;

} // namespace

const QList<ConfigSectionInfo> &configSections()
{
    static const QList<ConfigSectionInfo> sections = {
        {S::Required, "required", "Required"},
        {S::Http, "http", "HTTP server"},
        {S::Database, "database", "Database"},
        {S::RateLimits, "ratelimits", "Rate limits"},
        {S::Upstream, "upstream", "Engine nodes (upstream)"},
        {S::Fleet, "fleet", "Node fleet"},
        {S::Logging, "logging", "Logging"},
        {S::Billing, "billing", "Billing (Stripe)"},
        {S::Spool, "spool", "Usage spool"},
        {S::Alerts, "alerts", "Alerts"},
    };
    return sections;
}

const QList<ConfigVariable> &Config::variables()
{
    static const QList<ConfigVariable> vars = {
        {.name = "DATABASE_URL", .section = S::Required, .target = &Config::databaseUrl,
         .description = "PostgreSQL URL: postgres://user:password@host:port/crosslogic",
         .notes = "Query options sslmode, connect_timeout, application_name and host=/path/to/socket are honoured. "
                  "pool_mode=transaction says the URL is a PgBouncer in transaction pooling mode: queries then carry "
                  "their values as literals instead of server-side prepared statements (docs/operations.md).",
         .secret = true, .check = checkDatabaseUrl},
        {.name = "REDIS_URL", .section = S::Required, .target = &Config::redisUrl,
         .description = "Redis URL: redis://[:password@]host:port[/db], or redis+cluster://[:password@]host:port[,host:port...]",
         .notes = "redis+cluster:// selects Redis Cluster mode: the listed nodes are seeds, the slot map is read from them "
                  "(CLUSTER SLOTS) and every request's counters carry its tenant as hash tag (docs/operations.md, \"Redis Cluster\").",
         .secret = true, .check = checkRedisUrl},
        {.name = "ADMIN_API_TOKEN", .section = S::Required, .target = &Config::adminApiToken,
         .description = "Bootstrap superuser token for X-Admin-Token (at least 16 characters)",
         .notes = "No spaces. Generate one with: openssl rand -hex 32.", .secret = true, .check = checkAdminToken},
        {.name = "NODE_REGISTRATION_TOKEN", .section = S::Fleet, .target = &Config::nodeRegistrationToken, .defaultValue = "",
         .description = "Token node agents use to register and heartbeat (empty: node registration disabled)",
         .notes = "Must equal NODE_REGISTRATION_TOKEN in /etc/crosslogic/node-agent.env on every GPU node.", .secret = true},
        {.name = "SERVER_HOST", .section = S::Http, .target = &Config::serverHost, .defaultValue = "0.0.0.0",
         .description = "Address the HTTP server listens on", .notes = "Takes effect on restart only."},
        {.name = "SERVER_PORT", .section = S::Http, .target = &Config::serverPort, .defaultValue = "8080", .min = 0, .max = 65535,
         .description = "Port the HTTP server listens on",
         .notes = "Ports below 1024 need CAP_NET_BIND_SERVICE (docs/operations.md). Takes effect on restart only."},
        {.name = "TLS_CERT_PATH", .section = S::Http, .target = &Config::tlsCertPath, .defaultValue = "",
         .description = "PEM certificate (chain) to serve HTTPS with; set together with TLS_KEY_PATH (empty: plain HTTP)",
         .check = checkTlsPair},
        {.name = "TLS_KEY_PATH", .section = S::Http, .target = &Config::tlsKeyPath, .defaultValue = "",
         .description = "PEM private key of TLS_CERT_PATH (readable only by the daemon's user)"},
        {.name = "GATEWAY_IO_THREADS", .section = S::Http, .target = &Config::gatewayIoThreads, .defaultValue = "0", .min = 0, .max = 64,
         .description = "Threads serving client connections, each with its own event loop, Redis connection and upstream "
                        "client (0: one per CPU core, at most 16)",
         .notes = "The main thread is one of them (docs/operations.md, \"I/O threads\").", .annotate = resolvedIoThreads},
        {.name = "AUTH_FAILURE_BUDGET_PER_MINUTE", .section = S::Http, .target = &Config::authFailureBudgetPerMinute, .defaultValue = "30",
         .min = 0, .max = 1000000,
         .description = "Unknown API keys and admin tokens one client address may present per minute before it gets 429 "
                        "too_many_auth_failures without a database lookup (0: no budget)",
         .notes = "Each unknown credential costs a PostgreSQL query; known keys and tokens are never counted. Counted per "
                  "address as the daemon sees it: behind a proxy that hides client addresses all clients share one "
                  "budget (and a known key missing from the caches waits with them), so raise it or set 0 there. Read at start."},
        {.name = "DB_MAX_CONNECTIONS", .section = S::Database, .target = &Config::dbMaxConnections, .defaultValue = "10", .min = 1, .max = 500,
         .description = "Size of the PostgreSQL connection pool (one worker thread each)", .notes = "Takes effect on restart only."},
        {.name = "DB_SLOW_QUERY_MS", .section = S::Database, .target = &Config::dbSlowQueryMs, .defaultValue = "1000", .min = 0,
         .max = 3600000, .description = "A database job running longer counts as slow (db_slow_queries_total, alert db_slow_queries; 0: off)"},
        {.name = "LOG_LEVEL", .section = S::Logging, .target = &Config::logLevel, .defaultValue = "info",
         .choices = "trace|debug|info|warn|error|off", .description = "trace, debug, info, warn, error or off"},
        {.name = "LOG_FORMAT", .section = S::Logging, .target = &Config::logFormat, .defaultValue = "text", .choices = "text|json",
         .description = "text or json (one JSON object per line)", .notes = "json is what log shippers want."},
        {.name = "STRIPE_SECRET_KEY", .section = S::Billing, .target = &Config::stripeSecretKey, .defaultValue = "",
         .description = "Stripe API secret key (empty: billing export disabled)", .secret = true},
        {.name = "STRIPE_WEBHOOK_SECRET", .section = S::Billing, .target = &Config::stripeWebhookSecret, .defaultValue = "",
         .description = "Stripe webhook signing secret (whsec_...)",
         .notes = "Without it webhooks answer 400 webhook_not_configured.", .secret = true},
        {.name = "STRIPE_API_BASE", .section = S::Billing, .target = &Config::stripeApiBase, .defaultValue = "https://api.stripe.com",
         .description = "Stripe API base URL (tests point it at a local fake)", .check = checkStripeApiBase},
        {.name = "STRIPE_METER_EVENT_NAME", .section = S::Billing, .target = &Config::stripeMeterEventName, .defaultValue = "crosslogic_tokens",
         .description = "event_name of the Stripe Billing Meter that usage is reported to", .notes = "payload[value] is the tokens."},
        {.name = "BILLING_MAX_RETRIES", .section = S::Billing, .target = &Config::billingMaxRetries, .defaultValue = "5", .min = 1, .max = 1000,
         .description = "Attempts at processing a Stripe webhook event before it is left failed (runbook 6.2 re-queues)"},
        {.name = "BILLING_RETRY_BASE_MS", .section = S::Billing, .target = &Config::billingRetryBaseMs, .defaultValue = "2000", .min = 10,
         .max = 3600000, .description = "First retry delay for webhook processing and meter exports; doubles per attempt",
         .notes = "Exports add jitter."},
        {.name = "BILLING_EXPORT_INTERVAL_MS", .section = S::Billing, .target = &Config::billingExportIntervalMs, .defaultValue = "60000",
         .min = 100, .max = 86400000, .description = "How often usage is aggregated and sent to Stripe"},
        {.name = "BILLING_EXPORT_PERIOD_SECONDS", .section = S::Billing, .target = &Config::billingExportPeriodSeconds,
         .defaultValue = "3600", .min = 1, .max = 86400, .description = "Length of one billed aggregate (meter event) per tenant",
         .notes = "Its identifier is derived from tenant and period, so a retry never double-bills."},
        {.name = "USAGE_SPOOL_DIR", .section = S::Spool, .target = &Config::usageSpoolDir, .defaultValue = "/var/lib/crosslogic/spool",
         .description = "Local directory of the durable usage spool (one per replica, on a persistent disk)",
         .notes = "An absolute path, never shared between replicas.", .check = checkSpoolDir},
        {.name = "USAGE_SPOOL_FLUSH_MS", .section = S::Spool, .target = &Config::usageSpoolFlushMs, .defaultValue = "50", .min = 1, .max = 1000,
         .description = "Group-commit interval of the usage spool: at most this much usage is lost on kill -9"},
        {.name = "USAGE_SPOOL_MAX_BYTES", .section = S::Spool, .target = &Config::usageSpoolMaxBytes, .defaultValue = "1073741824",
         .min = 65536, .max = qint64(1) << 40,
         .description = "Spool size at which new inference requests are refused with 503 until PostgreSQL catches up",
         .notes = "Usage is never dropped."},
        {.name = "MAX_BODY_BYTES", .section = S::Http, .target = &Config::maxBodyBytes, .defaultValue = "8388608", .min = 1024,
         .max = qint64(1) << 30, .description = "Largest accepted request body in bytes (413 above it)"},
        {.name = "HTTP_IDLE_TIMEOUT_MS", .section = S::Http, .target = &Config::httpIdleTimeoutMs, .defaultValue = "60000", .min = 100,
         .max = 3600000, .description = "Keep-alive connections idle longer than this are closed"},
        {.name = "HTTP_WRITE_TIMEOUT_MS", .section = S::Http, .target = &Config::httpWriteTimeoutMs, .defaultValue = "60000", .min = 100,
         .max = 3600000, .description = "A client that reads nothing of a pending response for this long is disconnected"},
        {.name = "HTTP_MAX_PENDING_STREAM_BYTES", .section = S::Http, .target = &Config::httpMaxPendingStreamBytes,
         .defaultValue = "1048576", .min = 65536, .max = 1073741824,
         .description = "A stream whose unread output exceeds this is closed (a client that stopped reading)"},
        {.name = "HTTP_MAX_CONNECTIONS_PER_ADDRESS", .section = S::Http, .target = &Config::httpMaxConnectionsPerAddress,
         .defaultValue = "1024", .min = 0, .max = 1000000,
         .description = "Open connections one client address may hold; more are closed at once (0: no cap)",
         .notes = "Behind a load balancer or proxy every connection comes from its address: raise this to what it opens "
                  "(nginx: its upstream keepalive and peak concurrency). Counted in http_connections_refused_total."},
        {.name = "HTTP_HEADER_TIMEOUT_MS", .section = S::Http, .target = &Config::httpHeaderTimeoutMs, .defaultValue = "10000", .min = 100,
         .max = 600000, .description = "Deadline for a whole request head, counted from its first byte: a client still sending headers "
                                       "then is answered 408 and closed (slow clients)"},
        {.name = "HTTP_BODY_TIMEOUT_MS", .section = S::Http, .target = &Config::httpBodyTimeoutMs, .defaultValue = "10000", .min = 100,
         .max = 600000, .description = "Time a request body has after its head, before HTTP_BODY_MIN_RATE applies (408 and closed after it)",
         .notes = "Each byte received adds 1/HTTP_BODY_MIN_RATE seconds: a body sent at least that fast is never cut off."},
        {.name = "HTTP_BODY_MIN_RATE", .section = S::Http, .target = &Config::httpBodyMinRate, .defaultValue = "1024", .min = 0,
         .max = qint64(1) << 30, .description = "Least average rate, in bytes per second, at which a request body must arrive",
         .notes = "0: the whole body must arrive within HTTP_BODY_TIMEOUT_MS."},
        {.name = "SHUTDOWN_GRACE_SECONDS", .section = S::Http, .target = &Config::shutdownGraceSeconds, .defaultValue = "30", .min = 0,
         .max = 3600, .description = "How long SIGTERM waits for in-flight requests and streams",
         .notes = "The systemd unit's TimeoutStopSec (this default plus 15 s) and Kubernetes' terminationGracePeriodSeconds "
                  "must stay above it."},
        {.name = "MIGRATE_ON_START", .section = S::Database, .target = &Config::migrateOnStart, .defaultValue = "false",
         .choices = "true|false|1|0", .trueWords = "true|1", .description = "Apply pending schema migrations when `serve` starts",
         .notes = "Packages run `crosslogicd migrate` (systemctl start crosslogic-migrate) as an explicit release step instead."},
        {.name = "RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN", .section = S::RateLimits, .target = &Config::defaultRequestsPerMin,
         .defaultValue = "600", .min = 0, .max = 100000000,
         .description = "Requests per minute for a key whose row sets none (0: unlimited)"},
        {.name = "RATE_LIMIT_DEFAULT_TOKENS_PER_MIN", .section = S::RateLimits, .target = &Config::defaultTokensPerMin,
         .defaultValue = "1000000", .min = 0, .max = 1000000000000LL,
         .description = "Tokens per minute for a key whose row sets none (0: unlimited)"},
        {.name = "RATE_LIMIT_DEFAULT_CONCURRENCY", .section = S::RateLimits, .target = &Config::defaultConcurrency,
         .defaultValue = "64", .min = 0, .max = 1000000,
         .description = "In-flight requests for a key whose row sets none (0: unlimited)"},
        {.name = "RATE_LIMIT_REDIS_FAILURE", .section = S::RateLimits, .target = &Config::rateLimitFailOpen, .defaultValue = "open",
         .choices = "open|closed", .trueWords = "open",
         .description = "When Redis is down: open (limit per replica in process) or closed (503)"},
        {.name = "RATE_LIMIT_BATCH", .section = S::RateLimits, .target = &Config::rateLimitBatch, .defaultValue = "true",
         .choices = "true|false|1|0", .trueWords = "true|1",
         .description = "Send the admissions and releases an I/O thread has ready as one Redis script call",
         .notes = "Fewer Redis calls and less Redis CPU per request under load (docs/benchmarks.md); limits stay exact. "
                  "false: two script calls per request, one admission and one release."},
        {.name = "RATE_LIMIT_BATCH_HOLD_MS", .section = S::RateLimits, .target = &Config::rateLimitBatchHoldMs,
         .defaultValue = "0", .min = 0, .max = 2,
         .description = "Longest time a finished request's release waits to ride with the next admission (0: the end of the event-loop turn)",
         .notes = "Every admission of this replica takes the waiting releases along ahead of it; but a release another "
                  "thread has already taken and not yet written can still lose the race to a new connection's admission, "
                  "and other replicas see a freed slot this much later: 0 keeps a release as prompt as without batching."},
        {.name = "SPEND_CLOCK_OFFSET_SECONDS", .section = S::RateLimits, .target = &Config::spendClockOffsetSeconds,
         .defaultValue = "0", .min = -3153600000LL, .max = 3153600000LL,
         .description = "Seconds added to the clock that budget periods are computed with (tests of period rollover; 0 in production)"},
        {.name = "UPSTREAM_CONNECT_TIMEOUT_MS", .section = S::Upstream, .target = &Config::upstreamConnectTimeoutMs,
         .defaultValue = "2000", .min = 50, .max = 600000,
         .description = "Connecting to an engine node; a failure retries once on another node"},
        {.name = "UPSTREAM_FIRST_BYTE_TIMEOUT_MS", .section = S::Upstream, .target = &Config::upstreamFirstByteTimeoutMs,
         .defaultValue = "120000", .min = 50, .max = 3600000,
         .description = "From sending a request to the engine's first byte (504 after it)",
         .notes = "Covers queueing and prefill of long prompts on a busy engine."},
        {.name = "UPSTREAM_IDLE_TIMEOUT_MS", .section = S::Upstream, .target = &Config::upstreamIdleTimeoutMs,
         .defaultValue = "120000", .min = 50, .max = 3600000,
         .description = "Longest silence inside a streaming response before it is ended"},
        {.name = "NODE_STALE_SECONDS", .section = S::Fleet, .target = &Config::nodeStaleSeconds, .defaultValue = "120", .min = 1, .max = 86400,
         .description = "A node whose last heartbeat is older than this is drained (status_message stale_heartbeat)"},
        {.name = "NODE_ENDPOINT_ALLOW_NETWORKS", .section = S::Fleet, .target = &Config::nodeEndpointAllowNetworks, .defaultValue = "",
         .description = "Networks (comma-separated CIDRs) where a node's endpoint_url may point although they are internal",
         .notes = "Node endpoints on loopback, link-local (169.254.0.0/16, fe80::/10) or the control plane's own addresses are refused "
                  "(400 endpoint_not_allowed) unless listed here; a development setup with simulated engines on this machine "
                  "sets 127.0.0.0/8,::1/128.",
         .check = checkEndpointNetworks},
        {.name = "NODE_HEARTBEAT_INTERVAL_SECONDS", .section = S::Fleet, .target = &Config::nodeHeartbeatIntervalSeconds,
         .defaultValue = "10", .min = 1, .max = 3600, .description = "Heartbeat interval the control plane tells node agents to use"},
        {.name = "NODE_RECONCILE_INTERVAL_MS", .section = S::Fleet, .target = &Config::nodeReconcileIntervalMs, .defaultValue = "5000",
         .min = 100, .max = 3600000, .description = "How often one replica checks heartbeats for stale or resumed nodes"},
        {.name = "NODE_DEFAULT_PROVIDER", .section = S::Fleet, .target = &Config::nodeDefaultProvider, .defaultValue = "local",
         .choices = "local|aws|gcp|azure|lambda|kubernetes",
         .description = "Provider of POST /admin/nodes/launch when the body names none (local, aws, gcp, azure, lambda, kubernetes)"},
        {.name = "CONTROL_PLANE_URL", .section = S::Fleet, .target = &Config::controlPlaneUrl, .defaultValue = "",
         .description = "URL launched node agents use to reach this control plane (empty: http://127.0.0.1:SERVER_PORT)"},
        {.name = "NODE_AGENT_PATH", .section = S::Fleet, .target = &Config::nodeAgentPath, .defaultValue = "",
         .description = "crosslogic-node-agent executable for the local provider (empty: next to crosslogicd, else PATH)"},
        {.name = "SKY_PATH", .section = S::Fleet, .target = &Config::skyPath, .defaultValue = "sky",
         .description = "SkyPilot CLI used for cloud launches (looked up on PATH)"},
        {.name = "NODE_LAUNCH_TIMEOUT_SECONDS", .section = S::Fleet, .target = &Config::nodeLaunchTimeoutSeconds, .defaultValue = "900",
         .min = 1, .max = 86400,
         .description = "A launched node that has not registered after this long is failed and its launch stopped (sky down)"},
        {.name = "LB_FAILURE_THRESHOLD", .section = S::Upstream, .target = &Config::lbFailureThreshold, .defaultValue = "3", .min = 1,
         .max = 1000, .description = "Consecutive failures that open a node's circuit breaker"},
        {.name = "LB_COOLDOWN_MS", .section = S::Upstream, .target = &Config::lbCooldownMs, .defaultValue = "30000", .min = 100,
         .max = 3600000, .description = "How long an open circuit breaker keeps a node out before one probe request"},
        {.name = "ALERTS_ENABLED", .section = S::Alerts, .target = &Config::alertsEnabled, .defaultValue = "true",
         .choices = "true|false", .trueWords = "true",
         .description = "Run the alert engine (docs/alerts.md); false: this replica neither evaluates nor notifies"},
        {.name = "ALERT_EVAL_INTERVAL_MS", .section = S::Alerts, .target = &Config::alertEvalIntervalMs, .defaultValue = "5000",
         .min = 200, .max = 600000,
         .description = "How often the evaluating replica checks every rule, and every replica publishes its own signals"},
        {.name = "ALERT_LEASE_SECONDS", .section = S::Alerts, .target = &Config::alertLeaseSeconds, .defaultValue = "15",
         .min = 2, .max = 3600,
         .description = "Evaluation lease: another replica takes over this long after the evaluating one stops renewing it",
         .notes = "Also the lease of each singleton job (node reconciliation, Stripe export, webhook retries, spend "
                  "reconciliation), which a job holds for at least three of its own intervals; GET /admin/replicas lists the holders."},
        {.name = "REPLICA_ID", .section = S::Alerts, .target = &Config::replicaId, .defaultValue = "",
         .description = "This replica's name in alerts and GET /admin/replicas (empty: host name and port)"},
    };
    return vars;
}

int Config::ioThreadCount() const
{
    if (gatewayIoThreads > 0)
        return gatewayIoThreads;
    // Past 16 the shared pieces (the accepting thread, PostgreSQL, one Redis server) limit before cores do.
    return std::clamp(QThread::idealThreadCount(), 1, 16);
}

} // namespace crosslogic
