// Keeps the Redis spend counters true to PostgreSQL (see the header).
#include "billing/spendreconciler.h"

#include "base/spendperiod.h"
#include "config/configslot.h"
#include "core/log.h"
#include "metrics/metricvalue.h"
#include "metrics/servicemetrics.h"
#include "store/redisclient.h"
#include "store/redisslot.h"
#include "store/sqljson.h"

#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QSet>
#include <memory>

namespace crosslogic {
namespace {

// KEYS: counters, then the ready key; ARGV: the billed value of each counter, then each counter's TTL (0: none).
// Raises a counter below its billed value, sets the ready key, returns {how many counters were raised, then per
// counter by how much (billed - what it held, a missing counter holding 0; 0 when not raised)}.
constexpr const char *kRebuildScript = R"lua(
local n = #KEYS - 1
local raised = 0
local out = {0}
for i = 1, n do
  local billed = tonumber(ARGV[i])
  local current = tonumber(redis.call('GET', KEYS[i]) or '-1')
  local drift = 0
  if current < billed then
    redis.call('SET', KEYS[i], billed)
    local ttl = tonumber(ARGV[n + i])
    if ttl > 0 then redis.call('EXPIRE', KEYS[i], ttl) end
    if billed > 0 then raised = raised + 1 end
    drift = billed - math.max(current, 0)
  end
  out[#out + 1] = drift
end
redis.call('SET', KEYS[n + 1], '1')
out[1] = raised
return out
)lua";

// What one reconciliation raised, in micro-units, by level (spend_reconcile_drift_micros{level}).
using Drift = QHash<QByteArray, qint64>;
Drift noDrift()
{
    return {{"key", 0}, {"environment", 0}, {"tenant", 0}, {"credit", 0}};
}

// Adds a rebuild script's answer (kRebuildScript: raised count, then per counter its drift) to drift by each
// counter's level; the number of counters it raised.
qint64 addDrift(Drift &drift, const RedisReply &reply, const QList<QByteArray> &levels)
{
    for (qsizetype i = 1; i < qsizetype(reply.elements.size()) && i <= levels.size(); ++i)
        drift[levels[i - 1]] += reply.elements[i].integer;
    return reply.elements[0].integer;
}

bool rebuildAnswered(const RedisReply &reply)
{
    return !reply.isError() && reply.type == RedisReply::Type::Array && !reply.elements.empty();
}

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
} // namespace

SpendReconciler::SpendReconciler(const ConfigSlot &config, DbPool *db, RedisClient *redis, ServiceMetrics *metrics, JobLease lease,
                                 QObject *parent)
    : QObject(parent), m_config(config), m_db(db), m_redis(redis), m_lease(std::move(lease)), m_metrics(metrics)
{
    connect(&m_timer, &QTimer::timeout, this, &SpendReconciler::check);
    // The first pass as soon as Redis answers: until it ran on a fresh Redis, capped keys are refused and the
    // daemon does not report ready (app/daemon.cpp).
    connect(m_redis, &RedisClient::connected, this, &SpendReconciler::check);
}

void SpendReconciler::start(int checkIntervalMs, int fullIntervalMs)
{
    m_fullIntervalMs = fullIntervalMs;
    m_checkIntervalMs = checkIntervalMs;
    m_timer.start(checkIntervalMs);
    check();
}

void SpendReconciler::check()
{
    if (m_running || !m_redis->isConnected())
        return;
    m_running = true;
    const int seconds = jobLeaseSeconds(m_config.get()->alertLeaseSeconds, m_checkIntervalMs);
    m_db->run(this, [lease = m_lease, seconds](QSqlDatabase &db) -> Result<Json> {
        auto held = renewJobLease(db, lease, seconds);
        if (!held)
            return held.failure();
        return Json(*held);
    }, [this](Result<Json> r) {
        m_running = false;
        if (!r) {
            spdlog::debug("spend: cannot renew the lease: {}", qs(r.error()));
            return;
        }
        if (r->get<bool>())
            checkHeld();
    });
}

void SpendReconciler::checkHeld()
{
    if (m_lease.passes)
        m_lease.passes->inc();
    if (QDateTime::currentMSecsSinceEpoch() - m_lastRebuildMs >= m_fullIntervalMs) {
        rebuild();
        return;
    }
    if (redisClusterKeyLayout()) {
        checkCluster();
        return;
    }
    const QByteArray ready = spendReadyKey(m_config.get()->spendClockOffsetSeconds * 1000);
    m_redis->command({"EXISTS", ready}, this, [this, ready](const RedisReply &r) {
        if (!r.isError() && r.integer == 0) {
            spdlog::warn("spend: {} is missing (Redis lost its data?); rebuilding the spend counters from usage_records", ready.constData());
            rebuild();
        }
    });
}

void SpendReconciler::checkCluster()
{
    // Redis Cluster: a ready key per tenant. A tenant whose first cap appeared since the last rebuild has none yet
    // (rebuild now rather than refuse its capped keys until the next full rebuild); a missing one means its shard
    // lost its data.
    m_running = true;
    m_db->run(this, [](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral("SELECT coalesce(json_agg(DISTINCT x.tenant_id::text), '[]') FROM (SELECT tenant_id FROM budgets"
                                            " UNION ALL SELECT id FROM tenants WHERE prepaid_since IS NOT NULL) x"), {});
    }, [this](Result<Json> tenants) {
        m_running = false;
        if (!tenants || !m_redis->isConnected())
            return;
        for (const Json &t : *tenants)
            if (!m_readyTenants.contains(QString::fromStdString(t.get<std::string>()))) {
                rebuild();
                return;
            }
        if (m_readyKeys.isEmpty())
            return;
        m_redis->command(QList<QByteArray>{"EXISTS"} + m_readyKeys, this, [this, want = m_readyKeys.size()](const RedisReply &r) {
            if (!r.isError() && r.integer < want) {
                spdlog::warn("spend: {} of {} tenants' ready keys are missing (a shard lost its data?); rebuilding the spend"
                             " counters from usage_records", want - r.integer, want);
                rebuild();
            }
        });
    });
}

