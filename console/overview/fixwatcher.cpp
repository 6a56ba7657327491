// After a fix of an alert was applied: watches the alert and says whether it resolved or is still open.
#include "overview/fixwatcher.h"

#include <QSet>

namespace crosslogic::console {

FixWatcher::FixWatcher(QObject *parent) : QObject(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &FixWatcher::tick);
}

void FixWatcher::setDeadlines(int deadlineMs, int giveUpMs)
{
    m_deadlineMs = deadlineMs;
    m_giveUpMs = giveUpMs;
}

void FixWatcher::watch(const QJsonObject &alert, const QString &fixTitle)
{
    Watch w;
    w.summary = alert.value(QLatin1String("summary")).toString();
    w.fix = fixTitle;
    w.since.start();
    m_watches.insert(alert.value(QLatin1String("id")).toInteger(), w);
    m_tick.start();
}

void FixWatcher::onSnapshot(const QList<QJsonObject> &openAlerts)
{
    QSet<qint64> open;
    for (const QJsonObject &a : openAlerts) {
        const qint64 id = a.value(QLatin1String("id")).toInteger();
        open.insert(id);
        if (auto it = m_watches.find(id); it != m_watches.end())
            it->summary = a.value(QLatin1String("summary")).toString();
    }
    // Snapshots list every open alert: a watched one that is missing has resolved.
    const QList<qint64> watched = m_watches.keys();
    for (qint64 id : watched)
        if (!open.contains(id))
            resolved(id);
}

void FixWatcher::onTransition(const QString &transition, const QJsonObject &alert)
{
    const qint64 id = alert.value(QLatin1String("id")).toInteger();
    auto it = m_watches.find(id);
    if (it == m_watches.end())
        return;
    it->summary = alert.value(QLatin1String("summary")).toString();
    if (transition == QLatin1String("resolved"))
        resolved(id);
    else if (transition == QLatin1String("still_firing"))
        stillFailing(id);
}

void FixWatcher::resolved(qint64 id)
{
    const Watch w = m_watches.take(id);
    emit verdict(id, true, tr("fixed: %1 — resolved after %2 s").arg(w.summary).arg(w.since.elapsed() / 1000));
    if (m_watches.isEmpty())
        m_tick.stop();
}

void FixWatcher::stillFailing(qint64 id)
{
    auto it = m_watches.find(id);
    if (it == m_watches.end() || it->toldStillFailing)
        return;
    it->toldStillFailing = true;
    emit verdict(id, false,
                 tr("still failing after %1 s: %2 (%3 did not resolve it)")
                     .arg(it->since.elapsed() / 1000)
                     .arg(it->summary, it->fix));
}

void FixWatcher::tick()
{
    const QList<qint64> watched = m_watches.keys();
    for (qint64 id : watched) {
        const qint64 elapsed = m_watches.value(id).since.elapsed();
        if (elapsed >= m_giveUpMs)
            m_watches.remove(id);
        else if (elapsed >= m_deadlineMs)
            stillFailing(id);
    }
    if (m_watches.isEmpty())
        m_tick.stop();
}

} // namespace crosslogic::console
