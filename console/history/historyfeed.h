// Loads what a history chart shows: the metrics history of a range (GET /admin/metrics/history), the alerts of that
// window (GET /admin/alerts?state=all&since=…) and the rules with their thresholds (GET /admin/alerts/rules).
#pragma once

#include "history/historysnapshot.h"

#include <QElapsedTimer>
#include <QObject>

namespace crosslogic {
class AdminClient;
}

namespace crosslogic::console {

class HistoryFeed : public QObject
{
    Q_OBJECT
public:
    HistoryFeed(AdminClient *client, QObject *parent = nullptr);

    // Loads the range now (15m, 1h, 6h or 24h).
    void load(const QString &range);
    // Loads the current range again unless the last load is younger than minAgeMs (the daemon samples every 10 s).
    void reloadIfOlder(qint64 minAgeMs = 10000);
    QString range() const { return m_range; }
    const HistorySnapshot &snapshot() const { return m_snapshot; }

signals:
    void loaded(const crosslogic::console::HistorySnapshot &snapshot);
    void failed(const QString &why);

private:
    void settle();

    AdminClient *m_client;
    QString m_range = QStringLiteral("1h");
    HistorySnapshot m_snapshot;
    HistorySnapshot m_pending;
    QString m_error;
    QElapsedTimer m_age;
    QHash<QString, QJsonObject> m_rules; // the last rules answer
    QElapsedTimer m_rulesAge;
    int m_outstanding = 0;
    int m_generation = 0;
};

} // namespace crosslogic::console
