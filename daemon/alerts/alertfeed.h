// GET /admin/alerts/stream: Server-Sent Events, one `alert` event per transition (firing, resolved, acknowledged,
// silenced, unsilenced, remediated, still_firing) with the alert as it was then; the event id is the alert_events
// id, so a client reconnecting with Last-Event-ID misses nothing. Every replica serves it by polling alert_events
// (once a second, only while someone listens), whichever replica evaluates.
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace crosslogic {

class DbPool;
class HttpExchange;

class AlertFeed : public QObject
{
    Q_OBJECT
public:
    AlertFeed(DbPool *db, QObject *parent = nullptr);
    // Starts the stream on ex: first a `snapshot` event with the open alerts, then every transition after
    // lastEventId (or after the snapshot when it is negative).
    void subscribe(HttpExchange *ex, qint64 lastEventId);
    int subscribers() const { return int(m_subscribers.size()); }

private:
    struct Subscriber
    {
        QPointer<HttpExchange> exchange;
        qint64 cursor = 0;
    };
    void poll();
    void keepAlive();

    DbPool *m_db;
    QList<Subscriber> m_subscribers;
    QTimer m_pollTimer;
    QTimer m_keepAliveTimer;
    bool m_polling = false;
};

} // namespace crosslogic
