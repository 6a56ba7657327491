// The alert engine. Every replica publishes its own signals (replicas table) every ALERT_EVAL_INTERVAL_MS and
// exports crosslogic_alerts_firing; the replica holding the evaluation lease (alert_lease, ALERT_LEASE_SECONDS)
// also runs every check, moves alerts through pending → firing → resolved in one transaction with their events and
// notifications, links operators' remediations (audit_log) to the alerts they were meant to fix, and sends the
// notifications (AlertNotifier). Runs on a pool of its own, so a saturated main pool cannot silence it.
#pragma once

#include "core/result.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <deque>
#include <functional>
#include <nlohmann/json.hpp>

namespace crosslogic {

class AlertNotifier;
class ConfigSlot;
class DbPool;
class RedisClient;
class ServiceMetrics;
class UpstreamClient;
using Json = nlohmann::json;

class AlertEngine : public QObject
{
    Q_OBJECT
public:
    struct Identity
    {
        QString replicaId;
        QString version;
        int schemaVersion = 0;
    };
    // localSignals: this replica's signals (see app/wiring.cpp): redis_connected, open_breakers, db, spool,
    // tls_not_after and "totals" (monotonic counters; the engine publishes their 5-minute increase as "recent").
    AlertEngine(Identity identity, const ConfigSlot &config, DbPool *db, RedisClient *redis, ServiceMetrics *metrics,
                UpstreamClient *http, std::function<Json()> localSignals, QObject *parent = nullptr);
    ~AlertEngine() override;

    void start();
    bool isLeader() const { return m_leader; }
    const Identity &identity() const { return m_identity; }

signals:
    // After each cycle of the evaluating replica (tests and the stream look at it).
    void evaluated(int transitions);

private:
    void cycle();
    void runDbCycle(Json local, Json redisProbe);
    void applyMetrics(const Json &data);
    Json withRecent(Json local);

    Identity m_identity;
    const ConfigSlot &m_config;
    DbPool *m_db;
    RedisClient *m_redis;
    ServiceMetrics *m_metrics;
    AlertNotifier *m_notifier;
    std::function<Json()> m_localSignals;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_startedAtSeconds = 0;
    bool m_running = false;
    bool m_leader = false;
    qint64 m_lastScanMs = -1000000;
    qint64 m_lastHousekeepingMs = 0; // an hour after start, then hourly
    QString m_lastError;             // of the last failed cycle, logged once a minute
    qint64 m_lastErrorLogMs = 0;
    std::deque<std::pair<qint64, Json>> m_totals; // (clock ms, totals) over the last 5 minutes
    QSet<QString> m_firingLabels;                 // "rule\nseverity" set last cycle
    QSet<QString> m_nodeLabels;                   // "node\nmodel" set last cycle
    QSet<QString> m_modelLabels;
};

} // namespace crosslogic
