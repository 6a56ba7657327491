// PostgreSQL connections and the daemon pools over the picked range, with their alert thresholds.
#include "database/connectionshistory.h"

namespace crosslogic::console {

namespace {
// Alerts of runbook section prefix (e.g. "4." for the database).
QJsonArray alertsOfSection(const QJsonArray &alerts, const QString &prefix)
{
    QJsonArray out;
    for (const QJsonValue &v : alerts)
        if (v.toObject().value(QLatin1String("section")).toString().startsWith(prefix))
            out.append(v);
    return out;
}
} // namespace

ConnectionsHistory::ConnectionsHistory(QWidget *parent)
    : HistoryChart(tr("Connections and pool over time"), tr("connections"), tr("wait (ms)"), parent)
{
    setObjectName(QStringLiteral("connectionsHistory"));
}

void ConnectionsHistory::plot(const HistorySnapshot &s, int maxConnections)
{
    begin(s);
    const auto field = [](const QString &path) { return [path](const QJsonObject &p) { return historyNumber(p, path); }; };
    addSeries(QStringLiteral("db_connections"), tr("PostgreSQL connections"), s.segments(field(QStringLiteral("db_connections"))),
              QColor(0x15, 0x65, 0xc0));
    addSeries(QStringLiteral("pool_busy"), tr("Pool busy"), s.segments(field(QStringLiteral("pool.busy"))), QColor(0x2e, 0x7d, 0x32));
    addSeries(QStringLiteral("pool_queued"), tr("Pool waiters"), s.segments(field(QStringLiteral("pool.queued"))), QColor(0xef, 0x8f, 0x00));
    addSeries(QStringLiteral("max_wait_ms"), tr("Longest wait"), s.segments(field(QStringLiteral("pool.max_wait_ms"))),
              QColor(0x6a, 0x1b, 0x9a), Axis::Right, tr("ms"));
    const auto share = s.ruleParameter(QStringLiteral("db_connections_exhausted"), QStringLiteral("threshold"));
    if (share && maxConnections > 0)
        addThreshold(QStringLiteral("db_connections_exhausted"), tr("Connections alert"), *share * maxConnections);
    if (const auto wait = s.ruleParameter(QStringLiteral("db_pool_saturated"), QStringLiteral("threshold")))
        addThreshold(QStringLiteral("db_pool_saturated"), tr("Pool wait alert (ms)"), *wait, Axis::Right);
    addAlertMarkers(alertsOfSection(s.alerts, QStringLiteral("4.")));
    finish();
}

} // namespace crosslogic::console
