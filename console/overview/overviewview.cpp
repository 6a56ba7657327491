// Overview, "what is wrong now": the open alerts on top, health tiles, the gateway's requests/s by status class and
// the traffic chart from the daemon's metrics history.
#include "overview/overviewview.h"

#include "adminclient/adminclient.h"
#include "common/daemontext.h"
#include "common/statustile.h"
#include "overview/alertpanel.h"
#include "history/historypanel.h"
#include "overview/trafficchart.h"

#include <QDateTime>
#include <QGridLayout>
#include <QLocale>
#include <QVBoxLayout>

namespace crosslogic::console {

namespace {
struct ClassTile
{
    const char *key;
    StatusClass statusClass;
};
constexpr ClassTile kClassTiles[] = {{"rate_2xx", StatusClass::Success},     {"rate_401", StatusClass::Unauthorized},
                                     {"rate_403", StatusClass::Forbidden},   {"rate_429", StatusClass::RateLimited},
                                     {"rate_5xx", StatusClass::ServerError}};
} // namespace

OverviewView::OverviewView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("overview"), tr("Overview"), 2000, parent), m_alerts(new AlertPanel(context, content())),
      m_history(new HistoryPanel(context.client, QStringLiteral("15m"), content())), m_chart(new TrafficChart)
{
    auto *layout = new QVBoxLayout(content());
    layout->setSpacing(8);
    layout->addWidget(m_alerts, 2);
    auto *health = new QGridLayout;
    health->setSpacing(8);
    addTile(health, QStringLiteral("api"), tr("API"), 0);
    addTile(health, QStringLiteral("database"), tr("Database"), 1);
    addTile(health, QStringLiteral("redis"), tr("Redis"), 2);
    addTile(health, QStringLiteral("active_nodes"), tr("Active nodes"), 3);
    addTile(health, QStringLiteral("stale_nodes"), tr("Stale nodes"), 4);
    addTile(health, QStringLiteral("db_connections"), tr("DB connections"), 5);
    // request_logs rows with a 5xx or a failed stream: refusals (401/403/429) are not in it.
    addTile(health, QStringLiteral("recent_errors"), tr("Failed inference"), 6);
    layout->addLayout(health);
    auto *traffic = new QGridLayout;
    traffic->setSpacing(8);
    addTile(traffic, QStringLiteral("request_rate"), tr("Gateway requests"), 0);
    addTile(traffic, QStringLiteral("rate_2xx"), tr("2xx answered"), 1);
    addTile(traffic, QStringLiteral("rate_401"), tr("401 bad key"), 2);
    addTile(traffic, QStringLiteral("rate_403"), tr("403 refused"), 3);
    addTile(traffic, QStringLiteral("rate_429"), tr("429 rate-limited"), 4);
    addTile(traffic, QStringLiteral("rate_5xx"), tr("5xx server error"), 5);
    layout->addLayout(traffic);
    m_chart->setMinimumHeight(210);
    m_history->addChart(m_chart);
    layout->addWidget(m_history, 2);
    connect(m_history, &HistoryPanel::loaded, m_chart, &TrafficChart::plot);
    for (QGridLayout *grid : {health, traffic})
        for (int c = 0; c < grid->columnCount(); ++c)
            grid->setColumnStretch(c, 1); // equal widths, whatever the detail texts say
    connect(m_alerts, &AlertPanel::criticalAlert, this, &OverviewView::criticalAlert);
    connect(m_alerts, &AlertPanel::message, this, &ConsoleView::message);
}

StatusTile *OverviewView::addTile(QGridLayout *grid, const QString &key, const QString &caption, int column)
{
    auto *tile = new StatusTile(caption, content());
    tile->setProperty("tileKey", key);
    tile->setMinimumSize(140, 78);
    m_tiles.insert(key, tile);
    grid->addWidget(tile, 0, column);
    return tile;
}

void OverviewView::applyRole()
{
    m_alerts->setRole(role());
}

