// After a fix of an alert was applied: watches the alert and says whether it resolved ("fixed: … resolved
// after 12 s") or is still open after the deadline ("still failing after 60 s: …"). Keeps watching until the
// daemon's remediation window ends, so a late resolution is still reported.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

namespace crosslogic::console {

class FixWatcher : public QObject
{
    Q_OBJECT
public:
    explicit FixWatcher(QObject *parent = nullptr);

    // deadlineMs: when "still failing" is said (default 60 s); giveUpMs: when watching ends (the daemon's 600
    // s).
    void setDeadlines(int deadlineMs, int giveUpMs);
    void watch(const QJsonObject &alert, const QString &fixTitle);
    bool isWatching(qint64 alertId) const { return m_watches.contains(alertId); }

    // Fed by the alert stream.
    void onSnapshot(const QList<QJsonObject> &openAlerts);
    void onTransition(const QString &transition, const QJsonObject &alert);

signals:
    // fixed: the alert resolved; otherwise it is still open. text is what the status bar shows.
    void verdict(qint64 alertId, bool fixed, const QString &text);

private:
    struct Watch
    {
        QString summary;
        QString fix;
        QElapsedTimer since;
        bool toldStillFailing = false;
    };
    void resolved(qint64 id);
    void stillFailing(qint64 id);
    void tick();

    QHash<qint64, Watch> m_watches;
    QTimer m_tick;
    int m_deadlineMs = 60000;
    int m_giveUpMs = 600000;
};

} // namespace crosslogic::console
