// See alertengine.h.
#include "alerts/alertengine.h"

#include "alerts/alertchecks.h"
#include "alerts/alertnotifier.h"
#include "alerts/alertsql.h"
#include "alerts/redisprobe.h"
#include "config/configslot.h"
#include "core/log.h"
#include "metrics/servicemetrics.h"
#include "store/dbpool.h"
#include "store/sqljson.h"

#include <QDateTime>

namespace crosslogic {
namespace {

constexpr qint64 kRecentWindowMs = 5 * 60 * 1000;
constexpr qint64 kCounterScanEveryMs = 60 * 1000;

struct CycleInput
{
    AlertEngine::Identity identity;
    qint64 startedAtSeconds = 0;
    Json local;
    Json redis;
    int leaseSeconds = 15;
    int freshSeconds = 30;
    int heartbeatIntervalSeconds = 10;
    bool evaluate = true;
    bool housekeeping = false;
};

Result<Json> rollbackWith(QSqlDatabase &db, Error e)
{
    db.rollback();
    return e;
}

// The evaluating replica's part, inside one transaction that holds the lease row: checks, transitions, events,
// notifications, remediation links. Returns {"transitions": n, "errors": [...]}.
Result<Json> evaluate(QSqlDatabase &db, const CycleInput &in)
{
    auto replicas = queryJson(db, QStringLiteral(
        "SELECT coalesce(json_agg(json_build_object('id', id, 'version', version, 'schema_version', schema_version,"
        " 'signals', signals) ORDER BY id), '[]') FROM replicas WHERE last_seen_at > now() - make_interval(secs => ?::int)"),
        {in.freshSeconds});
    if (!replicas)
        return rollbackWith(db, replicas.failure());
    auto overrides = queryJson(db, QStringLiteral("SELECT coalesce(json_object_agg(rule, params), '{}') FROM alert_rule_settings"));
    if (!overrides)
        return rollbackWith(db, overrides.failure());
    CheckInput checkIn;
    for (const AlertRule &rule : alertRules())
        checkIn.params.insert(QString::fromLatin1(rule.id), effectiveParams(rule, overrides->value(rule.id, Json::object())));
    checkIn.replicas = *replicas;
    checkIn.redis = in.redis;
    checkIn.heartbeatIntervalSeconds = in.heartbeatIntervalSeconds;
    checkIn.schemaVersion = in.identity.schemaVersion;
    const CheckOutput checks = runAlertChecks(db, checkIn); // each check behind its own savepoint
    auto state = queryJson(db, QStringLiteral(
        "SELECT json_build_object('now', (extract(epoch FROM now()) * 1000)::bigint, 'open', coalesce((SELECT json_agg("
        " json_build_object('id', id, 'rule', rule, 'fingerprint', fingerprint, 'state', state,"
        " 'started', (extract(epoch FROM started_at) * 1000)::bigint, 'last_true', (extract(epoch FROM last_true_at) * 1000)::bigint))"
        " FROM alerts WHERE state <> 'resolved'), '[]'))"));
    if (!state)
        return rollbackWith(db, state.failure());
    std::vector<OpenAlert> open;
    for (const Json &a : (*state)["open"])
        open.push_back(OpenAlert{a["id"].get<qint64>(), QString::fromStdString(a["rule"].get<std::string>()),
                                 QString::fromStdString(a["fingerprint"].get<std::string>()),
                                 QString::fromStdString(a["state"].get<std::string>()), a["started"].get<qint64>(),
                                 a["last_true"].get<qint64>()});
    const auto changes = decideAlerts(open, checks.findings, checks.evaluated, checkIn.params, (*state)["now"].get<qint64>());

    int transitions = 0;
    auto event = [&](qint64 id, const char *transition) -> Result<void> {
        auto r = recordAlertEvent(db, id, QString::fromLatin1(transition));
        if (!r)
            return r.failure();
        ++transitions;
        spdlog::info("alert {} {}", id, transition);
        return {};
    };
    for (const AlertChange &c : changes) {
        const Finding &f = c.finding;
        const QString objects = QString::fromStdString(f.objects.dump()), remediations = QString::fromStdString(f.remediations.dump());
        Result<Json> r = Json();
        switch (c.kind) {
        case AlertChange::Open: {
            const AlertRule *rule = findAlertRule(f.rule);
            r = queryJson(db, QStringLiteral(
                // A silence outlives its episode: the same fingerprint coming back while an earlier one's silence
                // runs is silenced too.
                "INSERT INTO alerts (rule, fingerprint, severity, state, section, summary, objects, value, threshold,"
                " remediations, firing_at, silenced_until, silenced_by)"
                " SELECT ?, ?::text, ?, ?, ?, ?, ?::jsonb, ?::float8, ?::float8, ?::jsonb, CASE WHEN ?::boolean THEN now() END,"
                "  s.silenced_until, s.silenced_by"
                " FROM (SELECT NULL) one LEFT JOIN LATERAL (SELECT silenced_until, silenced_by FROM alerts"
                "  WHERE fingerprint = ?::text AND silenced_until > now() ORDER BY silenced_until DESC LIMIT 1) s ON true"
                " RETURNING to_json(id)"),
                {f.rule, f.fingerprint(), QString::fromLatin1(rule->severity),
                 c.firesNow ? QStringLiteral("firing") : QStringLiteral("pending"), QString::fromLatin1(rule->section),
                 f.summary.left(1000), objects, f.value, c.threshold, remediations, c.firesNow, f.fingerprint()});
            if (r && c.firesNow)
                if (auto e = event(r->get<qint64>(), "firing"); !e)
                    return rollbackWith(db, e.failure());
            break;
        }
        case AlertChange::Fire:
        case AlertChange::Refresh:
            r = queryJson(db, QStringLiteral(
                "UPDATE alerts SET state = CASE WHEN ?::boolean THEN 'firing' ELSE state END,"
                " firing_at = CASE WHEN ?::boolean THEN now() ELSE firing_at END, summary = ?, objects = ?::jsonb, value = ?::float8,"
                " threshold = ?::float8, remediations = ?::jsonb, last_true_at = now(),"
                " updated_at = CASE WHEN ?::boolean OR summary IS DISTINCT FROM ?::text THEN now() ELSE updated_at END"
                " WHERE id = ? RETURNING to_json(id)"),
                {c.kind == AlertChange::Fire, c.kind == AlertChange::Fire, f.summary.left(1000), objects, f.value, c.threshold,
                 remediations, c.kind == AlertChange::Fire, f.summary.left(1000), c.alertId});
            if (r && c.kind == AlertChange::Fire)
                if (auto e = event(c.alertId, "firing"); !e)
                    return rollbackWith(db, e.failure());
            break;
        case AlertChange::Resolve:
        case AlertChange::Drop:
            r = queryJson(db, QStringLiteral(
                "UPDATE alerts SET state = 'resolved', resolved_at = now(), updated_at = now(),"
                " remediation_outcome = CASE WHEN remediated_at IS NOT NULL AND remediation_outcome IS NULL"
                "  AND now() - remediated_at <= make_interval(secs => ?::float8) THEN 'resolved' ELSE remediation_outcome END"
                " WHERE id = ? RETURNING to_json(id)"),
                {kRemediationWindowSeconds, c.alertId});
            if (r && c.kind == AlertChange::Resolve)
                if (auto e = event(c.alertId, "resolved"); !e)
                    return rollbackWith(db, e.failure());
            break;
        }
        if (!r)
            return rollbackWith(db, r.failure());
    }

    // An operator ran one of an alert's remediations (a committed, non-dry-run audit row since it opened).
    auto remediated = queryJson(db, QStringLiteral(
        "WITH c AS (SELECT a.id AS alert_id, min(l.id) AS audit_id FROM alerts a"
        "  CROSS JOIN LATERAL jsonb_array_elements(a.remediations) r"
        "  JOIN audit_log l ON l.action = r->>'audit_action' AND (r->>'target' IS NULL OR l.target = r->>'target')"
        "   AND (r->'audit_parameters' IS NULL OR l.parameters @> (r->'audit_parameters'))"
        "   AND l.created_at >= a.started_at AND l.result = 'ok' AND NOT l.dry_run"
        "  WHERE a.state = 'firing' AND a.remediated_by_audit IS NULL GROUP BY a.id),"
        " u AS (UPDATE alerts a SET remediated_by_audit = c.audit_id,"
        "  remediated_at = (SELECT created_at FROM audit_log WHERE id = c.audit_id), updated_at = now()"
        "  FROM c WHERE a.id = c.alert_id RETURNING a.id)"
        " SELECT coalesce(json_agg(id), '[]') FROM u"));
    if (!remediated)
        return rollbackWith(db, remediated.failure());
    for (const Json &id : *remediated)
        if (auto e = event(id.get<qint64>(), "remediated"); !e)
            return rollbackWith(db, e.failure());
    auto stillFiring = queryJson(db, QStringLiteral(
        "WITH u AS (UPDATE alerts SET remediation_outcome = 'still_firing', updated_at = now()"
        " WHERE state = 'firing' AND remediated_at IS NOT NULL AND remediation_outcome IS NULL"
        " AND remediated_at < now() - make_interval(secs => ?::float8) RETURNING id)"
        " SELECT coalesce(json_agg(id), '[]') FROM u"),
        {kRemediationWindowSeconds});
    if (!stillFiring)
        return rollbackWith(db, stillFiring.failure());
    for (const Json &id : *stillFiring)
        if (auto e = event(id.get<qint64>(), "still_firing"); !e)
            return rollbackWith(db, e.failure());

    // The history operators chart: the bucket that closed 10-20 s ago (late usage rows have arrived), once.
    {
        Json pool{{"busy", 0}, {"size", 0}, {"queued", 0}, {"max_wait_ms", 0}};
        for (const Json &r : *replicas) {
            const Json d = r.value("signals", Json::object()).value("db", Json::object());
            for (const char *k : {"busy", "size", "queued"})
                pool[k] = pool[k].get<double>() + d.value(k, 0.0);
            pool["max_wait_ms"] = std::max(pool["max_wait_ms"].get<double>(), d.value("max_wait_ms", 0.0));
        }
        Json extra{{"pool", pool}, {"replicas", replicas->size()}};
        if (in.redis.is_object() && in.redis.value("ok", false))
            extra["redis"] = Json{{"used_memory", in.redis["used_memory"]}, {"maxmemory", in.redis["maxmemory"]},
                                  {"ops_per_sec", in.redis.value("ops_per_sec", 0)}, {"keys", in.redis.value("keys", 0)}};
        auto sampled = queryJson(db, QStringLiteral(
            "WITH b AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / 10) * 10 - 20) AS ts)"
            " INSERT INTO metrics_history (ts, sample) SELECT b.ts, ?::jsonb || jsonb_build_object("
            "  'requests', (SELECT jsonb_build_object('total', count(*),"
            "   '2xx', count(*) FILTER (WHERE status_code BETWEEN 200 AND 299), '401', count(*) FILTER (WHERE status_code = 401),"
            "   '403', count(*) FILTER (WHERE status_code = 403), '429', count(*) FILTER (WHERE status_code = 429),"
            "   '4xx_other', count(*) FILTER (WHERE status_code BETWEEN 400 AND 499 AND status_code NOT IN (401, 403, 429)),"
            "   '5xx', count(*) FILTER (WHERE status_code >= 500),"
            "   'p50_ms', percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'completed'),"
            "   'p99_ms', percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'completed'),"
            "   'ttft_p99_ms', percentile_cont(0.99) WITHIN GROUP (ORDER BY ttft_ms) FILTER (WHERE ttft_ms IS NOT NULL))"
            "   FROM request_logs WHERE created_at >= b.ts AND created_at < b.ts + interval '10 seconds'),"
            "  'nodes', (SELECT coalesce(jsonb_object_agg(id, jsonb_build_object('name', cluster_name, 'model', model_name,"
            "   'status', status, 'health', health_score)), '{}') FROM nodes WHERE status NOT IN ('terminated', 'failed')),"
            "  'db_connections', (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),"
            "  'alerts_firing', (SELECT jsonb_build_object('critical', count(*) FILTER (WHERE severity = 'critical'),"
            "   'warning', count(*) FILTER (WHERE severity = 'warning'), 'info', count(*) FILTER (WHERE severity = 'info'))"
            "   FROM alerts WHERE state = 'firing'))"
            // Computed only when the bucket has no sample yet (once per 10 s, not every cycle).
            " FROM b WHERE NOT EXISTS (SELECT 1 FROM metrics_history h WHERE h.ts = b.ts)"
            " ON CONFLICT (ts) DO NOTHING RETURNING to_json(ts)"),
            {QString::fromStdString(extra.dump())});
        if (!sampled)
            return rollbackWith(db, sampled.failure());
    }

    // Housekeeping, about once an hour: resolved alerts (with their events and notifications) after 30 days,
    // replicas not seen for a day, history after 7 days.
    if (in.housekeeping) {
        for (const char *sql : {"DELETE FROM alert_notifications n USING alert_events e, alerts a WHERE n.event_id = e.id"
                                " AND e.alert_id = a.id AND a.state = 'resolved' AND a.resolved_at < now() - interval '30 days'",
                                "DELETE FROM alert_events e USING alerts a WHERE e.alert_id = a.id AND a.state = 'resolved'"
                                " AND a.resolved_at < now() - interval '30 days'",
                                "DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < now() - interval '30 days'",
                                "DELETE FROM replicas WHERE last_seen_at < now() - interval '1 day'",
                                "DELETE FROM metrics_history WHERE ts < now() - interval '7 days'"}) {
            QSqlQuery q(db);
            if (!q.exec(QString::fromLatin1(sql)))
                return rollbackWith(db, fail(sqlError(q)));
        }
    }

    Json errors = Json::array();
    for (const QString &e : std::as_const(checks.errors))
        errors.push_back(e.toStdString());
    return Json{{"transitions", transitions}, {"errors", errors}};
}

// One cycle's database work for any replica: publish its signals, take or renew the lease (evaluating when held),
// and read what its metrics show.
Result<Json> runCycle(QSqlDatabase &db, const CycleInput &in)
{
    auto published = queryJson(db, QStringLiteral(
        "INSERT INTO replicas (id, version, schema_version, started_at, last_seen_at, signals)"
        " VALUES (?, ?, ?, to_timestamp(?), now(), ?::jsonb) ON CONFLICT (id) DO UPDATE SET version = excluded.version,"
        " schema_version = excluded.schema_version, started_at = excluded.started_at, last_seen_at = now(),"
        " signals = excluded.signals RETURNING to_json(true)"),
        {in.identity.replicaId, in.identity.version, in.identity.schemaVersion, in.startedAtSeconds,
         QString::fromStdString(in.local.dump())});
    if (!published)
        return published.failure();
    Json out{{"leader", false}};
    if (in.evaluate) {
        // A cheap look first, so replicas that do not hold the lease never wait on the holder's transaction.
        auto mayLead = queryJson(db, QStringLiteral(
            "SELECT to_json(coalesce((SELECT holder = ? OR expires_at < now() FROM alert_lease WHERE id = 1), true))"),
            {in.identity.replicaId});
        if (!mayLead)
            return mayLead.failure();
        if (mayLead->get<bool>()) {
            if (!db.transaction())
                return fail(QStringLiteral("cannot begin a transaction"));
            auto lease = queryJson(db, QStringLiteral(
                "INSERT INTO alert_lease AS l (id, holder, expires_at) VALUES (1, ?, now() + make_interval(secs => ?::int))"
                " ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
                " WHERE l.holder = excluded.holder OR l.expires_at < now() RETURNING to_json(true)"),
                {in.identity.replicaId, in.leaseSeconds});
            if (!lease)
                return rollbackWith(db, lease.failure());
            if (lease->is_null()) {
                db.rollback(); // another replica took it first
            } else {
                auto evaluated = evaluate(db, in);
                if (!evaluated)
                    return evaluated; // rolled back
                if (!db.commit())
                    return fail(QStringLiteral("commit failed"));
                out = *evaluated;
                out["leader"] = true;
            }
        }
    }
    auto metrics = queryJson(db, QStringLiteral(
        "SELECT json_build_object("
        " 'firing', (SELECT coalesce(json_agg(json_build_object('rule', rule, 'severity', severity, 'count', n)), '[]')"
        "   FROM (SELECT rule, severity, count(*) AS n FROM alerts WHERE state = 'firing' GROUP BY 1, 2) f),"
        " 'nodes', (SELECT coalesce(json_agg(json_build_object('id', id, 'model', model_name, 'status', status,"
        "   'age', extract(epoch FROM now() - coalesce(last_heartbeat_at, created_at)))), '[]')"
        "   FROM nodes WHERE status NOT IN ('terminated', 'failed')),"
        " 'billing_failed', (SELECT count(*) FROM billing_events WHERE NOT processed AND error IS NOT NULL))"));
    if (!metrics)
        return metrics.failure();
    out["metrics"] = *metrics;
    return out;
}

} // namespace

AlertEngine::AlertEngine(Identity identity, const ConfigSlot &config, DbPool *db, RedisClient *redis, ServiceMetrics *metrics,
                         UpstreamClient *http, std::function<Json()> localSignals, QObject *parent)
    : QObject(parent), m_identity(std::move(identity)), m_config(config), m_db(db), m_redis(redis), m_metrics(metrics),
      m_notifier(new AlertNotifier(db, http, this)), m_localSignals(std::move(localSignals))
{
    m_clock.start();
    m_startedAtSeconds = QDateTime::currentSecsSinceEpoch();
    connect(&m_timer, &QTimer::timeout, this, &AlertEngine::cycle);
}

AlertEngine::~AlertEngine() = default;

void AlertEngine::start()
{
    m_timer.start(m_config->alertEvalIntervalMs);
    QTimer::singleShot(200, this, &AlertEngine::cycle);
}

Json AlertEngine::withRecent(Json local)
{
    const qint64 now = m_clock.elapsed();
    const Json totals = local.value("totals", Json::object());
    m_totals.emplace_back(now, totals);
    while (m_totals.size() > 1 && m_totals[1].first <= now - kRecentWindowMs)
        m_totals.pop_front();
    Json recent = Json::object();
    const Json &oldest = m_totals.front().second;
    for (auto it = totals.begin(); it != totals.end(); ++it)
        recent[it.key()] = std::max(0.0, it.value().get<double>() - oldest.value(it.key(), 0.0));
    local["recent"] = recent;
    return local;
}

void AlertEngine::cycle()
{
    if (m_running)
        return;
    if (m_timer.interval() != m_config->alertEvalIntervalMs)
        m_timer.setInterval(m_config->alertEvalIntervalMs); // SIGHUP
    m_running = true;
    const Json local = withRecent(m_localSignals ? m_localSignals() : Json::object());
    m_metrics->redisConnected.get().set(local.value("redis_connected", false) ? 1 : 0);
    m_metrics->ratelimitFailOpen.get().set(local["recent"].value("fallback_admissions", 0.0) > 0 ? 1 : 0);
    if (m_leader && m_config->alertsEnabled) {
        const bool scan = m_clock.elapsed() - m_lastScanMs >= kCounterScanEveryMs;
        if (scan)
            m_lastScanMs = m_clock.elapsed();
        probeRedis(m_redis, this, scan, [this, local](Json probe) { runDbCycle(local, std::move(probe)); });
    } else {
        runDbCycle(local, Json());
    }
}

void AlertEngine::runDbCycle(Json local, Json redisProbe)
{
    const Config &cfg = *m_config;
    CycleInput in{m_identity, m_startedAtSeconds, std::move(local), std::move(redisProbe), cfg.alertLeaseSeconds,
                  std::max(30, 3 * cfg.alertEvalIntervalMs / 1000), cfg.nodeHeartbeatIntervalSeconds, cfg.alertsEnabled,
                  m_clock.elapsed() - m_lastHousekeepingMs >= 3600 * 1000};
    if (in.housekeeping && m_leader)
        m_lastHousekeepingMs = m_clock.elapsed();
    m_db->run(this, [in](QSqlDatabase &db) { return runCycle(db, in); }, [this](Result<Json> r) {
        m_running = false;
        if (!r) {
            // Said once a minute while it lasts (a database down for long is not a log flood).
            const qint64 now = m_clock.elapsed();
            if (r.error() != m_lastError || now - m_lastErrorLogMs >= 60000) {
                spdlog::warn("alerts: cycle failed: {}", qs(r.error()));
                m_lastError = r.error();
                m_lastErrorLogMs = now;
            }
            return;
        }
        if (!m_lastError.isEmpty()) {
            spdlog::info("alerts: cycles succeed again");
            m_lastError.clear();
        }
        const bool leader = r->value("leader", false);
        if (leader != m_leader)
            spdlog::info("alerts: this replica {} evaluating the rules", leader ? "is now" : "is no longer");
        m_leader = leader;
        for (const Json &e : r->value("errors", Json::array()))
            spdlog::warn("alerts: check failed: {}", e.get<std::string>());
        applyMetrics((*r)["metrics"]);
        if (leader) {
            emit evaluated(r->value("transitions", 0));
            m_notifier->sendDue();
        }
    });
}

void AlertEngine::applyMetrics(const Json &data)
{
    QSet<QString> firing;
    for (const Json &f : data.value("firing", Json::array())) {
        const QByteArray rule = QByteArray::fromStdString(f["rule"].get<std::string>());
        const QByteArray severity = QByteArray::fromStdString(f["severity"].get<std::string>());
        m_metrics->alertsFiring.labels({rule, severity}).set(f["count"].get<double>());
        firing.insert(QString::fromLatin1(rule + '\n' + severity));
    }
    for (const QString &gone : std::as_const(m_firingLabels))
        if (!firing.contains(gone)) {
            const QStringList parts = gone.split(QLatin1Char('\n'));
            m_metrics->alertsFiring.labels({parts[0].toLatin1(), parts[1].toLatin1()}).set(0);
        }
    m_firingLabels = firing;

    const double late = 3.0 * m_config->nodeHeartbeatIntervalSeconds;
    QSet<QString> nodes, models;
    QHash<QString, int> routable;
    for (const Json &n : data.value("nodes", Json::array())) {
        const QByteArray id = QByteArray::fromStdString(n["id"].get<std::string>());
        const QByteArray model = QByteArray::fromStdString(n["model"].get<std::string>());
        const double age = n["age"].is_number() ? n["age"].get<double>() : 0;
        m_metrics->nodeHeartbeatAge.labels({id, model}).set(age);
        nodes.insert(QString::fromLatin1(id + '\n' + model));
        if (model.isEmpty())
            continue;
        models.insert(QString::fromUtf8(model));
        if (n["status"] == "active" && age <= late)
            ++routable[QString::fromUtf8(model)];
    }
    for (const QString &gone : std::as_const(m_nodeLabels))
        if (!nodes.contains(gone)) {
            const QStringList parts = gone.split(QLatin1Char('\n'));
            m_metrics->nodeHeartbeatAge.remove({parts[0].toLatin1(), parts.value(1).toUtf8()});
        }
    m_nodeLabels = nodes;
    for (const QString &model : std::as_const(models))
        m_metrics->nodesRoutable.labels({model.toUtf8()}).set(routable.value(model));
    for (const QString &gone : std::as_const(m_modelLabels))
        if (!models.contains(gone))
            m_metrics->nodesRoutable.labels({gone.toUtf8()}).set(0);
    m_modelLabels.unite(models);
    m_metrics->billingEventsFailed.get().set(data.value("billing_failed", 0.0));
}

} // namespace crosslogic
