// The routing decision without I/O: the active nodes, per-node counters and circuit breakers, and the four strategies.
#pragma once

#include "config/config.h"
#include "fleet/circuitbreaker.h"
#include "fleet/nodeselector.h"

#include <QHash>
#include <QString>
#include <optional>
#include <vector>

namespace crosslogic {

enum class RoutingStrategy { RoundRobin, LeastLoaded, LeastLatency, HealthWeighted };

std::optional<RoutingStrategy> parseRoutingStrategy(const QString &name);
const char *routingStrategyName(RoutingStrategy s);

// One active node as the database last described it.
struct FleetNode
{
    NodeTarget target;
    int engineRunning = 0;
    int engineWaiting = 0;
    double kvCacheUsage = 0;
    int maxConcurrency = 256;
    double healthScore = 100;  // as written on the last heartbeat
    double heartbeatAgeS = 0;  // at the time of the refresh
};

// What /metrics and GET /admin/nodes read: per node, counted by this replica since it started.
struct NodeCounters
{
    QString id;
    QString model;
    QHash<QString, quint64> requestsByStrategy; // loadbalancer_requests_total{model,node,strategy}
    quint64 failures = 0;
    qint64 inFlight = 0;
    double ttftEwmaMs = -1;      // -1: no successful request yet
    double errorRateEwma = 0;
    double latencySumSeconds = 0; // loadbalancer_latency_seconds (sum/count of time to first byte)
    quint64 latencyCount = 0;
    double effectiveHealth = 100;
    double load = 0;             // what least_loaded compares: in flight here + engine running + waiting (heartbeat)
    const char *breaker = "closed";
    int consecutiveFailures = 0;
};

class NodePicker
{
public:
    struct Settings
    {
        int failureThreshold = Config::defaults().lbFailureThreshold;
        qint64 cooldownMs = Config::defaults().lbCooldownMs;
        double staleAfterS = Config::defaults().nodeStaleSeconds;
    };

    void setSettings(const Settings &s) { m_settings = s; }
    // Replaces the node set; counters and breakers of nodes that remain are kept.
    void setNodes(std::vector<FleetNode> nodes);
    void setStrategies(RoutingStrategy global, QHash<QString, RoutingStrategy> perModel);
    RoutingStrategy strategyFor(const QString &model) const;

    std::optional<NodeTarget> pick(const QString &model, const QSet<QString> &exclude, qint64 nowMs);
    void started(const QString &nodeId, qint64 nowMs);
    // Returns a log line when the node's circuit breaker changed state, else empty.
    QString finished(const QString &nodeId, bool ok, qint64 ttftMs, qint64 nowMs);

    double effectiveHealth(const QString &nodeId) const;
    std::vector<NodeCounters> snapshot(qint64 nowMs) const;
    QStringList activeModels() const;
    bool hasModel(const QString &model) const { return m_byModel.contains(model); }

private:
    struct Entry
    {
        FleetNode node;
        NodeCounters counters;
        CircuitBreaker breaker;
    };
    double healthOf(const Entry &e) const;
    double loadOf(const Entry &e) const;
    quint64 nextRandom();

    Settings m_settings;
    QHash<QString, Entry> m_entries;          // id → entry (kept across refreshes while the node is active)
    QHash<QString, QStringList> m_byModel;    // model → ids, sorted
    RoutingStrategy m_global = RoutingStrategy::HealthWeighted;
    QHash<QString, RoutingStrategy> m_perModel;
    QHash<QString, quint64> m_cursor;         // model → round-robin position
    quint64 m_random = 0x9E3779B97F4A7C15ULL;
};

} // namespace crosslogic
