// Loads the metrics history of a range with the alerts of that window and the rules' thresholds.
#include "history/historyfeed.h"

#include "adminclient/adminclient.h"

#include <QDateTime>
#include <QUrlQuery>

namespace crosslogic::console {

namespace {
qint64 rangeMs(const QString &range)
{
    if (range == QLatin1String("15m"))
        return 15 * 60000;
    if (range == QLatin1String("6h"))
        return 6 * 3600000;
    if (range == QLatin1String("24h"))
        return 24 * 3600000;
    return 3600000;
}

// Where an alert's marker goes: when it fired, else when it opened.
qint64 markerTime(const QJsonObject &alert)
{
    const qint64 firing = historyTimeMs(alert.value(QLatin1String("firing_at")));
    return firing != 0 ? firing : historyTimeMs(alert.value(QLatin1String("started_at")));
}
} // namespace

HistoryFeed::HistoryFeed(AdminClient *client, QObject *parent) : QObject(parent), m_client(client) {}

void HistoryFeed::reloadIfOlder(qint64 minAgeMs)
{
    if (m_outstanding > 0 || (m_age.isValid() && m_age.elapsed() < minAgeMs))
        return;
    load(m_range);
}

void HistoryFeed::load(const QString &range)
{
    m_range = range;
    m_age.start();
    const int generation = ++m_generation; // answers of an older load (another range) are dropped
    m_pending = HistorySnapshot();
    m_pending.range = range;
    m_error.clear();
    // The rules change rarely: asked again at most once a minute.
    const bool askRules = m_rules.isEmpty() || !m_rulesAge.isValid() || m_rulesAge.elapsed() > 60000;
    m_pending.rules = m_rules;
    m_outstanding = askRules ? 3 : 2;
    m_client->get(QStringLiteral("/admin/metrics/history"), this,
                  [this, generation](const AdminResponse &r) {
                      if (generation != m_generation)
                          return;
                      if (!r.ok() || !m_pending.readHistory(r.object()))
                          m_error = r.forbidden() ? tr("Your role cannot read the metrics history (needs 'alerts').")
                                                  : tr("Could not load the history: %1").arg(r.errorMessage());
                      settle();
                  },
                  QUrlQuery{{QStringLiteral("range"), range}});
    const QString since = QDateTime::currentDateTimeUtc().addMSecs(-rangeMs(range)).toString(Qt::ISODateWithMs);
    m_client->get(QStringLiteral("/admin/alerts"), this,
                  [this, generation](const AdminResponse &r) {
                      if (generation != m_generation)
                          return;
                      if (r.ok())
                          m_pending.alerts = r.object().value(QLatin1String("data")).toArray();
                      settle();
                  },
                  QUrlQuery{{QStringLiteral("state"), QStringLiteral("all")}, {QStringLiteral("since"), since},
                            {QStringLiteral("limit"), QStringLiteral("500")}});
    if (!askRules)
        return;
    m_client->get(QStringLiteral("/admin/alerts/rules"), this, [this, generation](const AdminResponse &r) {
        if (generation != m_generation)
            return;
        if (r.ok()) {
            m_pending.rules.clear();
            for (const QJsonValue &v : r.object().value(QLatin1String("data")).toArray())
                m_pending.rules.insert(v.toObject().value(QLatin1String("id")).toString(), v.toObject());
            m_rules = m_pending.rules;
            m_rulesAge.start();
        }
        settle();
    });
}

void HistoryFeed::settle()
{
    if (--m_outstanding > 0)
        return;
    if (!m_error.isEmpty()) {
        emit failed(m_error);
        return;
    }
    // Only alerts whose marker falls inside the window.
    QJsonArray inside;
    for (const QJsonValue &v : std::as_const(m_pending.alerts)) {
        const qint64 at = markerTime(v.toObject());
        if (at >= m_pending.fromMs && at <= m_pending.toMs)
            inside.append(v);
    }
    m_pending.alerts = inside;
    m_snapshot = m_pending;
    emit loaded(m_snapshot);
}

} // namespace crosslogic::console
