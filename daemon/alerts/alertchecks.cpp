// See alertchecks.h. Each check turns rows into findings: the objects (ids and names), a value compared with the
// rule's threshold, a one-line summary and the operations API calls that apply. SQL reads with the hysteresis
// bound (threshold × kHysteresis), so an alert already firing is still seen while it is between the two.
#include "alerts/alertchecks.h"
#include "alerts/checkhelpers.h"

#include "store/sqljson.h"

#include <QSqlError>

namespace crosslogic {

using namespace alertcheck;

namespace {

void checkRejectedKeys(QSqlDatabase &db, const CheckInput &in, CheckOutput *out)
{
    Json rows;
    if (!query(db, out, {"rejected_key_in_use"}, QStringLiteral(
            "SELECT coalesce(json_agg(x), '[]') FROM ("
            " SELECT coalesce(l.api_key_id::text, 'prefix:' || l.key_prefix) AS key, count(*) AS value,"
            "  max(l.reason) AS reason, l.api_key_id AS key_id, max(coalesce(k.key_prefix, l.key_prefix)) AS key_prefix,"
            "  max(k.name) AS key_name, max(t.id::text) AS tenant_id, max(t.name) AS tenant_name"
            " FROM request_logs l LEFT JOIN api_keys k ON k.id = l.api_key_id"
            "  LEFT JOIN tenants t ON t.id = coalesce(l.tenant_id, k.tenant_id)"
            " WHERE l.created_at > now() - make_interval(secs => ?::float8) AND l.status_code = 401"
            "  AND l.reason IN ('api_key_revoked', 'api_key_expired', 'invalid_api_key')"
            "  AND (l.api_key_id IS NOT NULL OR coalesce(l.key_prefix, '') <> '')"
            // A key reactivated (or given a new expiry) since is no longer a rejected key in use.
            "  AND (l.api_key_id IS NULL OR k.status = 'revoked' OR k.expires_at <= now())"
            " GROUP BY 1, 4 HAVING count(*) >= ?::float8 ORDER BY 2 DESC LIMIT 50) x"),
            {param(in, "rejected_key_in_use", "window_seconds"), lowBound(in, "rejected_key_in_use")}, &rows))
        return;
    const double window = param(in, "rejected_key_in_use", "window_seconds");
    for (const Json &r : rows) {
        const QString keyId = str(r, "key_id"), prefix = str(r, "key_prefix"), reason = str(r, "reason");
        const QString why = reason == QLatin1String("api_key_revoked") ? QStringLiteral("revoked")
                            : reason == QLatin1String("api_key_expired") ? QStringLiteral("expired")
                                                                          : QStringLiteral("unknown");
        const QString keyName = str(r, "key_name").isEmpty() ? prefix + QStringLiteral("…")
                                                             : QStringLiteral("%1 (%2…)").arg(str(r, "key_name"), prefix);
        Finding f = finding("rejected_key_in_use", str(r, "key"), num(r, "value"),
                            QStringLiteral("%1 API key %2%3 was used %4 times in %5")
                                .arg(why, keyName,
                                     str(r, "tenant_name").isEmpty() ? QString()
                                                                     : QStringLiteral(" of tenant %1").arg(str(r, "tenant_name")))
                                .arg(num(r, "value"))
                                .arg(seconds(window)));
        f.objects.push_back(object("key", keyId.isEmpty() ? prefix : keyId, keyName));
        if (!str(r, "tenant_id").isEmpty())
            f.objects.push_back(object("tenant", str(r, "tenant_id"), str(r, "tenant_name")));
        if (why == QLatin1String("revoked"))
            f.remediations.push_back(remedy(QStringLiteral("Reactivate the key (if it was revoked by mistake)"), "POST",
                                            QStringLiteral("/admin/api-keys/%1/activate").arg(keyId), Json::object(),
                                            "api_key.activate", keyId));
        if (why == QLatin1String("expired"))
            f.remediations.push_back(remedy(QStringLiteral("Lift the key's expiry"), "PATCH",
                                            QStringLiteral("/admin/api-keys/%1").arg(keyId), Json{{"expires_at", nullptr}},
                                            "api_key.update", keyId));
        out->findings.push_back(std::move(f));
    }
}

void checkRefusedTenants(QSqlDatabase &db, const CheckInput &in, CheckOutput *out)
{
    Json rows;
    if (!query(db, out, {"suspended_tenant_traffic"}, QStringLiteral(
            "SELECT coalesce(json_agg(x), '[]') FROM ("
            " SELECT l.reason, CASE WHEN l.reason = 'environment_disabled' THEN l.environment_id::text ELSE '' END AS env_id,"
            "  max(e.name) AS env_name, t.id AS tenant_id, max(t.name) AS tenant_name, max(t.status_reason) AS status_reason,"
            "  count(*) AS value"
            " FROM request_logs l JOIN tenants t ON t.id = l.tenant_id LEFT JOIN environments e ON e.id = l.environment_id"
            " WHERE l.created_at > now() - make_interval(secs => ?::float8) AND l.status_code = 403"
            "  AND l.reason IN ('tenant_suspended', 'environment_disabled')"
            // Reactivated since: the traffic is served again.
            "  AND (t.status = 'suspended' OR e.status = 'disabled')"
            " GROUP BY 1, 2, t.id HAVING count(*) >= ?::float8 ORDER BY 7 DESC LIMIT 50) x"),
            {param(in, "suspended_tenant_traffic", "window_seconds"), lowBound(in, "suspended_tenant_traffic")}, &rows))
        return;
    const double window = param(in, "suspended_tenant_traffic", "window_seconds");
    for (const Json &r : rows) {
        const QString tenantId = str(r, "tenant_id"), tenant = str(r, "tenant_name"), envId = str(r, "env_id");
        Finding f;
        if (envId.isEmpty()) {
            f = finding("suspended_tenant_traffic", QStringLiteral("tenant:") + tenantId, num(r, "value"),
                        QStringLiteral("suspended tenant %1 sent %2 requests in %3 (suspended: %4)")
                            .arg(tenant)
                            .arg(num(r, "value"))
                            .arg(seconds(window), str(r, "status_reason").isEmpty() ? QStringLiteral("no reason given")
                                                                                    : str(r, "status_reason")));
            f.remediations.push_back(remedy(QStringLiteral("Reactivate the tenant"), "POST",
                                            QStringLiteral("/admin/tenants/%1/activate").arg(tenantId),
                                            Json{{"reason", "settled"}}, "tenant.activate", tenantId));
        } else {
            f = finding("suspended_tenant_traffic", QStringLiteral("environment:") + envId, num(r, "value"),
                        QStringLiteral("disabled environment %1 of tenant %2 sent %3 requests in %4")
                            .arg(str(r, "env_name"), tenant)
                            .arg(num(r, "value"))
                            .arg(seconds(window)));
            f.objects.push_back(object("environment", envId, str(r, "env_name")));
            f.remediations.push_back(remedy(QStringLiteral("Reactivate the environment"), "POST",
                                            QStringLiteral("/admin/environments/%1/activate").arg(envId),
                                            Json{{"reason", "settled"}}, "environment.activate", envId));
        }
        f.objects.push_back(object("tenant", tenantId, tenant));
        out->findings.push_back(std::move(f));
    }
}

void checkRateLimited(QSqlDatabase &db, const CheckInput &in, CheckOutput *out)
{
    Json rows;
    const QString groupSql = QStringLiteral(
        " count(*) FILTER (WHERE l.status_code = 429)::float8 / count(*) AS value, count(*) AS requests,"
        " count(*) FILTER (WHERE l.status_code = 429) AS limited");
    const QString having = QStringLiteral(
        " HAVING count(*) >= ?::float8 AND count(*) FILTER (WHERE l.status_code = 429)::float8 / count(*) >= ?::float8");
    const double window = param(in, "rate_limited_share", "window_seconds");
    const double minRequests = param(in, "rate_limited_share", "min_requests");
    const double lo = lowBound(in, "rate_limited_share");
    if (!query(db, out, {"rate_limited_share"}, QStringLiteral(
            "SELECT coalesce(json_agg(x), '[]') FROM ("
            " SELECT 'key' AS level, l.api_key_id::text AS id, max(k.name) AS name, max(k.key_prefix) AS key_prefix,"
            "  max(t.id::text) AS tenant_id, max(t.name) AS tenant_name, max(k.rate_limit_requests_per_min) AS rpm,") + groupSql +
            QStringLiteral(
            " FROM request_logs l JOIN api_keys k ON k.id = l.api_key_id JOIN tenants t ON t.id = l.tenant_id"
            " WHERE l.created_at > now() - make_interval(secs => ?::float8) GROUP BY l.api_key_id") + having +
            QStringLiteral(
            " UNION ALL"
            " SELECT 'tenant', t.id::text, max(t.name), NULL, t.id::text, max(t.name), max(t.rate_limit_requests_per_min),") + groupSql +
            QStringLiteral(
            " FROM request_logs l JOIN tenants t ON t.id = l.tenant_id"
            " WHERE l.created_at > now() - make_interval(secs => ?::float8) GROUP BY t.id") + having +
            QStringLiteral(" LIMIT 100) x"),
            {window, minRequests, lo, window, minRequests, lo}, &rows))
        return;
    for (const Json &r : rows) {
        const bool key = str(r, "level") == QLatin1String("key");
        const QString id = str(r, "id");
        const QString name = key ? QStringLiteral("%1 (%2…)").arg(str(r, "name"), str(r, "key_prefix")) : str(r, "name");
        Finding f = finding("rate_limited_share", str(r, "level") + QLatin1Char(':') + id, num(r, "value"),
                            QStringLiteral("%1 %2%3: %4 % of %5 requests answered 429 in %6")
                                .arg(key ? QStringLiteral("key") : QStringLiteral("tenant"), name,
                                     key ? QStringLiteral(" of tenant %1").arg(str(r, "tenant_name")) : QString())
                                .arg(num(r, "value") * 100, 0, 'f', 1)
                                .arg(num(r, "requests"))
                                .arg(seconds(window)));
        f.objects.push_back(object(key ? "key" : "tenant", id, name));
        if (key)
            f.objects.push_back(object("tenant", str(r, "tenant_id"), str(r, "tenant_name")));
        const double rpm = num(r, "rpm");
        const QString path = key ? QStringLiteral("/admin/api-keys/%1").arg(id) : QStringLiteral("/admin/tenants/%1").arg(id);
        if (rpm > 0)
            f.remediations.push_back(remedy(QStringLiteral("Double the requests-per-minute limit (%1 → %2)").arg(rpm).arg(rpm * 2),
                                            "PATCH", path, Json{{"rate_limit_requests_per_min", qint64(rpm * 2)}},
                                            key ? "api_key.update" : "tenant.update", id));
        f.remediations.push_back(remedy(QStringLiteral("Clear the %1's rate-limit counters").arg(key ? QStringLiteral("key") : QStringLiteral("tenant")),
                                        "DELETE", QStringLiteral("/admin/ratelimits/%1/%2").arg(key ? QStringLiteral("key") : QStringLiteral("tenant"), id),
                                        Json::object(), "ratelimit.clear", (key ? QStringLiteral("key:") : QStringLiteral("tenant:")) + id));
        out->findings.push_back(std::move(f));
    }
}

void checkFleet(QSqlDatabase &db, const CheckInput &in, CheckOutput *out, QHash<QString, QString> *nodeNames)
{
    Json data;
    const double trafficWindow = param(in, "model_without_node", "window_seconds");
    if (!query(db, out, {"model_without_node", "node_heartbeat_late", "stale_node_not_replaced", "model_redundancy_lost",
                         "node_health_low"}, QStringLiteral(
            "SELECT json_build_object("
            " 'nodes', (SELECT coalesce(json_agg(json_build_object('id', id, 'name', cluster_name, 'model', model_name,"
            "   'status', status, 'status_message', status_message, 'health', health_score,"
            "   'age', extract(epoch FROM now() - coalesce(last_heartbeat_at, created_at)),"
            "   'since_update', extract(epoch FROM now() - updated_at), 'created_age', extract(epoch FROM now() - created_at))"
            "   ORDER BY cluster_name), '[]') FROM nodes WHERE status NOT IN ('terminated', 'failed')),"
            " 'traffic', (SELECT coalesce(json_agg(json_build_object('model', model_name, 'served', served, 'refused', refused)), '[]')"
            "   FROM (SELECT model_name, count(*) FILTER (WHERE coalesce(reason, '') NOT IN ('model_not_found', 'invalid_request')) AS served,"
            "   count(*) FILTER (WHERE reason = 'no_healthy_node') AS refused FROM request_logs"
            "   WHERE created_at > now() - make_interval(secs => ?::float8) AND coalesce(model_name, '') <> '' GROUP BY 1) m))"),
            {trafficWindow}, &data))
        return;
    const double lateSeconds = param(in, "node_heartbeat_late", "late_after_intervals") * in.heartbeatIntervalSeconds;
    QHash<QString, int> routable, present;
    QHash<QString, qint64> refused;
    QSet<QString> models;
    for (const Json &n : data["nodes"]) {
        const QString model = str(n, "model"), status = str(n, "status");
        nodeNames->insert(str(n, "id"), str(n, "name"));
        if (model.isEmpty())
            continue;
        models.insert(model);
        if (status != QLatin1String("initializing"))
            ++present[model];
        if (status == QLatin1String("active") && num(n, "age") <= lateSeconds)
            ++routable[model];
    }
    for (const Json &t : data["traffic"]) {
        if (num(t, "served") > 0)
            models.insert(str(t, "model"));
        refused[str(t, "model")] = qint64(num(t, "refused"));
    }
    for (const Json &n : data["nodes"]) {
        const QString id = str(n, "id"), name = str(n, "name"), model = str(n, "model"), status = str(n, "status");
        const bool staleDrained = status == QLatin1String("draining") && str(n, "status_message") == QLatin1String("stale_heartbeat");
        const Json nodeObject = object("node", id, name), modelObject = object("model", model, model);
        if ((status == QLatin1String("active") || staleDrained) && num(n, "age") > lateSeconds) {
            Finding f = finding("node_heartbeat_late", id, num(n, "age"),
                                QStringLiteral("node %1 (%2) sent no heartbeat for %3%4")
                                    .arg(name, model, seconds(num(n, "age")),
                                         routable.value(model) == 0 ? QStringLiteral("; it was the model's last routable node")
                                                                    : QString()));
            f.objects = Json::array({nodeObject, modelObject});
            if (!staleDrained)
                f.remediations.push_back(remedy(QStringLiteral("Drain the node"), "POST", QStringLiteral("/admin/nodes/%1/drain").arg(id),
                                                Json{{"reason", "heartbeat late"}}, "node.drain", id));
            f.remediations.push_back(remedy(QStringLiteral("Terminate the node"), "POST", QStringLiteral("/admin/nodes/%1/terminate").arg(id),
                                            Json{{"reason", "heartbeat late"}}, "node.terminate", id));
            f.remediations.push_back(remedy(QStringLiteral("Launch a node for %1").arg(model), "POST", QStringLiteral("/admin/nodes/launch"),
                                            Json{{"model_name", model.toStdString()}}, "node.launch", {},
                                            Json{{"model_name", model.toStdString()}}));
            out->findings.push_back(std::move(f));
        }
        if (staleDrained && num(n, "since_update") >= param(in, "stale_node_not_replaced", "after_seconds")) {
            bool replaced = false;
            for (const Json &m : data["nodes"])
                if (str(m, "model") == model && str(m, "id") != id && num(m, "created_age") < num(n, "since_update")
                    && (str(m, "status") == QLatin1String("active") || str(m, "status") == QLatin1String("initializing")))
                    replaced = true;
            if (!replaced) {
                Finding f = finding("stale_node_not_replaced", id, num(n, "since_update"),
                                    QStringLiteral("node %1 (%2) was drained for a stale heartbeat %3 ago and nothing replaced it")
                                        .arg(name, model, seconds(num(n, "since_update"))));
                f.objects = Json::array({nodeObject, modelObject});
                f.remediations.push_back(remedy(QStringLiteral("Launch a node for %1").arg(model), "POST", QStringLiteral("/admin/nodes/launch"),
                                                Json{{"model_name", model.toStdString()}}, "node.launch", {},
                                                Json{{"model_name", model.toStdString()}}));
                f.remediations.push_back(remedy(QStringLiteral("Terminate the dead node"), "POST",
                                                QStringLiteral("/admin/nodes/%1/terminate").arg(id), Json{{"reason", "stale, replaced"}},
                                                "node.terminate", id));
                out->findings.push_back(std::move(f));
            }
        }
        if (status == QLatin1String("active") && num(n, "age") <= lateSeconds
            && num(n, "health") < param(in, "node_health_low", "threshold") / kHysteresis) {
            Finding f = finding("node_health_low", id, num(n, "health"),
                                QStringLiteral("node %1 (%2) has health score %3").arg(name, model).arg(num(n, "health"), 0, 'f', 0));
            f.objects = Json::array({nodeObject, modelObject});
            f.remediations.push_back(remedy(QStringLiteral("Drain the node"), "POST", QStringLiteral("/admin/nodes/%1/drain").arg(id),
                                            Json{{"reason", "low health score"}}, "node.drain", id));
            out->findings.push_back(std::move(f));
        }
    }
    for (const QString &model : std::as_const(models)) {
        const Json modelObject = object("model", model, model);
        const Json launch = remedy(QStringLiteral("Launch a node for %1").arg(model), "POST", QStringLiteral("/admin/nodes/launch"),
                                   Json{{"model_name", model.toStdString()}}, "node.launch", {}, Json{{"model_name", model.toStdString()}});
        if (routable.value(model) == 0) {
            Finding f = finding("model_without_node", model, 1,
                                QStringLiteral("model %1 has no routable node (%2 node(s) not terminated; %3 request(s) refused with 503 in %4)")
                                    .arg(model)
                                    .arg(present.value(model))
                                    .arg(refused.value(model))
                                    .arg(seconds(trafficWindow)));
            f.objects = Json::array({modelObject});
            f.remediations.push_back(launch);
            f.remediations.push_back(remedy(QStringLiteral("Drain nodes with stale heartbeats"), "POST",
                                            QStringLiteral("/admin/nodes/drain-stale"), Json::object(), "node.drain_stale"));
            out->findings.push_back(std::move(f));
        } else if (routable.value(model) == 1 && present.value(model) >= 2) {
            Finding f = finding("model_redundancy_lost", model, 1,
                                QStringLiteral("model %1 is down to one routable node of %2").arg(model).arg(present.value(model)));
            f.objects = Json::array({modelObject});
            f.remediations.push_back(launch);
            out->findings.push_back(std::move(f));
        }
    }
}

void checkLatency(QSqlDatabase &db, const CheckInput &in, CheckOutput *out, const char *rule, const char *column)
{
    Json rows;
    const double window = param(in, rule, "window_seconds");
    if (!query(db, out, {rule}, QStringLiteral(
            "SELECT coalesce(json_agg(x), '[]') FROM ("
            " SELECT model_name AS model, count(%1) AS requests, percentile_cont(0.99) WITHIN GROUP (ORDER BY %1) AS p99"
            " FROM request_logs WHERE created_at > now() - make_interval(secs => ?::float8) AND status = 'completed'"
            "  AND coalesce(model_name, '') <> '' AND %1 IS NOT NULL GROUP BY model_name HAVING count(%1) >= ?::float8) x")
            .arg(QLatin1String(column)), {window, param(in, rule, "min_requests")}, &rows))
        return;
    const Json p = in.params.value(QString::fromLatin1(rule));
    const Json objectives = p.is_object() && p.contains("objectives") ? p["objectives"] : Json::object();
    const bool ttft = QByteArrayView(column) == "ttft_ms";
    for (const Json &r : rows) {
        const QString model = str(r, "model");
        Finding f = finding(rule, model, num(r, "p99"), {});
        f.threshold = objectives.contains(model.toStdString()) ? num(objectives, model.toStdString().c_str())
                                                               : param(in, rule, "threshold");
        f.summary = QStringLiteral("model %1: p99 %2 %3 ms over %4 (objective %5 ms, %6 requests)")
                        .arg(model, ttft ? QStringLiteral("time to first token") : QStringLiteral("latency"))
                        .arg(num(r, "p99"), 0, 'f', 0)
                        .arg(seconds(window))
                        .arg(f.threshold)
                        .arg(num(r, "requests"));
        f.objects = Json::array({object("model", model, model)});
        f.remediations.push_back(remedy(QStringLiteral("Launch a node for %1").arg(model), "POST", QStringLiteral("/admin/nodes/launch"),
                                        Json{{"model_name", model.toStdString()}}, "node.launch", {},
                                        Json{{"model_name", model.toStdString()}}));
        f.remediations.push_back(remedy(QStringLiteral("Route %1 by least latency").arg(model), "PUT", QStringLiteral("/admin/routing"),
                                        Json{{"model_name", model.toStdString()}, {"strategy", "least_latency"}}, "routing.update"));
        out->findings.push_back(std::move(f));
    }
}

void checkDatabase(QSqlDatabase &db, const CheckInput &in, CheckOutput *out, Json *blockers)
{
    Json data;
    if (!query(db, out, {"db_connections_exhausted", "db_long_running_queries"}, QStringLiteral(
            "SELECT json_build_object("
            " 'connections', (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),"
            " 'max', current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int,"
            " 'idle', (SELECT coalesce(json_agg(x), '[]') FROM (SELECT pid, usename AS user, application_name AS app,"
            "   extract(epoch FROM now() - state_change) AS idle_s FROM pg_stat_activity"
            "   WHERE backend_type = 'client backend' AND state = 'idle' AND pid <> pg_backend_pid()"
            "   AND application_name NOT LIKE 'crosslogic%' ORDER BY state_change LIMIT 5) x),"
            " 'long', (SELECT coalesce(json_agg(x), '[]') FROM (SELECT pid, usename AS user, application_name AS app,"
            "   left(query, 200) AS query, extract(epoch FROM now() - query_start) AS seconds FROM pg_stat_activity"
            "   WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            "   AND query_start < now() - make_interval(secs => ?::float8) ORDER BY query_start LIMIT 10) x),"
            // Sessions holding locks others wait for (an idle transaction holding a table lock fills every pool).
            " 'blockers', (SELECT coalesce(json_agg(x), '[]') FROM (SELECT b.pid, b.usename AS user, b.application_name AS app,"
            "   b.state, extract(epoch FROM now() - b.xact_start) AS xact_s,"
            "   (SELECT count(*) FROM pg_stat_activity w WHERE b.pid = ANY (pg_blocking_pids(w.pid))) AS blocking"
            "   FROM pg_stat_activity b WHERE b.pid IN (SELECT unnest(pg_blocking_pids(pid)) FROM pg_stat_activity"
            "   WHERE wait_event_type = 'Lock') ORDER BY b.xact_start LIMIT 5) x))"),
            {lowBound(in, "db_long_running_queries")}, &data))
        return;
    *blockers = data.value("blockers", Json::array());
    const double used = num(data, "connections"), max = std::max(1.0, num(data, "max"));
    if (used / max >= lowBound(in, "db_connections_exhausted")) {
        Finding f = finding("db_connections_exhausted", {}, used / max,
                            QStringLiteral("PostgreSQL has %1 of %2 connections in use (%3 %)").arg(used).arg(max).arg(used / max * 100, 0, 'f', 0));
        f.objects.push_back(object("database", QStringLiteral("postgresql"), QStringLiteral("PostgreSQL")));
        for (const Json &c : data["idle"]) {
            const QString pid = str(c, "pid");
            f.remediations.push_back(remedy(QStringLiteral("Terminate idle connection %1 (%2, %3, idle %4)")
                                                .arg(pid, str(c, "user"), str(c, "app").isEmpty() ? QStringLiteral("no application") : str(c, "app"),
                                                     seconds(num(c, "idle_s"))),
                                            "POST", QStringLiteral("/admin/db/terminate/%1").arg(pid), Json::object(), "db.terminate", pid));
        }
        out->findings.push_back(std::move(f));
    }
    for (const Json &q : data["long"]) {
        const QString pid = str(q, "pid");
        Finding f = finding("db_long_running_queries", pid, num(q, "seconds"),
                            QStringLiteral("query of backend %1 (%2) running for %3: %4")
                                .arg(pid, str(q, "user"), seconds(num(q, "seconds")), str(q, "query").simplified().left(120)));
        f.objects.push_back(object("db_backend", pid, QStringLiteral("backend %1 (%2)").arg(pid, str(q, "app"))));
        f.remediations.push_back(remedy(QStringLiteral("Cancel the query"), "POST", QStringLiteral("/admin/db/cancel/%1").arg(pid),
                                        Json::object(), "db.cancel", pid));
        f.remediations.push_back(remedy(QStringLiteral("Terminate the connection"), "POST",
                                        QStringLiteral("/admin/db/terminate/%1").arg(pid), Json::object(), "db.terminate", pid));
        out->findings.push_back(std::move(f));
    }
}

