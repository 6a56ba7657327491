// The routing decision without I/O: the active nodes, per-node counters and circuit breakers, and the four strategies.
#include "fleet/nodepicker.h"

#include "fleet/healthscore.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace crosslogic {
namespace {
constexpr double kEwmaAlpha = 0.3;
// least_latency cost of a node that has failed but never answered: behind every node that answers.
constexpr double kFailingUnmeasuredCostMs = 1e9;

// Expected time to a useful first byte: the TTFT EWMA stretched by the attempts a failure rate costs. A node that
// answers 5xx at once never yields a TTFT, so "unmeasured, try first" applies only to a node that has not failed.
double latencyCost(const NodeCounters &c)
{
    const double successRate = std::max(0.01, 1.0 - c.errorRateEwma);
    if (c.ttftEwmaMs < 0)
        return c.failures == 0 ? 0.0 : kFailingUnmeasuredCostMs / successRate;
    return std::max(1.0, c.ttftEwmaMs) / successRate;
}
} // namespace

std::optional<RoutingStrategy> parseRoutingStrategy(const QString &name)
{
    if (name == QLatin1String("round_robin"))
        return RoutingStrategy::RoundRobin;
    if (name == QLatin1String("least_loaded"))
        return RoutingStrategy::LeastLoaded;
    if (name == QLatin1String("least_latency"))
        return RoutingStrategy::LeastLatency;
    if (name == QLatin1String("health_weighted"))
        return RoutingStrategy::HealthWeighted;
    return std::nullopt;
}

const char *routingStrategyName(RoutingStrategy s)
{
    switch (s) {
    case RoutingStrategy::RoundRobin: return "round_robin";
    case RoutingStrategy::LeastLoaded: return "least_loaded";
    case RoutingStrategy::LeastLatency: return "least_latency";
    case RoutingStrategy::HealthWeighted: return "health_weighted";
    }
    return "health_weighted";
}

void NodePicker::setNodes(std::vector<FleetNode> nodes)
{
    QHash<QString, Entry> entries;
    QHash<QString, QStringList> byModel;
    for (FleetNode &n : nodes) {
        const QString id = n.target.id;
        Entry e = m_entries.value(id);
        e.node = std::move(n);
        e.counters.id = id;
        e.counters.model = e.node.target.model;
        byModel[e.node.target.model] << id;
        entries.insert(id, std::move(e));
    }
    for (auto &ids : byModel)
        ids.sort();
    m_entries = std::move(entries);
    m_byModel = std::move(byModel);
}

void NodePicker::setStrategies(RoutingStrategy global, QHash<QString, RoutingStrategy> perModel)
{
    m_global = global;
    m_perModel = std::move(perModel);
}

RoutingStrategy NodePicker::strategyFor(const QString &model) const
{
    return m_perModel.value(model, m_global);
}

double NodePicker::healthOf(const Entry &e) const
{
    // The heartbeat's score ages with the heartbeat; this replica's own view of errors and latency can only lower it.
    HealthInputs local;
    local.heartbeatAgeS = e.node.heartbeatAgeS;
    local.staleAfterS = m_settings.staleAfterS;
    local.engineHealthy = e.node.healthScore > 30.5;
    local.errorRate = e.counters.errorRateEwma;
    local.ttftMs = std::max(0.0, e.counters.ttftEwmaMs);
    return std::min(e.node.healthScore, healthScore(local));
}

double NodePicker::loadOf(const Entry &e) const
{
    return double(e.counters.inFlight + e.node.engineRunning + e.node.engineWaiting);
}

quint64 NodePicker::nextRandom()
{
    // xorshift64*: cheap and good enough for choosing between two nodes.
    m_random ^= m_random >> 12;
    m_random ^= m_random << 25;
    m_random ^= m_random >> 27;
    return m_random * 2685821657736338717ULL;
}