void SpendReconciler::rebuild()
{
    if (m_running)
        return;
    m_running = true;
    const qint64 now = QDateTime::currentMSecsSinceEpoch() + m_config.get()->spendClockOffsetSeconds * 1000;
    const QString daily = iso(spendPeriod("daily", now).startMs), monthly = monthlyStartsArray(now);
    m_db->run(this, [daily, monthly](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral(
            "SELECT coalesce(json_agg(json_build_array(x.level, x.scope_id, x.period, x.billed, x.tenant_id)), '[]') FROM ("
            " SELECT b.level, b.scope_id, CASE WHEN b.period = 'monthly' AND tn.billing_anchor_day <> 1 THEN 'monthly@' || tn.billing_anchor_day"
            "   ELSE b.period END AS period, (SELECT coalesce(sum(u.cost_micros), 0) FROM usage_records u WHERE u.tenant_id = b.tenant_id"
            "   AND CASE b.level WHEN 'key' THEN u.api_key_id WHEN 'environment' THEN u.environment_id ELSE u.tenant_id END = b.scope_id"
            "   AND u.timestamp >= CASE b.period WHEN 'daily' THEN ?::timestamptz WHEN 'monthly' THEN (?::timestamptz[])[tn.billing_anchor_day]"
            "   ELSE '-infinity' END) AS billed, b.tenant_id"
            " FROM budgets b JOIN tenants tn ON tn.id = b.tenant_id"
            " UNION ALL SELECT 'credit', t.id, 'lifetime', (SELECT coalesce(sum(u.cost_micros), 0) FROM usage_records u"
            "   WHERE u.tenant_id = t.id AND u.timestamp >= t.prepaid_since), t.id FROM tenants t WHERE t.prepaid_since IS NOT NULL) x"),
                         {daily, monthly});
    }, [this, now](Result<Json> r) {
        if (!r || !m_redis->isConnected()) {
            m_running = false;
            if (!r)
                spdlog::warn("spend: cannot read billed spend to rebuild the counters: {}", qs(r.error()));
            return;
        }
        if (redisClusterKeyLayout()) {
            rebuildPerTenant(*r, now);
            return;
        }
        RespArgs keysAndArgs(4096);
        QList<qint64> billed, ttls;
        QList<QByteArray> levels;
        for (const Json &row : *r) {
            const QByteArray level = QByteArray::fromStdString(row[0].get<std::string>()), period = QByteArray::fromStdString(row[2].get<std::string>());
            levels << level;
            keysAndArgs.add(spendCounterKey(level, QString::fromStdString(row[1].get<std::string>()), period, now));
            billed << row[3].get<qint64>();
            ttls << spendCounterTtlSeconds(period, now);
        }
        keysAndArgs.add(spendReadyKey(m_config.get()->spendClockOffsetSeconds * 1000));
        for (qint64 v : std::as_const(billed))
            keysAndArgs.add(v);
        for (qint64 v : std::as_const(ttls))
            keysAndArgs.add(v);
        m_redis->commandResp(respCommand({"EVAL", kRebuildScript, QByteArray::number(billed.size() + 1)}, keysAndArgs), this, [this, levels](const RedisReply &reply) {
            m_running = false;
            if (!rebuildAnswered(reply)) {
                spdlog::warn("spend: rebuilding the counters failed: {}", qs(reply.str));
                return;
            }
            m_lastRebuildMs = QDateTime::currentMSecsSinceEpoch();
            Drift drift = noDrift();
            const qint64 raised = addDrift(drift, reply, levels);
            reportDrift(raised, drift);
        });
    });
}

