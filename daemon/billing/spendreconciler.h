// Keeps the Redis spend counters true to PostgreSQL, the source of truth: every replica, once a second, checks that
// its ready key (spend:ready) exists; when it does not (Redis restarted empty, FLUSHALL) and once a minute in any case, it reads
// what usage_records bills per budget and prepaid tenant in the current period and raises each counter that is below
// it (never lowers one: Redis also holds reservations of requests in flight), then sets the ready key. Until then
// admission answers 503 for keys with spend caps rather than count from zero. Raised counters are drift: logged, and
// the amounts by level are spend_reconcile_drift_micros{level} until the next reconciliation (the alert
// spend_reconcile_drift reads them from every replica's signals). A Redis loss shows as drift too.
// Only the replica holding the job lease "spend_reconciler" (base/joblease.h) checks and rebuilds.
#pragma once

#include "base/joblease.h"

#include <QObject>
#include <QTimer>

namespace crosslogic {

class ConfigSlot;
class DbPool;
class RedisClient;
class ServiceMetrics;

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
};

} // namespace crosslogic
