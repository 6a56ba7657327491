// One in-flight request to an engine node: emits the response head, body chunks as they arrive, and the end.
#pragma once

#include "upstream/upstreamrequest.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QObject>
#include <QString>
#include <utility>
#include <vector>

namespace crosslogic {

class UpstreamClient;
class EngineConnection;
struct EngineHost;

// Monotonic milliseconds, the clock of every upstream deadline.
qint64 upstreamNowMs();

// Created by UpstreamClient::start(); owned by the client, which deletes it (deleteLater) after finished() or
// cancel(). Keep it in a QPointer if it can outlive the call. Signals are never emitted from inside start()
// nor from inside a connection's handlers, so every slot may call cancel(), start() other calls, or delete
// unrelated objects.
class UpstreamCall : public QObject
{
    Q_OBJECT
public:
    ~UpstreamCall() override;

    // Aborts now and closes the upstream connection (the engine sees the disconnect at once). No signal is
    // emitted after cancel() returns, not even finished(). Safe from any slot, including one connected to
    // dataReceived.
    void cancel();

    bool isActive() const { return m_state == State::Active; }
    int status() const { return m_status; } // 0 until responseStarted()
    // Response header value (name case-insensitive); empty when absent. The last one wins for repeated names.
    QByteArray header(QByteArrayView name) const;
    const std::vector<std::pair<QByteArray, QByteArray>> &responseHeaders() const
    {
        return m_responseHeaders;
    }

signals:
    void responseStarted(int status); // status line and headers received
    void dataReceived(
        const QByteArray &chunk); // decoded body bytes as they arrive; the whole body is never buffered
    // Last signal of a call that was not cancelled. error == None: the response was received completely.
    void finished(crosslogic::UpstreamError error, const QString &message);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class State
    {
        Active,
        Finished,
        Cancelled
    };
    UpstreamCall(UpstreamClient *client, const UpstreamRequest &request);

    void noteActivity();
    // The connection is ready and the request is being sent (the first-byte deadline starts).
    void connectionReady();
    void armWatchdog();
    void markDirty();

    UpstreamClient *m_client;
    State m_state = State::Active;
    int m_firstByteTimeoutMs;
    int m_idleTimeoutMs;
    int m_totalTimeoutMs;
    qint64 m_startedAt;
    qint64 m_connectedAt = -1;
    qint64 m_lastByteAt = -1;
    QBasicTimer m_watchdog;

    int m_status = 0;
    bool m_headersComplete = false;
    std::vector<std::pair<QByteArray, QByteArray>> m_responseHeaders;
    bool m_dirty = false;          // queued for delivery once the connection's handler returns
    bool m_pendingStarted = false; // responseStarted() not yet emitted
    QByteArray m_pendingData;      // body bytes not yet emitted

    EngineHost *m_host = nullptr;
    EngineConnection *m_connection = nullptr;
    QByteArray m_request;          // head + body; dropped once answered (kept before: a stale connection is retried)
    int m_connectTimeoutMs = 0;
    qint64 m_connectStartedAt = -1;
    bool m_headMethod = false;
    bool m_retried = false;        // sent again once on a fresh connection after a kept-alive one turned out closed
    bool m_done = false;           // answered or failed: finished() is emitted by UpstreamClient::deliver()
    UpstreamError m_doneError = UpstreamError::None;
    QString m_doneMessage;

    friend class UpstreamClient;
    friend class EngineConnection;
};

} // namespace crosslogic