void checkBilling(QSqlDatabase &db, const CheckInput &in, CheckOutput *out)
{
    Json data;
    if (!query(db, out, {"billing_events_failed", "stripe_export_failing"}, QStringLiteral(
            "SELECT json_build_object("
            " 'failed', (SELECT count(*) FROM billing_events WHERE NOT processed AND error IS NOT NULL),"
            " 'events', (SELECT coalesce(json_agg(x), '[]') FROM (SELECT e.event_id, e.event_type, left(e.error, 200) AS error,"
            "   e.tenant_id, t.name AS tenant_name FROM billing_events e LEFT JOIN tenants t ON t.id = e.tenant_id"
            "   WHERE NOT e.processed AND e.error IS NOT NULL ORDER BY e.created_at LIMIT 5) x),"
            " 'exports', (SELECT count(*) FROM billing_exports WHERE created_at > now() - interval '24 hours'"
            "   AND (status = 'failed' OR (status = 'pending' AND attempts >= 3))),"
            " 'export_error', (SELECT left(last_error, 200) FROM billing_exports WHERE created_at > now() - interval '24 hours'"
            "   AND (status = 'failed' OR (status = 'pending' AND attempts >= 3)) ORDER BY created_at DESC LIMIT 1),"
            " 'export_tenants', (SELECT coalesce(json_agg(DISTINCT jsonb_build_object('id', t.id, 'name', t.name)), '[]')"
            "   FROM billing_exports x JOIN tenants t ON t.id = x.tenant_id WHERE x.created_at > now() - interval '24 hours'"
            "   AND (x.status = 'failed' OR (x.status = 'pending' AND x.attempts >= 3))))"),
            {}, &data))
        return;
    const double failed = num(data, "failed");
    if (failed >= lowBound(in, "billing_events_failed") && failed > 0) {
        const Json first = data["events"].empty() ? Json::object() : data["events"][0];
        Finding f = finding("billing_events_failed", {}, failed,
                            QStringLiteral("%1 Stripe event(s) failed; first: %2 %3: %4")
                                .arg(failed)
                                .arg(str(first, "event_type"), str(first, "event_id"), str(first, "error")));
        for (const Json &e : data["events"]) {
            f.objects.push_back(object("billing_event", str(e, "event_id"), str(e, "event_type")));
            if (!str(e, "tenant_id").isEmpty())
                f.objects.push_back(object("tenant", str(e, "tenant_id"), str(e, "tenant_name")));
        }
        f.remediations.push_back(remedy(QStringLiteral("Re-process failed billing events"), "POST",
                                        QStringLiteral("/admin/billing/events/retry"), Json::object(), "billing.events.retry"));
        out->findings.push_back(std::move(f));
    }
    const double exports = num(data, "exports");
    if (exports >= lowBound(in, "stripe_export_failing") && exports > 0) {
        Finding f = finding("stripe_export_failing", {}, exports,
                            QStringLiteral("%1 usage export(s) to Stripe failing in the last 24 h: %2").arg(exports).arg(str(data, "export_error")));
        for (const Json &t : data["export_tenants"])
            f.objects.push_back(object("tenant", str(t, "id"), str(t, "name")));
        out->findings.push_back(std::move(f));
    }
}

