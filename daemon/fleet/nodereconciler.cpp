// Background job: drains nodes whose heartbeats stopped, reactivates them when heartbeats resume, and fails launches that
// never registered (one replica at a time).
#include "fleet/nodereconciler.h"

#include "config/configslot.h"
#include "core/log.h"
#include "store/dbpool.h"
#include "store/sqljson.h"

#include "metrics/metricvalue.h"

namespace crosslogic {

NodeReconciler::NodeReconciler(const ConfigSlot &config, DbPool *db, JobLease lease, QObject *parent)
    : QObject(parent), m_config(config), m_db(db), m_lease(std::move(lease))
{
    connect(&m_timer, &QTimer::timeout, this, &NodeReconciler::reconcile);
}

void NodeReconciler::start()
{
    m_timer.start(m_config->nodeReconcileIntervalMs);
}

void NodeReconciler::reconcile()
{
    if (m_running || !m_db)
        return;
    m_running = true;
    if (m_timer.interval() != m_config->nodeReconcileIntervalMs)
        m_timer.setInterval(m_config->nodeReconcileIntervalMs); // SIGHUP
    const int stale = m_config->nodeStaleSeconds;
    const int launchTimeout = m_config->nodeLaunchTimeoutSeconds;
    const int leaseSeconds = jobLeaseSeconds(m_config->alertLeaseSeconds, m_config->nodeReconcileIntervalMs);
    m_db->run(this, [stale, launchTimeout, lease = m_lease, leaseSeconds](QSqlDatabase &db) -> Result<Json> {
        auto pass = runHoldingJobLease(db, lease, leaseSeconds, [&](QSqlDatabase &tx) -> Result<Json> {
            // A node is stale when its last heartbeat (or, never having sent one, its registration) is too old.
            auto drained = queryJson(tx, QStringLiteral(
                "WITH d AS (UPDATE nodes SET status = 'draining', status_message = 'stale_heartbeat', updated_at = now()"
                " WHERE status = 'active' AND coalesce(last_heartbeat_at, updated_at) < now() - make_interval(secs => ?::int)"
                " RETURNING id, cluster_name, round(extract(epoch FROM now() - last_heartbeat_at)::numeric, 1) AS age)"
                " SELECT coalesce(json_agg(json_build_object('id', id, 'cluster_name', cluster_name, 'age', age)), '[]') FROM d"),
                {stale});
            if (!drained)
                return drained;
            auto reactivated = queryJson(tx, QStringLiteral(
                "WITH r AS (UPDATE nodes SET status = 'active', status_message = NULL, updated_at = now()"
                " WHERE status = 'draining' AND status_message = 'stale_heartbeat'"
                " AND last_heartbeat_at >= now() - make_interval(secs => ?::int) RETURNING id, cluster_name)"
                " SELECT coalesce(json_agg(json_build_object('id', id, 'cluster_name', cluster_name)), '[]') FROM r"),
                {stale});
            if (!reactivated)
                return reactivated;
            // Launches no replica finished in time (the one tracking it may have restarted); the launching replica, if
            // alive, stops what it started when its own timer sees this.
            auto timedOut = queryJson(tx, QStringLiteral(
                "WITH t AS (UPDATE nodes SET status = 'failed', updated_at = now(),"
                " status_message = 'launch timed out after ' || ?::int || ' s (NODE_LAUNCH_TIMEOUT_SECONDS): the node agent never registered'"
                " WHERE status = 'initializing' AND created_at < now() - make_interval(secs => ?::int) RETURNING id, cluster_name)"
                " SELECT coalesce(json_agg(json_build_object('id', id, 'cluster_name', cluster_name)), '[]') FROM t"),
                {launchTimeout, launchTimeout});
            if (!timedOut)
                return timedOut;
            // Status changes nobody clicked are audited all the same (token "reconciler", role "system").
            auto audited = queryJson(tx, QStringLiteral(
                "WITH c AS (SELECT x->>'id' AS id, 'active' AS f, 'draining' AS t, 'stale_heartbeat' AS why FROM jsonb_array_elements(?::jsonb) x"
                " UNION ALL SELECT x->>'id', 'draining', 'active', 'heartbeats resumed' FROM jsonb_array_elements(?::jsonb) x"
                " UNION ALL SELECT x->>'id', 'initializing', 'failed', 'launch timed out' FROM jsonb_array_elements(?::jsonb) x),"
                " i AS (INSERT INTO audit_log (token_name, role, action, target, parameters, result)"
                "  SELECT 'reconciler', 'system', 'node.status_change', id, jsonb_build_object('from', f, 'to', t, 'reason', why), 'ok' FROM c"
                "  RETURNING 1) SELECT to_json(count(*)) FROM i"),
                {QString::fromStdString(drained->dump()), QString::fromStdString(reactivated->dump()), QString::fromStdString(timedOut->dump())});
            if (!audited)
                return audited;
            return Json{{"drained", *drained}, {"reactivated", *reactivated}, {"launch_timed_out", *timedOut}};
        });
        if (!pass)
            return pass.failure();
        return pass->value_or(Json{{"skipped", true}});
    }, [this, stale](Result<Json> r) {
        m_running = false;
        if (!r.ok()) {
            spdlog::warn("node reconciler: pass failed: {}", qs(r.error()));
            return;
        }
        if (r->value("skipped", false)) {
            spdlog::debug("node reconciler: another replica holds the lease; skipped");
            return;
        }
        if (m_lease.passes)
            m_lease.passes->inc();
        for (const auto &n : (*r)["drained"])
            spdlog::warn("node {} ({}): status active -> draining (reason: stale_heartbeat, last heartbeat {} s ago, limit {} s)",
                         n["id"].get<std::string>(), n["cluster_name"].get<std::string>(), n["age"].dump(), stale);
        for (const auto &n : (*r)["launch_timed_out"])
            spdlog::warn("node {} ({}): status initializing -> failed (reason: launch timed out after {} s)", n["id"].get<std::string>(),
                         n["cluster_name"].get<std::string>(), m_config->nodeLaunchTimeoutSeconds);
        for (const auto &n : (*r)["reactivated"])
            spdlog::info("node {} ({}): status draining -> active (reason: heartbeats resumed)", n["id"].get<std::string>(),
                         n["cluster_name"].get<std::string>());
    });
}

} // namespace crosslogic