void SpendReconciler::reportDrift(qint64 raised, const QHash<QByteArray, qint64> &drift)
{
    if (m_metrics)
        for (auto it = drift.cbegin(); it != drift.cend(); ++it)
            m_metrics->spendReconcileDrift.labels({it.key()}).set(double(it.value()));
    if (raised > 0)
        spdlog::warn("spend: {} counter(s) were below what usage_records bills and were raised to it (drift in micro-units:"
                     " key {}, environment {}, tenant {}, credit {})", raised, drift.value("key"), drift.value("environment"),
                     drift.value("tenant"), drift.value("credit"));
}

void SpendReconciler::rebuildPerTenant(const Json &rows, qint64 now)
{
    // Redis Cluster: one script per tenant, in the slot of that tenant's counters and ready key.
    const qint64 offsetMs = m_config.get()->spendClockOffsetSeconds * 1000;
    QMap<QString, QList<Json>> byTenant;
    for (const Json &row : rows)
        byTenant[QString::fromStdString(row[4].get<std::string>())].append(row);
    struct Walk
    {
        int pending = 0;
        qint64 raised = 0;
        bool failed = false;
        Drift drift = noDrift();
    };
    auto walk = std::make_shared<Walk>();
    walk->pending = int(byTenant.size());
    QList<QByteArray> readyKeys;
    QSet<QString> tenants;
    for (auto it = byTenant.cbegin(); it != byTenant.cend(); ++it)
        tenants.insert(it.key());
    if (byTenant.isEmpty()) {
        m_running = false;
        m_lastRebuildMs = QDateTime::currentMSecsSinceEpoch();
        m_readyKeys.clear();
        m_readyTenants.clear();
        return;
    }
    for (auto it = byTenant.cbegin(); it != byTenant.cend(); ++it) {
        RespArgs keysAndArgs(1024);
        QList<qint64> billed, ttls;
        QList<QByteArray> levels;
        for (const Json &row : it.value()) {
            const QByteArray level = QByteArray::fromStdString(row[0].get<std::string>()), period = QByteArray::fromStdString(row[2].get<std::string>());
            levels << level;
            keysAndArgs.add(spendCounterKey(level, QString::fromStdString(row[1].get<std::string>()), period, now, it.key()));
            billed << row[3].get<qint64>();
            ttls << spendCounterTtlSeconds(period, now);
        }
        readyKeys << spendReadyKey(offsetMs, it.key());
        keysAndArgs.add(readyKeys.last());
        for (qint64 v : std::as_const(billed))
            keysAndArgs.add(v);
        for (qint64 v : std::as_const(ttls))
            keysAndArgs.add(v);
        m_redis->commandResp(respCommand({"EVAL", kRebuildScript, QByteArray::number(billed.size() + 1)}, keysAndArgs), this,
                             [this, walk, readyKeys, tenants, levels](const RedisReply &reply) {
            if (!rebuildAnswered(reply)) {
                if (!walk->failed)
                    spdlog::warn("spend: rebuilding the counters failed: {}", qs(reply.str));
                walk->failed = true;
            } else {
                walk->raised += addDrift(walk->drift, reply, levels);
            }
            if (--walk->pending > 0)
                return;
            m_running = false;
            if (walk->failed)
                return;
            m_lastRebuildMs = QDateTime::currentMSecsSinceEpoch();
            m_readyKeys = readyKeys;
            m_readyTenants = tenants;
            reportDrift(walk->raised, walk->drift);
        });
    }
}

} // namespace crosslogic
