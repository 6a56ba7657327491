// The daemon's open alerts, live: GET /admin/alerts/stream (Server-Sent Events), reconnecting with
// Last-Event-ID; while the stream is down it polls GET /admin/alerts instead, and it reconciles now and then
// while streaming (pending alerts have no stream events).
#pragma once

#include "sse/sseparser.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace crosslogic {

class AdminClient;

class AlertStream : public QObject
{
    Q_OBJECT
public:
    explicit AlertStream(AdminClient *client, QObject *parent = nullptr);
    ~AlertStream() override;

    void start();
    void stop();
    bool isStreaming() const { return m_streaming; }
    // Polling period while the stream is down (default 3 s) and while it is up (default 15 s).
    void setPollIntervals(int downMs, int upMs);
    qint64 lastEventId() const { return m_lastEventId; }

signals:
    // Every open (pending or firing) alert: the stream's snapshot or a poll's answer.
    void snapshot(const QList<QJsonObject> &openAlerts);
    // One transition from the stream: firing, resolved, acknowledged, silenced, unsilenced, remediated,
    // still_firing.
    void transition(const QString &transition, const QJsonObject &alert);
    void streamingChanged(bool streaming);
    // GET /admin/alerts failed with an HTTP answer (e.g. 403, or 404 from a daemon without alerts).
    void unavailable(const QString &why);

private:
    void connectStream();
    void readStream();
    void streamEnded();
    void poll();
    void setStreaming(bool streaming);

    AdminClient *m_client;
    QPointer<QNetworkReply> m_reply;
    SseParser m_decoder;
    QTimer m_reconnect;
    QTimer m_poll;
    int m_pollDownMs = 3000;
    int m_pollUpMs = 15000;
    qint64 m_lastEventId = -1;
    bool m_streaming = false;
    bool m_running = false;
    bool m_polling = false;
};

} // namespace crosslogic
