// The daemon's configuration: every variable, its default, validation and masked display.
#include "config/config.h"

#include <QThread>
#include <algorithm>
#include <QUrl>
#include <QUrlQuery>

namespace crosslogic {

const QList<ConfigVariable> &Config::variables()
{
    static const QList<ConfigVariable> vars = {
        {"DATABASE_URL", nullptr, "PostgreSQL URL: postgres://user:password@host:port/crosslogic", true},
        {"REDIS_URL", nullptr, "Redis URL: redis://[:password@]host:port[/db]", true},
        {"ADMIN_API_TOKEN", nullptr, "Bootstrap superuser token for X-Admin-Token (at least 16 characters)", true},
        {"NODE_REGISTRATION_TOKEN", "", "Token node agents use to register and heartbeat (empty: node registration disabled)", true},
        {"SERVER_HOST", "0.0.0.0", "Address the HTTP server listens on", false},
        {"SERVER_PORT", "8080", "Port the HTTP server listens on", false},
        {"TLS_CERT_PATH", "", "PEM certificate (chain) to serve HTTPS with; set together with TLS_KEY_PATH (empty: plain HTTP)", false},
        {"TLS_KEY_PATH", "", "PEM private key of TLS_CERT_PATH (readable only by the daemon's user)", false},
        {"GATEWAY_IO_THREADS", "0", "Threads serving client connections, each with its own event loop, Redis connection and upstream client (0: one per CPU core, at most 16)", false},
        {"DB_MAX_CONNECTIONS", "10", "Size of the PostgreSQL connection pool (one worker thread each)", false},
        {"LOG_LEVEL", "info", "trace, debug, info, warn, error or off", false},
        {"LOG_FORMAT", "text", "text or json (one JSON object per line)", false},
        {"STRIPE_SECRET_KEY", "", "Stripe API secret key (empty: billing export disabled)", true},
        {"STRIPE_WEBHOOK_SECRET", "", "Stripe webhook signing secret (whsec_...)", true},
        {"STRIPE_API_BASE", "https://api.stripe.com", "Stripe API base URL (tests point it at a local fake)", false},
        {"STRIPE_METER_EVENT_NAME", "crosslogic_tokens", "event_name of the Stripe Billing Meter that usage is reported to", false},
        {"BILLING_MAX_RETRIES", "5", "Attempts at processing a Stripe webhook event before it is left failed (runbook 6.2 re-queues)", false},
        {"BILLING_RETRY_BASE_MS", "2000", "First retry delay for webhook processing and meter exports; doubles per attempt", false},
        {"BILLING_EXPORT_INTERVAL_MS", "60000", "How often usage is aggregated and sent to Stripe", false},
        {"BILLING_EXPORT_PERIOD_SECONDS", "3600", "Length of one billed aggregate (meter event) per tenant", false},
        {"USAGE_SPOOL_DIR", "/var/lib/crosslogic/spool", "Local directory of the durable usage spool (one per replica, on a persistent disk)", false},
        {"USAGE_SPOOL_FLUSH_MS", "50", "Group-commit interval of the usage spool: at most this much usage is lost on kill -9", false},
        {"USAGE_SPOOL_MAX_BYTES", "1073741824", "Spool size at which new inference requests are refused with 503 until PostgreSQL catches up", false},
        {"MAX_BODY_BYTES", "8388608", "Largest accepted request body in bytes (413 above it)", false},
        {"HTTP_IDLE_TIMEOUT_MS", "60000", "Keep-alive connections idle longer than this are closed", false},
        {"HTTP_WRITE_TIMEOUT_MS", "60000", "A client that reads nothing of a pending response for this long is disconnected", false},
        {"HTTP_MAX_PENDING_STREAM_BYTES", "1048576", "A stream whose unread output exceeds this is closed (a client that stopped reading)", false},
        {"HTTP_HEADER_TIMEOUT_MS", "10000", "A request whose headers take longer than this is closed (slow clients)", false},
        {"SHUTDOWN_GRACE_SECONDS", "30", "How long SIGTERM waits for in-flight requests and streams", false},
        {"MIGRATE_ON_START", "false", "Apply pending schema migrations when `serve` starts", false},
        {"RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN", "600", "Requests per minute for a key whose row sets none (0: unlimited)", false},
        {"RATE_LIMIT_DEFAULT_TOKENS_PER_MIN", "1000000", "Tokens per minute for a key whose row sets none (0: unlimited)", false},
        {"RATE_LIMIT_DEFAULT_CONCURRENCY", "64", "In-flight requests for a key whose row sets none (0: unlimited)", false},
        {"RATE_LIMIT_REDIS_FAILURE", "open", "When Redis is down: open (limit per replica in process) or closed (503)", false},
        {"UPSTREAM_CONNECT_TIMEOUT_MS", "2000", "Connecting to an engine node; a failure retries once on another node", false},
        {"UPSTREAM_FIRST_BYTE_TIMEOUT_MS", "120000", "From sending a request to the engine's first byte (504 after it)", false},
        {"UPSTREAM_IDLE_TIMEOUT_MS", "120000", "Longest silence inside a streaming response before it is ended", false},
        {"NODE_STALE_SECONDS", "120", "A node whose last heartbeat is older than this is drained (status_message stale_heartbeat)", false},
        {"NODE_HEARTBEAT_INTERVAL_SECONDS", "10", "Heartbeat interval the control plane tells node agents to use", false},
        {"NODE_RECONCILE_INTERVAL_MS", "5000", "How often one replica checks heartbeats for stale or resumed nodes", false},
        {"NODE_DEFAULT_PROVIDER", "local", "Provider of POST /admin/nodes/launch when the body names none (local, aws, gcp, azure, lambda, kubernetes)", false},
        {"CONTROL_PLANE_URL", "", "URL launched node agents use to reach this control plane (empty: http://127.0.0.1:SERVER_PORT)", false},
        {"NODE_AGENT_PATH", "", "crosslogic-node-agent executable for the local provider (empty: next to crosslogicd, else PATH)", false},
        {"SKY_PATH", "sky", "SkyPilot CLI used for cloud launches (looked up on PATH)", false},
        {"NODE_LAUNCH_TIMEOUT_SECONDS", "900", "A launched node that has not registered after this long is failed and its launch stopped (sky down)", false},
        {"LB_FAILURE_THRESHOLD", "3", "Consecutive failures that open a node's circuit breaker", false},
        {"LB_COOLDOWN_MS", "30000", "How long an open circuit breaker keeps a node out before one probe request", false},
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

namespace {

QString valueOf(const EnvMap &env, const char *name, const char *fallback)
{
    const QString key = QString::fromLatin1(name);
    const auto it = env.constFind(key);
    if (it != env.constEnd() && !it->trimmed().isEmpty())
        return it->trimmed();
    return fallback ? QString::fromLatin1(fallback) : QString();
}

// The default of a variable in variables() (nullptr: required). Asking for a name the table lacks is a
// programming error: every configuration test would stop here.
const char *tableDefault(const char *name)
{
    for (const ConfigVariable &v : Config::variables())
        if (qstrcmp(v.name, name) == 0)
            return v.defaultValue;
    qFatal("config: %s is not in Config::variables()", name);
}

bool parseIntInRange(const QString &text, qint64 min, qint64 max, qint64 *out)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max)
        return false;
    *out = v;
    return true;
}

} // namespace

Result<DatabaseTarget> parseDatabaseUrl(const QString &url)
{
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != QLatin1String("postgres") && u.scheme() != QLatin1String("postgresql")))
        return fail(QStringLiteral("must be postgres://user:password@host:port/database"));
    DatabaseTarget t;
    t.host = u.host();
    t.port = u.port(5432);
    t.user = u.userName();
    t.password = u.password();
    t.database = u.path().mid(1);
    const QUrlQuery query(u);
    if (query.hasQueryItem(QStringLiteral("host")))
        t.host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    QStringList opts;
    for (const auto &item : query.queryItems(QUrl::FullyDecoded)) {
        if (item.first == QLatin1String("sslmode") || item.first == QLatin1String("connect_timeout")
            || item.first == QLatin1String("application_name"))
            opts << item.first + QLatin1Char('=') + item.second;
    }
    t.options = opts.join(QLatin1Char(';'));
    if (t.host.isEmpty())
        return fail(QStringLiteral("has no host"));
    if (t.database.isEmpty() || t.database.contains(QLatin1Char('/')))
        return fail(QStringLiteral("has no database name"));
    if (t.port <= 0 || t.port > 65535)
        return fail(QStringLiteral("has an invalid port"));
    return t;
}