// Answers billed from the gateway's count because their node's usage report could not be true, per node.
void checkEngineUsage(QSqlDatabase &db, const CheckInput &in, CheckOutput *out)
{
    Json rows;
    if (!query(db, out, {"engine_usage_implausible"}, QStringLiteral(
            "SELECT coalesce(json_agg(x ORDER BY x.flagged DESC), '[]') FROM ("
            " SELECT u.node_id, n.cluster_name, count(*) AS flagged FROM usage_records u"
            " LEFT JOIN nodes n ON n.id = u.node_id"
            " WHERE u.usage_flag IS NOT NULL AND u.timestamp > now() - interval '15 minutes'"
            " GROUP BY u.node_id, n.cluster_name HAVING count(*) >= ?::float8) x"),
            {lowBound(in, "engine_usage_implausible")}, &rows))
        return;
    for (const Json &r : rows) {
        const QString id = str(r, "node_id"), name = str(r, "cluster_name").isEmpty() ? id : str(r, "cluster_name");
        Finding f = finding("engine_usage_implausible", id, num(r, "flagged"),
                            QStringLiteral("node %1 reported impossible usage on %2 answer(s) in 15 min; billed from the gateway's count")
                                .arg(name).arg(num(r, "flagged")));
        f.objects = Json::array({object("node", id, name)});
        if (!id.isEmpty())
            f.remediations.push_back(remedy(QStringLiteral("Drain the node"), "POST", QStringLiteral("/admin/nodes/%1/drain").arg(id),
                                            Json{{"reason", "implausible usage reports"}}, "node.drain", id));
        out->findings.push_back(std::move(f));
    }
}

} // namespace

