// Overview: quick health check tiles (GET /admin/health-check, /health) and the live traffic chart (/metrics).
#include "overview/overviewview.h"

#include "adminclient/adminclient.h"
#include "common/statustile.h"
#include "overview/trafficchart.h"

#include <QDateTime>
#include <QGridLayout>
#include <QVBoxLayout>

namespace crosslogic::console {

OverviewView::OverviewView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("overview"), tr("Overview"), 2000, parent),
      m_chart(new TrafficChart(content()))
{
    auto *layout = new QVBoxLayout(content());
    auto *grid = new QGridLayout;
    grid->setSpacing(10);
    const QList<QPair<QString, QString>> tiles = {
        {QStringLiteral("api"), tr("API")},
        {QStringLiteral("database"), tr("Database")},
        {QStringLiteral("redis"), tr("Redis")},
        {QStringLiteral("active_nodes"), tr("Active nodes")},
        {QStringLiteral("stale_nodes"), tr("Stale nodes")},
        {QStringLiteral("recent_errors"), tr("Error rate")},
        {QStringLiteral("request_rate"), tr("Request rate")},
        {QStringLiteral("db_connections"), tr("DB connections")},
    };
    for (int i = 0; i < tiles.size(); ++i) {
        auto *tile = new StatusTile(tiles[i].second, content());
        m_tiles.insert(tiles[i].first, tile);
        grid->addWidget(tile, i / 4, i % 4);
    }
    layout->addLayout(grid);
    layout->addWidget(m_chart, 1);
}

void OverviewView::refresh()
{
    if (!beginRound(3))
        return;
    m_ctx.client->get(QStringLiteral("/health"), this, [this](const AdminResponse &r) {
        if (r.reachable())
            showHealth(r.object(), r.status);
        settle();
    });
    m_ctx.client->get(QStringLiteral("/admin/health-check"), this, [this](const AdminResponse &r) {
        if (r.ok()) {
            showHealthCheck(r.object());
        } else if (r.forbidden()) {
            for (const char *key : {"stale_nodes", "recent_errors", "db_connections"})
                m_tiles.value(QString::fromLatin1(key))
                    ->setState(StatusLevel::Unknown, tr("n/a"), tr("The health check needs the 'nodes' permission (sre role)."));
        }
        settle();
    });
    m_ctx.client->get(QStringLiteral("/metrics"), this, [this](const AdminResponse &r) {
        if (r.ok())
            showMetrics(r.body);
        settle();
    });
}

void OverviewView::showHealth(const QJsonObject &health, int status)
{
    const auto part = [&](const char *key) { return health.value(QLatin1String(key)).toString(); };
    m_tiles.value(QStringLiteral("api"))->setState(status == 200 ? StatusLevel::Ok : StatusLevel::Fail, status == 200 ? tr("Up") : tr("Degraded"),
                                                   tr("GET /health answered %1").arg(status));
    m_tiles.value(QStringLiteral("database"))->setState(statusLevel(part("database")), part("database"));
    m_tiles.value(QStringLiteral("redis"))->setState(statusLevel(part("redis")), part("redis"));
    const int nodes = health.value(QLatin1String("nodes_active")).toInt();
    m_tiles.value(QStringLiteral("active_nodes"))->setState(nodes > 0 ? StatusLevel::Ok : StatusLevel::Fail, QString::number(nodes),
                                                            nodes > 0 ? tr("serving inference") : tr("no active nodes: requests get 503"));
}

void OverviewView::showHealthCheck(const QJsonObject &report)
{
    const QJsonObject checks = report.value(QLatin1String("checks")).toObject();
    for (auto it = checks.begin(); it != checks.end(); ++it) {
        StatusTile *tile = m_tiles.value(it.key());
        if (!tile)
            continue;
        const QJsonObject check = it.value().toObject();
        QString value = check.value(QLatin1String("status")).toString().toUpper();
        if (check.contains(QLatin1String("count")))
            value = QString::number(check.value(QLatin1String("count")).toInteger());
        else if (check.contains(QLatin1String("latency_ms")))
            value = tr("%1 ms").arg(check.value(QLatin1String("latency_ms")).toDouble(), 0, 'f', 1);
        if (it.key() == QLatin1String("recent_errors")) {
            const double requests = check.value(QLatin1String("requests")).toDouble();
            const double errors = check.value(QLatin1String("count")).toDouble();
            value = requests > 0 ? QStringLiteral("%1 %").arg(errors / requests * 100.0, 0, 'f', 1) : QStringLiteral("0 %");
        }
        tile->setState(statusLevel(check.value(QLatin1String("status")).toString()), value,
                       check.value(QLatin1String("detail")).toString());
    }
}

void OverviewView::showMetrics(const QByteArray &text)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const std::optional<TrafficSample> sample = m_sampler.add(text, now);
    StatusTile *rate = m_tiles.value(QStringLiteral("request_rate"));
    if (!sample) {
        rate->setState(StatusLevel::Unknown, tr("…"), tr("measuring (needs two scrapes)"));
        return;
    }
    m_chart->addSample(now, sample->requestsPerSecond, sample->meanLatencyMs);
    const StatusLevel level = sample->errorRatio > 0.05 ? StatusLevel::Fail : sample->errorRatio > 0.01 ? StatusLevel::Warn : StatusLevel::Ok;
    rate->setState(level, tr("%1/s").arg(sample->requestsPerSecond, 0, 'f', 1),
                   tr("mean latency %1 ms, %2 % 5xx").arg(sample->meanLatencyMs, 0, 'f', 1).arg(sample->errorRatio * 100, 0, 'f', 1));
}

} // namespace crosslogic::console