void OverviewView::refresh()
{
    if (!hasLoaded())
        m_alerts->start(); // once: the alert stream keeps itself up
    if (!beginRound(3))
        return;
    m_history->refresh();
    m_ctx.client->get(QStringLiteral("/health"), this, [this](const AdminResponse &r) {
        if (r.reachable())
            showHealth(r.object(), r.status);
        else
            showUnreachable(r.errorMessage());
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

void OverviewView::staleChanged(bool stale)
{
    if (stale)
        showUnreachable(tr("the daemon is not answering"));
}

void OverviewView::showUnreachable(const QString &why)
{
    m_tiles.value(QStringLiteral("api"))->setState(StatusLevel::Fail, tr("unreachable"), why);
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
        QString value = DaemonText::status(check.value(QLatin1String("status")).toString()).toUpper();
        QString detail = DaemonText::healthDetail(it.key(), check);
        if (check.contains(QLatin1String("count")))
            value = QString::number(check.value(QLatin1String("count")).toInteger());
        else if (check.contains(QLatin1String("latency_ms")))
            value = tr("%1 ms").arg(QLocale().toString(check.value(QLatin1String("latency_ms")).toDouble(), 'f', 1));
        if (it.key() == QLatin1String("recent_errors")) {
            const double requests = check.value(QLatin1String("requests")).toDouble();
            const double errors = check.value(QLatin1String("count")).toDouble();
            value = requests > 0 ? QStringLiteral("%1 %").arg(QLocale().toString(errors / requests * 100.0, 'f', 1)) : QStringLiteral("0 %");
            const int minutes = check.value(QLatin1String("minutes")).toInt();
            detail = tr("%1 of %2 failed or 5xx in %3 min").arg(qint64(errors)).arg(qint64(requests)).arg(minutes);
            tile->setState(statusLevel(check.value(QLatin1String("status")).toString()), value, detail);
            tile->setToolTip(tr("Inference requests in the last %1 min that failed or were answered 5xx (request_logs); "
                                "refusals (401, 403, 429) are not counted: see the tiles below")
                                 .arg(minutes));
            continue;
        }
        tile->setState(statusLevel(check.value(QLatin1String("status")).toString()), value, detail);
    }
}

void OverviewView::showMetrics(const QByteArray &text)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const std::optional<TrafficSample> sample = m_sampler.add(text, now);
    if (!sample) {
        for (const QString &key : {QStringLiteral("request_rate"), QStringLiteral("rate_2xx"), QStringLiteral("rate_401"), QStringLiteral("rate_403"),
                                   QStringLiteral("rate_429"), QStringLiteral("rate_5xx")})
            m_tiles.value(key)->setState(StatusLevel::Unknown, tr("…"), tr("measuring (needs two scrapes)"));
        return;
    }
    const StatusLevel level = sample->errorRatio > 0.05 ? StatusLevel::Fail : sample->errorRatio > 0.01 ? StatusLevel::Warn : StatusLevel::Ok;
    m_tiles.value(QStringLiteral("request_rate"))
        ->setState(level, tr("%L1/s").arg(sample->requestsPerSecond, 0, 'f', 1),
                   tr("/v1 routes over %1 s; mean latency %L2 ms").arg(sample->seconds, 0, 'f', 0).arg(sample->meanLatencyMs, 0, 'f', 1));
    for (const ClassTile &t : kClassTiles) {
        const double rate = sample->rate(t.statusClass);
        const double share = sample->share(t.statusClass);
        StatusLevel tileLevel = StatusLevel::Ok;
        if (t.statusClass == StatusClass::ServerError)
            tileLevel = share > 0.05 ? StatusLevel::Fail : rate > 0 ? StatusLevel::Warn : StatusLevel::Ok;
        else if (t.statusClass != StatusClass::Success)
            tileLevel = rate > 0 ? StatusLevel::Warn : StatusLevel::Ok;
        m_tiles.value(QString::fromLatin1(t.key))
            ->setState(tileLevel, tr("%L1/s").arg(rate, 0, 'f', 1), tr("%L1 % of gateway requests").arg(share * 100, 0, 'f', 1));
    }
}

} // namespace crosslogic::console