CheckOutput runAlertChecks(QSqlDatabase &db, const CheckInput &in)
{
    CheckOutput out;
    QHash<QString, QString> nodeNames;
    checkRejectedKeys(db, in, &out);
    checkRefusedTenants(db, in, &out);
    checkRateLimited(db, in, &out);
    checkFleet(db, in, &out, &nodeNames);
    checkLatency(db, in, &out, "model_latency_slo", "latency_ms");
    checkLatency(db, in, &out, "model_ttft_slo", "ttft_ms");
    Json blockers = Json::array();
    checkDatabase(db, in, &out, &blockers);
    checkBilling(db, in, &out);
    checkEngineUsage(db, in, &out);
    checkBudgetThresholds(db, in, &out);
    checkReplicaSignals(in, &out);
    // A saturated pool is most often waiting on a lock: the sessions holding it are the fix.
    for (Finding &f : out.findings) {
        if (f.rule != QLatin1String("db_pool_saturated"))
            continue;
        for (const Json &b : blockers) {
            const QString pid = str(b, "pid");
            f.remediations.push_back(remedy(QStringLiteral("Terminate backend %1 (%2, %3, %4 for %5), which blocks %6 session(s)")
                                                .arg(pid, str(b, "user"), str(b, "app").isEmpty() ? QStringLiteral("no application") : str(b, "app"),
                                                     str(b, "state"), seconds(num(b, "xact_s")))
                                                .arg(num(b, "blocking")),
                                            "POST", QStringLiteral("/admin/db/terminate/%1").arg(pid), Json::object(), "db.terminate", pid));
        }
        if (!blockers.empty())
            f.summary += QStringLiteral("; %1 session(s) hold locks others wait for").arg(blockers.size());
    }
    // Node names for the breakers the replicas reported by id.
    for (Finding &f : out.findings)
        if (f.rule == QLatin1String("circuit_breaker_open") && nodeNames.contains(f.key)) {
            f.objects[0]["name"] = nodeNames.value(f.key).toStdString();
            f.summary.replace(f.key, QStringLiteral("%1 (%2)").arg(nodeNames.value(f.key), f.key.left(8)));
        }
    return out;
}

} // namespace crosslogic
