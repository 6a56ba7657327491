// The minimal node selector: active nodes read from PostgreSQL every second (off the request path), round robin.
#include "fleet/activenodecache.h"

#include "app/services.h"
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

ActiveNodeCache::ActiveNodeCache(Services &services, int refreshMs, QObject *parent) : QObject(parent), m_services(services)
{
    connect(&m_timer, &QTimer::timeout, this, &ActiveNodeCache::refresh);
    m_timer.start(refreshMs);
    refresh();
}

void ActiveNodeCache::refresh()
{
    if (m_refreshing)
        return;
    m_refreshing = true;
    m_services.db->run(this, [](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral(
            "SELECT json_build_object("
            " 'active', (SELECT coalesce(json_agg(json_build_object('id', id, 'model', model_name, 'url', endpoint_url) ORDER BY id), '[]')"
            "            FROM nodes WHERE status = 'active' AND endpoint_url IS NOT NULL),"
            " 'known', (SELECT coalesce(json_agg(DISTINCT m), '[]') FROM (SELECT model_name AS m FROM nodes WHERE status <> 'terminated'"
            "           UNION SELECT name FROM models) x))"));
    }, [this](Result<Json> r) {
        m_refreshing = false;
        if (!r.ok()) {
            spdlog::debug("node cache: refresh failed, keeping the last view: {}", qs(r.error()));
            return;
        }
        QHash<QString, std::vector<NodeTarget>> active;
        for (const auto &n : (*r)["active"]) {
            NodeTarget t{QString::fromStdString(n["id"].get<std::string>()),
                         normaliseEndpoint(QByteArray::fromStdString(n["url"].get<std::string>())),
                         QString::fromStdString(n["model"].get<std::string>())};
            active[t.model].push_back(t);
        }
        QSet<QString> known;
        for (const auto &m : (*r)["known"])
            if (m.is_string())
                known.insert(QString::fromStdString(m.get<std::string>()));
        m_active = std::move(active);
        m_known = std::move(known);
    });
}

std::optional<NodeTarget> ActiveNodeCache::pick(const QString &model, const QSet<QString> &exclude)
{
    auto it = m_active.constFind(model);
    if (it == m_active.constEnd() || it->empty())
        return std::nullopt;
    const auto &nodes = *it;
    quint64 &next = m_next[model];
    for (size_t i = 0; i < nodes.size(); ++i) {
        const NodeTarget &t = nodes[(next + i) % nodes.size()];
        if (!exclude.contains(t.id)) {
            next = next + i + 1;
            return t;
        }
    }
    return std::nullopt;
}

QStringList ActiveNodeCache::activeModels() const
{
    QStringList models;
    for (auto it = m_active.cbegin(); it != m_active.cend(); ++it)
        if (!it->empty())
            models << it.key();
    models.sort();
    return models;
}

bool ActiveNodeCache::knowsModel(const QString &model) const
{
    return m_known.contains(model) || m_active.contains(model);
}

} // namespace crosslogic
