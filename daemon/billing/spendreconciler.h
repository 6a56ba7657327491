// Keeps the Redis spend counters true to PostgreSQL, the source of truth: every replica, once a second, checks that
// its ready key (spend:ready) exists; when it does not (Redis restarted empty, FLUSHALL) and once a minute in any case, it reads
// what usage_records bills per budget and prepaid tenant in the current period and raises each counter that is below
// it (never lowers one: Redis also holds reservations of requests in flight), then sets the ready key. Until then
// admission answers 503 for keys with spend caps rather than count from zero. Raised counters are drift: logged, and
// the amounts by level are spend_reconcile_drift_micros{level} until the next reconciliation (the alert
// spend_reconcile_drift reads them from every replica's signals). A Redis loss shows as drift too.
// In Redis Cluster mode every tenant has its own ready key, set with its counters by one script in its slot; the
// check reads which tenants have caps (one small query a second) and rebuilds when one has no ready key yet.
// Only the replica holding the job lease "spend_reconciler" (base/joblease.h) checks and rebuilds.
#pragma once

#include "base/joblease.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <nlohmann/json.hpp>

namespace crosslogic {

class ConfigSlot;
class DbPool;
class RedisClient;
class ServiceMetrics;
using Json = nlohmann::json;

class SpendReconciler : public QObject
{
    Q_OBJECT
public:
    SpendReconciler(const ConfigSlot &config, DbPool *db, RedisClient *redis, ServiceMetrics *metrics, JobLease lease,
                    QObject *parent = nullptr);
    void start(int checkIntervalMs = 1000, int fullIntervalMs = 60000);

private:
    void check();
    void checkHeld();
    void rebuild();
    void rebuildPerTenant(const Json &rows, qint64 now);
    // Publishes one reconciliation's drift (the gauge) and logs it when a counter was raised.
    void reportDrift(qint64 raised, const QHash<QByteArray, qint64> &drift);

    const ConfigSlot &m_config;
    DbPool *m_db;
    RedisClient *m_redis;
    JobLease m_lease;
    int m_checkIntervalMs = 1000;
    ServiceMetrics *m_metrics; // null: no drift metric
    QTimer m_timer;
    qint64 m_lastRebuildMs = 0;
    int m_fullIntervalMs = 60000;
    bool m_running = false;
    // Redis Cluster mode: one ready key per tenant (spend:{<tenant>}:ready, in the slot of its counters), those the
    // last rebuild set; check() wants them all.
    QList<QByteArray> m_readyKeys;
    QSet<QString> m_readyTenants;
    void checkCluster();
};

} // namespace crosslogic
