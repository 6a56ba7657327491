// The rule table (see alertrules.h) and what is derived from it: effective parameters, their validation, the docs.
#include "alerts/alertrules.h"

#include <QHash>
#include <cmath>

namespace crosslogic {
namespace {

using D = AlertDirection;

const AlertParam kWindow{"window_seconds", 300, 30, 86400, "how far back requests are counted"};
const AlertParam kMinRequests{"min_requests", 20, 1, 1e9, "fewer requests than this in the window: not judged"};

} // namespace

const QList<AlertRule> &alertRules()
{
    static const QList<AlertRule> rules = {
        {"rejected_key_in_use", "1.1", "warning", "A revoked, expired or unknown API key is still being used",
         "≥ {threshold} requests refused with 401 for one key in {window_seconds} s",
         "Tell the tenant; reactivate the key if it was revoked by mistake (POST /admin/api-keys/{id}/activate) or "
         "lift its expiry (PATCH /admin/api-keys/{id})",
         D::Above, 0, 120, {{"threshold", 20, 1, 1e9, "refused requests per key"}, kWindow}},
        {"suspended_tenant_traffic", "1.1", "warning", "A suspended tenant or disabled environment still receives traffic",
         "≥ {threshold} requests refused with 403 for one tenant or environment in {window_seconds} s",
         "Check the suspension reason; reactivate the tenant (POST /admin/tenants/{id}/activate) or the environment "
         "(POST /admin/environments/{id}/activate) once settled",
         D::Above, 0, 120, {{"threshold", 10, 1, 1e9, "refused requests per tenant or environment"}, kWindow}},
        {"admin_token_failures", "1.2", "warning", "Admin API requests refused for a bad token",
         "≥ {threshold} admin requests refused with 401 in 5 minutes, all replicas together",
         "Check ADMIN_API_TOKEN and the admin tokens (GET /admin/tokens); revoke a leaked one (DELETE /admin/tokens/{id})",
         D::Above, 0, 120, {{"threshold", 10, 1, 1e9, "refused admin requests in 5 minutes"}}},
        {"rate_limited_share", "2.1", "warning", "A key or tenant gets many 429s",
         "≥ {threshold} of a key's or tenant's requests answered 429 in {window_seconds} s (at least {min_requests} "
         "requests)",
         "Raise the limit (PATCH /admin/api-keys/{id} or /admin/tenants/{id}) or clear stuck counters (DELETE "
         "/admin/ratelimits/key/{id})",
         D::Above, 60, 120, {{"threshold", 0.2, 0.01, 1, "share of requests answered 429"}, kMinRequests, kWindow}},
        {"ratelimit_fail_open", "2.1", "critical", "Rate limits run without Redis (fail-open)",
         "a replica admitted requests with its in-process limiter because Redis was unavailable",
         "Restore Redis (runbook 5.1); limits are per replica until then", D::Flag, 15, 30, {}},
        {"model_without_node", "3.1", "critical", "A model has no routable node",
         "a model with nodes or recent traffic has no active node whose heartbeat is on time",
         "Launch a node (POST /admin/nodes/launch) or bring the agent back; drain stale nodes (POST "
         "/admin/nodes/drain-stale)",
         D::Flag, 0, 15, {{"window_seconds", 900, 60, 86400, "traffic this recent makes a model count"}}},
        {"node_heartbeat_late", "3.1", "warning", "A node's heartbeat is late",
         "an active node sent no heartbeat for {late_after_intervals} heartbeat intervals (NODE_HEARTBEAT_INTERVAL_SECONDS)",
         "Check the node agent; drain (POST /admin/nodes/{id}/drain) or terminate the node and launch another",
         D::Flag, 0, 15, {{"late_after_intervals", 3, 1, 1000, "missed heartbeat intervals"}}},
        {"stale_node_not_replaced", "3.1", "warning", "A node drained for a stale heartbeat was not replaced",
         "a node drained for stale_heartbeat {after_seconds} s ago and no newer node serves its model",
         "Launch a replacement (POST /admin/nodes/launch) and terminate the dead node (POST /admin/nodes/{id}/terminate)",
         D::Flag, 0, 30, {{"after_seconds", 300, 0, 86400, "grace before a replacement is expected"}}},
        {"model_redundancy_lost", "3.1", "warning", "A model is down to one node",
         "a model with two or more nodes has exactly one routable node left",
         "Launch another node for the model (POST /admin/nodes/launch)", D::Flag, 60, 30, {}},
        {"circuit_breaker_open", "3.1", "warning", "A node's circuit breaker is open",
         "a replica's circuit breaker keeps a node out of routing after consecutive failures (LB_FAILURE_THRESHOLD)",
         "Check the node's engine; drain it (POST /admin/nodes/{id}/drain) if it keeps failing", D::Flag, 0, 30, {}},
        {"node_registration_failures", "3.2", "warning", "Node registrations are refused",
         "≥ {threshold} node registrations refused in 5 minutes, all replicas together",
         "Check NODE_REGISTRATION_TOKEN on the control plane and the agents, and the agents' logs",
         D::Above, 0, 120, {{"threshold", 5, 1, 1e9, "refused registrations in 5 minutes"}}},
        {"model_latency_slo", "3.3", "warning", "A model's p99 latency is above its objective",
         "p99 of request latency over {window_seconds} s above {threshold} ms (per-model objectives override it; at "
         "least {min_requests} requests)",
         "Launch more nodes (POST /admin/nodes/launch) or switch routing to least_latency (PUT /admin/routing)",
         D::Above, 120, 120, {{"threshold", 30000, 1, 3.6e6, "p99 latency objective in ms"}, kMinRequests, kWindow}},
        {"model_ttft_slo", "3.3", "warning", "A model's p99 time to first token is above its objective",
         "p99 of time to first token over {window_seconds} s above {threshold} ms (per-model objectives override it; "
         "at least {min_requests} streamed requests)",
         "Launch more nodes (POST /admin/nodes/launch) or switch routing to least_latency (PUT /admin/routing)",
         D::Above, 120, 120, {{"threshold", 5000, 1, 3.6e6, "p99 time-to-first-token objective in ms"}, kMinRequests, kWindow}},
        {"node_health_low", "3.3", "warning", "A node's health score is low",
         "an active node's health score below {threshold}",
         "Check the node (GET /admin/nodes/{id}); drain it (POST /admin/nodes/{id}/drain) if it does not recover",
         D::Below, 60, 60, {{"threshold", 50, 0, 100, "health score (0-100)"}}},
        {"db_pool_saturated", "4.1", "critical", "Database jobs wait for a pool connection",
         "a replica's jobs waited ≥ {threshold} ms for a free connection (DB_MAX_CONNECTIONS)",
         "Find long-running queries (GET /admin/db/long-queries) and cancel them (POST /admin/db/cancel/{pid}); raise "
         "DB_MAX_CONNECTIONS",
         D::Above, 30, 60, {{"threshold", 1000, 10, 3.6e6, "longest wait for a connection in ms"}}},
        {"db_connections_exhausted", "4.1", "critical", "PostgreSQL is near max_connections",
         "connections ≥ {threshold} of PostgreSQL's max_connections",
         "Terminate idle connections (POST /admin/db/terminate/{pid}); find who holds them (GET /admin/db/connections)",
         D::Above, 15, 30, {{"threshold", 0.9, 0.1, 1, "share of max_connections in use"}}},
        {"db_long_running_queries", "4.1", "warning", "A query has been running for long",
         "a query active for ≥ {threshold} s",
         "Cancel it (POST /admin/db/cancel/{pid}) or terminate its connection (POST /admin/db/terminate/{pid})",
         D::Above, 0, 15, {{"threshold", 60, 1, 86400, "seconds a query has been running"}}},
        {"db_slow_queries", "4.2", "warning", "Database jobs are slow",
         "≥ {threshold} database jobs slower than DB_SLOW_QUERY_MS in 5 minutes, all replicas together",
         "Check for missing indexes (GET /admin/db/indexes, POST /admin/db/indexes/{name}) and vacuum (POST "
         "/admin/db/vacuum/{table})",
         D::Above, 0, 300, {{"threshold", 10, 1, 1e9, "slow jobs in 5 minutes"}}},
        {"redis_unreachable", "5.1", "critical", "Redis is unreachable",
         "a replica's Redis connection is down",
         "Restart or reach Redis (runbook 5.1); rate limits fall back per RATE_LIMIT_REDIS_FAILURE", D::Flag, 10, 15, {}},
        {"redis_errors", "5.1", "warning", "Redis answers with errors",
         "≥ {threshold} Redis errors in 5 minutes, all replicas together",
         "Check Redis (GET /admin/redis/info): memory (maxmemory), persistence errors", D::Above, 0, 120,
         {{"threshold", 50, 1, 1e9, "Redis errors in 5 minutes"}}},
        {"redis_memory_high", "5.1", "warning", "Redis memory is near maxmemory",
         "Redis used_memory ≥ {threshold} of maxmemory (not judged without maxmemory)",
         "Clear rate-limit counters (POST /admin/redis/ratelimits/clear) or raise maxmemory", D::Above, 60, 60,
         {{"threshold", 0.9, 0.1, 1, "share of maxmemory used"}}},
        {"ratelimit_counters_corrupt", "5.2", "warning", "Rate-limit counters are negative or malformed",
         "a SCAN of the rate-limit counters (every minute) finds values that are negative or not numbers",
         "Clear the key's counters (DELETE /admin/ratelimits/key/{id}) or all (POST /admin/redis/ratelimits/clear)",
         D::Flag, 0, 60, {}},
        {"budget_threshold_reached", "2.1", "info", "A customer budget crossed a soft threshold",
         "a budget crossed ≥ {threshold} % of its amount in the last hour (its thresholds, default 50 / 80 / 100; the "
         "tenant's billing contact is notified by webhook once per threshold and period)",
         "Tell the customer, or raise the budget (PUT /admin/{api-keys|environments|tenants}/{id}/budget); at 100 % its "
         "requests are refused with 429 insufficient_quota",
         D::Above, 0, 60, {{"threshold", 100, 1, 100, "percent of the budget"}}},
        {"spend_reconcile_drift", "5.2", "warning", "Spend counters in Redis were below what usage_records bills",
         "a replica's last spend reconciliation (every minute, and after a Redis loss) raised the Redis spend counters "
         "by ≥ {threshold} micro-units in all (spend_reconcile_drift_micros)",
         "Nothing to undo: the counters now hold what usage_records bills. If Redis did not lose its data, find what "
         "changes spend:* keys (a budget may have admitted up to the drift too much)",
         D::Above, 0, 120, {{"threshold", 1, 1, 1e15, "micro-units of drift, all levels together"}}},
        {"usage_spool_backlog", "6.1", "critical", "Usage records are not reaching PostgreSQL",
         "a replica's oldest spooled usage record is ≥ {threshold} s old, or its spool is full",
         "Restore PostgreSQL (runbook 4.1); the spool replays by itself. Backfill gaps (POST /admin/usage/backfill)",
         D::Above, 30, 60, {{"threshold", 60, 1, 86400, "age of the oldest unwritten usage record in s"}}},
        {"usage_writer_failing", "6.1", "critical", "The usage writer fails",
         "a replica's usage writer failed its last attempt", "Check the daemon log (usage writer) and PostgreSQL",
         D::Flag, 30, 30, {}},
        {"engine_usage_implausible", "6.1", "warning", "An engine reports impossible usage",
         "≥ {threshold} answers of one node in the last 15 min reported negative or impossible usage (billed from the "
         "gateway's count instead)",
         "Drain the node and check its engine (version, tokenizer); the flagged rows are in usage_records.usage_flag",
         D::Above, 0, 60, {{"threshold", 1, 1, 1e9, "flagged answers"}}},
        {"billing_events_failed", "6.2", "warning", "Stripe webhook events failed",
         "≥ {threshold} Stripe events stored with an error and not processed",
         "Fix the cause in the error, then re-process them (POST /admin/billing/events/retry)", D::Above, 0, 30,
         {{"threshold", 1, 1, 1e9, "failed events"}}},
        {"stripe_export_failing", "6.2", "warning", "Usage export to Stripe fails",
         "≥ {threshold} usage exports to Stripe failed, or retried 3 times or more, in the last 24 hours",
         "Check STRIPE_SECRET_KEY and Stripe's status; failed exports are listed in billing_exports",
         D::Above, 0, 60, {{"threshold", 1, 1, 1e9, "failing exports"}}},
        {"replica_version_skew", "7.1", "warning", "Replicas run different versions or schema levels",
         "replicas seen in the last 30 s report different versions, or expect different schema levels",
         "Finish or roll back the deployment (runbook 8.3)", D::Flag, 60, 30, {}},
        {"tls_certificate_expiring", "7.1", "warning", "The TLS certificate expires soon",
         "a replica's certificate expires in less than {threshold} days",
         "Renew the certificate (TLS_CERT_PATH) and send SIGHUP or restart", D::Below, 0, 60,
         {{"threshold", 14, 1, 365, "days left"}}},
    };
    return rules;
}

const AlertRule *findAlertRule(const QString &id)
{
    for (const AlertRule &r : alertRules())
        if (id == QLatin1String(r.id))
            return &r;
    return nullptr;
}

QString runbookSectionTitle(const QString &section)
{
    static const QHash<QString, QString> titles = {
        {QStringLiteral("1.1"), QStringLiteral("Customer Reports \"Invalid API Key\" (401)")},
        {QStringLiteral("1.2"), QStringLiteral("Admin Token Not Working")},
        {QStringLiteral("2.1"), QStringLiteral("Customer Reports 429 Errors")},
        {QStringLiteral("3.1"), QStringLiteral("No Healthy Nodes Available (503)")},
        {QStringLiteral("3.2"), QStringLiteral("Node Registration Failing")},
        {QStringLiteral("3.3"), QStringLiteral("High Inference Latency")},
        {QStringLiteral("4.1"), QStringLiteral("Connection Pool Exhausted")},
        {QStringLiteral("4.2"), QStringLiteral("Slow Queries")},
        {QStringLiteral("5.1"), QStringLiteral("Redis Connection Failures")},
        {QStringLiteral("5.2"), QStringLiteral("Rate Limit Data Corruption")},
        {QStringLiteral("6.1"), QStringLiteral("Usage Records Not Being Created")},
        {QStringLiteral("6.2"), QStringLiteral("Stripe Integration Failures")},
        {QStringLiteral("7.1"), QStringLiteral("Control Plane Not Starting")},
    };
    return section + QLatin1Char(' ') + titles.value(section);
}

Json effectiveParams(const AlertRule &rule, const Json &overrides)
{
    Json p = {{"enabled", true}, {"for_seconds", rule.forSeconds}, {"clear_seconds", rule.clearSeconds}};
    for (const AlertParam &a : rule.params)
        p[a.name] = a.value;
    if (QByteArrayView(rule.id) == "model_latency_slo" || QByteArrayView(rule.id) == "model_ttft_slo")
        p["objectives"] = Json::object();
    if (overrides.is_object())
        for (auto it = overrides.begin(); it != overrides.end(); ++it)
            if (p.contains(it.key()))
                p[it.key()] = it.value();
    return p;
}

Result<Json> validateParams(const AlertRule &rule, const Json &current, const Json &patch)
{
    if (!patch.is_object() || patch.empty())
        return fail(400, "invalid_request", QStringLiteral("the body must be a JSON object of parameters to change"));
    Json out = current.is_object() ? current : Json::object();
    const Json defaults = effectiveParams(rule, Json::object());
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const QString name = QString::fromStdString(it.key());
        if (!defaults.contains(it.key()))
            return fail(400, "invalid_value", QStringLiteral("'%1' is not a parameter of rule %2 (it has: %3)")
                                                  .arg(name, QLatin1String(rule.id),
                                                       QString::fromStdString([&] {
                                                           std::string names;
                                                           for (auto d = defaults.begin(); d != defaults.end(); ++d)
                                                               names += (names.empty() ? "" : ", ") + d.key();
                                                           return names;
                                                       }())));
        const Json &v = it.value();
        if (it.key() == "enabled") {
            if (!v.is_boolean())
                return fail(400, "invalid_value", QStringLiteral("'enabled' must be true or false"));
        } else if (it.key() == "objectives") {
            if (!v.is_object())
                return fail(400, "invalid_value", QStringLiteral("'objectives' must map model names to milliseconds"));
            for (auto o = v.begin(); o != v.end(); ++o)
                if (!o.value().is_number() || o.value().get<double>() < 1 || o.value().get<double>() > 3.6e6
                    || o.key().empty() || o.key().size() > 200)
                    return fail(400, "invalid_value",
                                QStringLiteral("objective for '%1' must be 1..3600000 ms").arg(QString::fromStdString(o.key())));
        } else {
            double lo = 0, hi = 86400;
            for (const AlertParam &a : rule.params)
                if (it.key() == a.name) {
                    lo = a.min;
                    hi = a.max;
                }
            if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo || v.get<double>() > hi)
                return fail(400, "invalid_value", QStringLiteral("'%1' must be a number from %2 to %3").arg(name).arg(lo).arg(hi));
        }
        if (v == defaults[it.key()])
            out.erase(it.key()); // back to the default
        else
            out[it.key()] = v;
    }
    return out;
}

QByteArray alertRulesMarkdown()
{
    auto number = [](double v) { return QByteArray::number(v, 'g', 10); };
    QByteArray md = "| Rule | Runbook | Severity | Fires when | Default threshold | For / clear | Remediation |\n"
                    "|---|---|---|---|---|---|---|\n";
    for (const AlertRule &r : alertRules()) {
        QByteArray thresholds;
        for (const AlertParam &a : r.params)
            thresholds += (thresholds.isEmpty() ? "" : "<br>") + QByteArray(a.name) + " = " + number(a.value);
        md += "| `" + QByteArray(r.id) + "` | §" + r.section + " | " + r.severity + " | " + r.title + ": " + r.condition
              + " | " + (thresholds.isEmpty() ? QByteArray("—") : thresholds) + " | " + number(r.forSeconds) + " s / "
              + number(r.clearSeconds) + " s | " + r.remediation + " |\n";
    }
    return md;
}

} // namespace crosslogic
