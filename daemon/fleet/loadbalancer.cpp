// The gateway's NodeSelector: active nodes and routing strategies refreshed from PostgreSQL off the request path.
#include "fleet/loadbalancer.h"

#include "config/configslot.h"
#include "metrics/servicemetrics.h"
#include "core/log.h"
#include "store/sqljson.h"

namespace crosslogic {

QByteArray normaliseEndpoint(QByteArray url)
{
    while (url.endsWith('/'))
        url.chop(1);
    if (url.endsWith("/v1"))
        url.chop(3);
    return url;
}

LoadBalancer::LoadBalancer(const ConfigSlot &config, DbPool *db, ServiceMetrics *metrics, int refreshMs, QObject *parent) : QObject(parent), m_config(config), m_db(db), m_metrics(metrics)
{
    m_clock.start();
    connect(&m_timer, &QTimer::timeout, this, &LoadBalancer::refresh);
    m_timer.start(refreshMs);
    refresh();
    // nodes_active and node_health_score as this replica routes on them, computed when /metrics is scraped.
    m_metrics->registry().onScrape([this] {
        const std::vector<NodeCounters> nodes = snapshot();
        m_metrics->nodesActive.get().set(double(nodes.size()));
        for (const NodeCounters &n : nodes)
            m_metrics->nodeHealthScore.labels({n.id.toUtf8()}).set(n.effectiveHealth);
    });
}

void LoadBalancer::refresh()
{
    if (m_refreshing)
        return;
    m_refreshing = true;
    m_db->run(this, [](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral(
            "SELECT json_build_object("
            " 'active', (SELECT coalesce(json_agg(json_build_object('id', id, 'model', model_name, 'url', endpoint_url,"
            "   'running', engine_running, 'waiting', engine_waiting, 'kv', kv_cache_usage, 'max', max_concurrency,"
            "   'health', health_score, 'age', coalesce(extract(epoch FROM now() - last_heartbeat_at), 0)) ORDER BY id), '[]')"
            "   FROM nodes WHERE status = 'active' AND endpoint_url IS NOT NULL AND endpoint_url <> ''),"
            " 'routing', (SELECT coalesce(json_object_agg(model_name, strategy), '{}') FROM routing_config),"
            " 'prices', (SELECT coalesce(json_object_agg(name, json_build_array(input_price_micros_per_mtok, output_price_micros_per_mtok)), '{}') FROM models),"
            " 'known', (SELECT coalesce(json_agg(DISTINCT m), '[]') FROM (SELECT model_name AS m FROM nodes WHERE status <> 'terminated'"
            "           UNION SELECT name FROM models) x),"
            // /v1/models' created: a model's first registration, over all its node rows (terminated ones too).
            " 'created', (SELECT coalesce(json_object_agg(model_name, t), '{}') FROM (SELECT model_name,"
            "   extract(epoch FROM min(created_at))::bigint AS t FROM nodes WHERE model_name IN"
            "   (SELECT model_name FROM nodes WHERE status = 'active') GROUP BY model_name) c))"));
    }, [this](Result<Json> r) {
        m_refreshing = false;
        if (!r.ok()) {
            spdlog::debug("load balancer: refresh failed, keeping the last view: {}", qs(r.error()));
            return;
        }
        std::vector<FleetNode> nodes;
        for (const auto &n : (*r)["active"]) {
            FleetNode f;
            f.target = NodeTarget{QString::fromStdString(n["id"].get<std::string>()),
                                  normaliseEndpoint(QByteArray::fromStdString(n["url"].get<std::string>())),
                                  QString::fromStdString(n["model"].get<std::string>())};
            f.engineRunning = n.value("running", 0);
            f.engineWaiting = n.value("waiting", 0);
            f.kvCacheUsage = n.value("kv", 0.0);
            f.maxConcurrency = n.value("max", 256);
            f.healthScore = n.value("health", 100.0);
            f.heartbeatAgeS = n.value("age", 0.0);
            nodes.push_back(std::move(f));
        }
        RoutingStrategy global = RoutingStrategy::HealthWeighted;
        QHash<QString, RoutingStrategy> perModel;
        for (auto it = (*r)["routing"].begin(); it != (*r)["routing"].end(); ++it) {
            if (!it->is_string())
                continue;
            auto s = parseRoutingStrategy(QString::fromStdString(it->get<std::string>()));
            if (!s)
                continue;
            if (it.key() == "*")
                global = *s;
            else
                perModel.insert(QString::fromStdString(it.key()), *s);
        }
        QSet<QString> known;
        for (const auto &m : (*r)["known"])
            if (m.is_string())
                known.insert(QString::fromStdString(m.get<std::string>()));
        QHash<QString, qint64> created;
        for (auto it = (*r)["created"].begin(); it != (*r)["created"].end(); ++it)
            if (it->is_number_integer())
                created.insert(QString::fromStdString(it.key()), it->get<qint64>());
        QHash<QString, ModelPrice> prices;
        for (auto it = (*r)["prices"].begin(); it != (*r)["prices"].end(); ++it)
            if (it->is_array() && it->size() == 2)
                prices.insert(QString::fromStdString(it.key()), ModelPrice{(*it)[0].get<qint64>(), (*it)[1].get<qint64>()});
        const auto cfg = m_config.get();
        std::lock_guard lock(m_mutex);
        m_prices = std::move(prices);
        m_picker.setSettings({cfg->lbFailureThreshold, cfg->lbCooldownMs, double(cfg->nodeStaleSeconds)});
        m_picker.setNodes(std::move(nodes));
        m_picker.setStrategies(global, std::move(perModel));
        m_known = std::move(known);
        m_created = std::move(created);
        emit refreshed();
    });
}

std::optional<NodeTarget> LoadBalancer::pick(const QString &model, const QSet<QString> &exclude)
{
    std::lock_guard lock(m_mutex);
    return m_picker.pick(model, exclude, nowMs());
}

QStringList LoadBalancer::activeModels() const
{
    std::lock_guard lock(m_mutex);
    return m_picker.activeModels();
}

bool LoadBalancer::knowsModel(const QString &model) const
{
    std::lock_guard lock(m_mutex);
    return m_known.contains(model) || m_picker.hasModel(model);
}

ModelPrice LoadBalancer::priceOf(const QString &model) const
{
    std::lock_guard lock(m_mutex);
    return m_prices.value(model);
}

qint64 LoadBalancer::modelCreated(const QString &model) const
{
    std::lock_guard lock(m_mutex);
    return m_created.value(model, 0);
}

void LoadBalancer::requestStarted(const QString &nodeId)
{
    std::lock_guard lock(m_mutex);
    m_picker.started(nodeId, nowMs());
}

void LoadBalancer::requestFinished(const QString &nodeId, bool ok, qint64 timeToFirstByteMs)
{
    QString change;
    {
        std::lock_guard lock(m_mutex);
        change = m_picker.finished(nodeId, ok, timeToFirstByteMs, nowMs());
    }
    if (!change.isEmpty())
        spdlog::warn("load balancer: {}", qs(change));
}

std::vector<NodeCounters> LoadBalancer::snapshot() const
{
    std::lock_guard lock(m_mutex);
    return m_picker.snapshot(nowMs());
}

QString LoadBalancer::strategyFor(const QString &model) const
{
    std::lock_guard lock(m_mutex);
    return QString::fromLatin1(routingStrategyName(m_picker.strategyFor(model)));
}

} // namespace crosslogic