std::optional<NodeTarget> NodePicker::pick(const QString &model, const QSet<QString> &exclude, qint64 nowMs)
{
    const auto ids = m_byModel.constFind(model);
    if (ids == m_byModel.constEnd())
        return std::nullopt;
    std::vector<Entry *> candidates;
    for (const QString &id : *ids) {
        Entry &e = m_entries[id];
        if (!exclude.contains(id) && e.breaker.allows(nowMs))
            candidates.push_back(&e);
    }
    if (candidates.empty())
        return std::nullopt;
    const RoutingStrategy strategy = strategyFor(model);
    quint64 &cursor = m_cursor[model];
    const size_t n = candidates.size();
    Entry *chosen = nullptr;
    // Ties go to the next node after the last choice, so equal nodes share the traffic.
    auto bestBy = [&](auto cost) {
        double best = std::numeric_limits<double>::max();
        for (size_t i = 0; i < n; ++i) {
            Entry *e = candidates[(cursor + i) % n];
            const double c = cost(*e);
            if (c < best) {
                best = c;
                chosen = e;
            }
        }
    };
    switch (strategy) {
    case RoutingStrategy::RoundRobin:
        chosen = candidates[cursor % n];
        break;
    case RoutingStrategy::LeastLoaded:
        bestBy([this](const Entry &e) { return loadOf(e) / std::max(1, e.node.maxConcurrency); });
        break;
    case RoutingStrategy::LeastLatency:
        // A node without a measurement yet is tried first (cost 0), so every node gets measured.
        bestBy([](const Entry &e) { return latencyCost(e.counters); });
        break;
    case RoutingStrategy::HealthWeighted: {
        // Power of two choices: draw two nodes with probability proportional to health, keep the one with the
        // better health per unit of load.
        auto draw = [&](Entry *skip) -> Entry * {
            double total = 0;
            for (Entry *e : candidates)
                if (e != skip)
                    total += std::max(1.0, healthOf(*e));
            double r = double(nextRandom() >> 11) / double(1ULL << 53) * total;
            for (Entry *e : candidates) {
                if (e == skip)
                    continue;
                r -= std::max(1.0, healthOf(*e));
                if (r <= 0)
                    return e;
            }
            for (auto it = candidates.rbegin(); it != candidates.rend(); ++it)
                if (*it != skip)
                    return *it;
            return nullptr;
        };
        Entry *a = draw(nullptr);
        Entry *b = n > 1 ? draw(a) : nullptr;
        if (!b)
            chosen = a;
        else
            chosen = healthOf(*a) / (1 + loadOf(*a)) >= healthOf(*b) / (1 + loadOf(*b)) ? a : b;
        break;
    }
    }
    for (size_t i = 0; i < n; ++i)
        if (candidates[i] == chosen)
            cursor = i + 1;
    chosen->counters.requestsByStrategy[QString::fromLatin1(routingStrategyName(strategy))] += 1;
    return chosen->node.target;
}

void NodePicker::started(const QString &nodeId, qint64 nowMs)
{
    auto it = m_entries.find(nodeId);
    if (it == m_entries.end())
        return;
    it->counters.inFlight += 1;
    it->breaker.onStarted(nowMs);
}

QString NodePicker::finished(const QString &nodeId, bool ok, qint64 ttftMs, qint64 nowMs)
{
    auto it = m_entries.find(nodeId);
    if (it == m_entries.end())
        return {};
    NodeCounters &c = it->counters;
    c.inFlight = std::max<qint64>(0, c.inFlight - 1);
    c.errorRateEwma = (1 - kEwmaAlpha) * c.errorRateEwma + kEwmaAlpha * (ok ? 0.0 : 1.0);
    if (!ok)
        c.failures += 1;
    if (ok && ttftMs >= 0) {
        c.ttftEwmaMs = c.ttftEwmaMs < 0 ? double(ttftMs) : (1 - kEwmaAlpha) * c.ttftEwmaMs + kEwmaAlpha * double(ttftMs);
        c.latencySumSeconds += double(ttftMs) / 1000.0;
        c.latencyCount += 1;
    }
    if (it->breaker.onFinished(ok, nowMs, m_settings.failureThreshold, m_settings.cooldownMs)) {
        const auto state = it->breaker.state(nowMs);
        return state == CircuitBreaker::State::Open
            ? QStringLiteral("node %1: circuit breaker open after %2 consecutive failures; no requests for %3 ms, then one probe")
                  .arg(nodeId).arg(it->breaker.consecutiveFailures()).arg(m_settings.cooldownMs)
            : QStringLiteral("node %1: circuit breaker closed (probe succeeded)").arg(nodeId);
    }
    return {};
}

double NodePicker::effectiveHealth(const QString &nodeId) const
{
    auto it = m_entries.constFind(nodeId);
    return it == m_entries.constEnd() ? 0.0 : healthOf(*it);
}

std::vector<NodeCounters> NodePicker::snapshot(qint64 nowMs) const
{
    std::vector<NodeCounters> out;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        NodeCounters c = it->counters;
        c.effectiveHealth = healthOf(*it);
        c.load = loadOf(*it);
        c.breaker = CircuitBreaker::name(it->breaker.state(nowMs));
        c.consecutiveFailures = it->breaker.consecutiveFailures();
        out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(), [](const NodeCounters &a, const NodeCounters &b) { return a.id < b.id; });
    return out;
}

QStringList NodePicker::activeModels() const
{
    QStringList models = m_byModel.keys();
    models.sort();
    return models;
}

} // namespace crosslogic