Result<RedisTarget> parseRedisUrl(const QString &url)
{
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || u.scheme() != QLatin1String("redis"))
        return fail(QStringLiteral("must be redis://[:password@]host:port[/db]"));
    RedisTarget t;
    t.host = u.host();
    t.port = u.port(6379);
    t.password = u.password();
    if (t.host.isEmpty())
        return fail(QStringLiteral("has no host"));
    const QString path = u.path().mid(1);
    if (!path.isEmpty()) {
        qint64 db = 0;
        if (!parseIntInRange(path, 0, 15, &db))
            return fail(QStringLiteral("has an invalid database number"));
        t.db = int(db);
    }
    return t;
}

QString maskSecret(const QString &value)
{
    if (value.isEmpty())
        return QStringLiteral("(not set)");
    return QStringLiteral("******** (%1 characters)").arg(value.size());
}

QString maskUrlPassword(const QString &url)
{
    QUrl u(url);
    if (!u.isValid())
        return QStringLiteral("(unparseable, hidden)");
    if (!u.password().isEmpty())
        u.setPassword(QStringLiteral("********"));
    return u.toString();
}

Result<Config> Config::fromEnvironment(const EnvMap &env)
{
    QStringList errors;
    Config c;
    for (const ConfigVariable &v : variables()) {
        if (!v.defaultValue && valueOf(env, v.name, nullptr).isEmpty())
            errors << QStringLiteral("%1 is missing (%2)").arg(QString::fromLatin1(v.name), QString::fromLatin1(v.description));
    }

    // Every default comes from variables(); what was read is kept for describe().
    auto text = [&](const char *name) {
        const QString value = valueOf(env, name, tableDefault(name));
        c.m_effective.insert(QString::fromLatin1(name), value);
        return value;
    };
    auto integer = [&](const char *name, qint64 min, qint64 max, auto *out) {
        const QString given = valueOf(env, name, nullptr);
        qint64 v = 0;
        if (!given.isEmpty() && !parseIntInRange(given, min, max, &v)) {
            errors << QStringLiteral("%1 must be an integer from %2 to %3, got '%4'")
                          .arg(QString::fromLatin1(name)).arg(min).arg(max).arg(given.left(40));
            return;
        }
        if (given.isEmpty() && !parseIntInRange(QString::fromLatin1(tableDefault(name)), min, max, &v))
            qFatal("config: the default of %s is not an integer from %lld to %lld", name, min, max);
        *out = decltype(+*out)(v);
        c.m_effective.insert(QString::fromLatin1(name), QString::number(v));
    };
    auto oneOf = [&](const char *name, const QStringList &allowed) {
        const QString value = text(name).toLower();
        if (!allowed.contains(value))
            errors << QStringLiteral("%1 must be one of %2, got '%3'")
                          .arg(QString::fromLatin1(name), allowed.join(QLatin1String(", ")), value.left(40));
        c.m_effective.insert(QString::fromLatin1(name), value);
        return value;
    };

    c.databaseUrl = text("DATABASE_URL");
    if (!c.databaseUrl.isEmpty()) {
        auto db = parseDatabaseUrl(c.databaseUrl);
        if (db)
            c.database = *db;
        else
            errors << QStringLiteral("DATABASE_URL %1").arg(db.error());
    }
    c.redisUrl = text("REDIS_URL");
    if (!c.redisUrl.isEmpty()) {
        auto r = parseRedisUrl(c.redisUrl);
        if (r)
            c.redis = *r;
        else
            errors << QStringLiteral("REDIS_URL %1").arg(r.error());
    }
    c.adminApiToken = text("ADMIN_API_TOKEN");
    if (!c.adminApiToken.isEmpty() && c.adminApiToken.size() < 16)
        errors << QStringLiteral("ADMIN_API_TOKEN is too short (at least 16 characters)");
    if (c.adminApiToken.contains(QLatin1Char(' ')))
        errors << QStringLiteral("ADMIN_API_TOKEN contains a space");
    c.nodeRegistrationToken = text("NODE_REGISTRATION_TOKEN");
    c.serverHost = text("SERVER_HOST");
    integer("SERVER_PORT", 0, 65535, &c.serverPort);
    c.tlsCertPath = text("TLS_CERT_PATH");
    c.tlsKeyPath = text("TLS_KEY_PATH");
    if (c.tlsCertPath.isEmpty() != c.tlsKeyPath.isEmpty())
        errors << QStringLiteral("TLS_CERT_PATH and TLS_KEY_PATH must be set together (HTTPS needs both)");
    integer("GATEWAY_IO_THREADS", 0, 64, &c.gatewayIoThreads);
    integer("DB_MAX_CONNECTIONS", 1, 500, &c.dbMaxConnections);
    c.logLevel = oneOf("LOG_LEVEL", {QStringLiteral("trace"), QStringLiteral("debug"), QStringLiteral("info"),
                                             QStringLiteral("warn"), QStringLiteral("error"), QStringLiteral("off")});
    c.logFormat = oneOf("LOG_FORMAT", {QStringLiteral("text"), QStringLiteral("json")});
    c.stripeSecretKey = text("STRIPE_SECRET_KEY");
    c.stripeWebhookSecret = text("STRIPE_WEBHOOK_SECRET");
    c.stripeApiBase = text("STRIPE_API_BASE");
    {
        const QUrl base(c.stripeApiBase, QUrl::StrictMode);
        if (!base.isValid() || (base.scheme() != QLatin1String("https") && base.scheme() != QLatin1String("http"))
            || base.host().isEmpty())
            errors << QStringLiteral("STRIPE_API_BASE must be an http(s) URL, got '%1'").arg(c.stripeApiBase.left(60));
        while (c.stripeApiBase.endsWith(QLatin1Char('/')))
            c.stripeApiBase.chop(1);
    }
    c.stripeMeterEventName = text("STRIPE_METER_EVENT_NAME");
    integer("BILLING_MAX_RETRIES", 1, 1000, &c.billingMaxRetries);
    integer("BILLING_RETRY_BASE_MS", 10, 3600000, &c.billingRetryBaseMs);
    integer("BILLING_EXPORT_INTERVAL_MS", 100, 86400000, &c.billingExportIntervalMs);
    integer("BILLING_EXPORT_PERIOD_SECONDS", 1, 86400, &c.billingExportPeriodSeconds);
    c.usageSpoolDir = text("USAGE_SPOOL_DIR");
    if (!c.usageSpoolDir.startsWith(QLatin1Char('/')))
        errors << QStringLiteral("USAGE_SPOOL_DIR must be an absolute path, got '%1'").arg(c.usageSpoolDir.left(100));
    integer("USAGE_SPOOL_FLUSH_MS", 1, 1000, &c.usageSpoolFlushMs);
    integer("USAGE_SPOOL_MAX_BYTES", 65536, qint64(1) << 40, &c.usageSpoolMaxBytes);
    integer("MAX_BODY_BYTES", 1024, qint64(1) << 30, &c.maxBodyBytes);
    integer("HTTP_IDLE_TIMEOUT_MS", 100, 3600000, &c.httpIdleTimeoutMs);
    integer("HTTP_WRITE_TIMEOUT_MS", 100, 3600000, &c.httpWriteTimeoutMs);
    integer("HTTP_MAX_PENDING_STREAM_BYTES", 65536, 1073741824, &c.httpMaxPendingStreamBytes);
    integer("HTTP_HEADER_TIMEOUT_MS", 100, 600000, &c.httpHeaderTimeoutMs);
    integer("SHUTDOWN_GRACE_SECONDS", 0, 3600, &c.shutdownGraceSeconds);
    const QString migrate = oneOf("MIGRATE_ON_START", {QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("1"), QStringLiteral("0")});
    c.migrateOnStart = migrate == QLatin1String("true") || migrate == QLatin1String("1");
    c.m_effective.insert(QStringLiteral("MIGRATE_ON_START"), c.migrateOnStart ? QStringLiteral("true") : QStringLiteral("false"));

    integer("RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN", 0, 100000000, &c.defaultRequestsPerMin);
    integer("RATE_LIMIT_DEFAULT_TOKENS_PER_MIN", 0, 1000000000000LL, &c.defaultTokensPerMin);
    integer("RATE_LIMIT_DEFAULT_CONCURRENCY", 0, 1000000, &c.defaultConcurrency);
    c.rateLimitFailOpen = oneOf("RATE_LIMIT_REDIS_FAILURE", {QStringLiteral("open"), QStringLiteral("closed")}) == QLatin1String("open");
    integer("UPSTREAM_CONNECT_TIMEOUT_MS", 50, 600000, &c.upstreamConnectTimeoutMs);
    integer("UPSTREAM_FIRST_BYTE_TIMEOUT_MS", 50, 3600000, &c.upstreamFirstByteTimeoutMs);
    integer("UPSTREAM_IDLE_TIMEOUT_MS", 50, 3600000, &c.upstreamIdleTimeoutMs);
    integer("NODE_STALE_SECONDS", 1, 86400, &c.nodeStaleSeconds);
    integer("NODE_HEARTBEAT_INTERVAL_SECONDS", 1, 3600, &c.nodeHeartbeatIntervalSeconds);
    integer("NODE_RECONCILE_INTERVAL_MS", 100, 3600000, &c.nodeReconcileIntervalMs);
    c.nodeDefaultProvider = oneOf("NODE_DEFAULT_PROVIDER", {QStringLiteral("local"), QStringLiteral("aws"), QStringLiteral("gcp"), QStringLiteral("azure"),
                                   QStringLiteral("lambda"), QStringLiteral("kubernetes")});
    c.controlPlaneUrl = text("CONTROL_PLANE_URL");
    c.nodeAgentPath = text("NODE_AGENT_PATH");
    c.skyPath = text("SKY_PATH");
    integer("NODE_LAUNCH_TIMEOUT_SECONDS", 1, 86400, &c.nodeLaunchTimeoutSeconds);
    integer("LB_FAILURE_THRESHOLD", 1, 1000, &c.lbFailureThreshold);
    integer("LB_COOLDOWN_MS", 100, 3600000, &c.lbCooldownMs);

    if (!errors.isEmpty())
        return fail(QStringLiteral("invalid configuration:\n  - ") + errors.join(QLatin1String("\n  - ")));
    return c;
}

QStringList Config::describe() const
{
    QStringList lines;
    for (const ConfigVariable &v : variables()) {
        const QString name = QString::fromLatin1(v.name);
        QString value = m_effective.value(name);
        if (v.secret)
            value = name.endsWith(QLatin1String("_URL")) ? maskUrlPassword(value) : maskSecret(value);
        if (name == QLatin1String("GATEWAY_IO_THREADS") && gatewayIoThreads == 0)
            value += QStringLiteral(" (%1: one per core)").arg(ioThreadCount());
        lines << name + QLatin1Char('=') + value;
    }
    return lines;
}

} // namespace crosslogic
