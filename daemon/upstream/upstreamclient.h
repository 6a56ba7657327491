// HTTP/1.1 client for engine nodes (and Stripe), keep-alive pooled over its own connections (EngineConnection):
// plain http to an IP address on a bare descriptor, https and host names through QSslSocket/QTcpSocket.
#pragma once

#include "upstream/upstreamcall.h"
#include "upstream/upstreamrequest.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <algorithm>

namespace crosslogic {

class EngineConnection;
struct EngineHost;

// One per I/O thread; use it (and its calls) only from the thread it lives in. Connections are kept alive and
// reused across calls; there is no per-host cap below setMaxConnectionsPerHost() (Qt 6.4's
// QNetworkAccessManager would serialise everything behind six connections per host).
// Delete it with deleteLater() (never from inside one of its calls' signals); pending calls die silently with
// it.
class UpstreamClient : public QObject
{
    Q_OBJECT
public:
    explicit UpstreamClient(QObject *parent = nullptr);
    ~UpstreamClient() override;

    // Never blocks and never emits before returning: connect to the call's signals right after.
    UpstreamCall *start(const UpstreamRequest &request);
    // Aborts every active call; each emits finished(Cancelled) (used at shutdown).
    void abortAll();

    // 0 = unlimited. Calls over the cap wait for a free connection to that host.
    void setMaxConnectionsPerHost(int n) { m_maxPerHost = std::max(0, n); }
    int maxConnectionsPerHost() const { return m_maxPerHost; }

    int activeCalls() const { return int(m_active.size()); }
    quint64 connectionsOpened() const { return m_connectionsOpened; } // TCP connections ever opened
    int openConnections() const { return m_openConnections; }         // busy + idle (kept alive) right now

private:
    void failAtStart(UpstreamCall *call, UpstreamError error, const QString &message);
    // Emits what the connections recorded, outside their handlers: slots may cancel or start calls.
    void deliver();
    // Stops the call's deadlines and lets go of its connection (closing it if the answer was cut short).
    void detach(UpstreamCall *call);
    void finish(UpstreamCall *call, UpstreamError error, const QString &message);
    void cancel(UpstreamCall *call);
    void timedOut(UpstreamCall *call, UpstreamError error, const QString &message);
    void queueDirty(UpstreamCall *call) { m_dirty.append(call); }

    // Hosts and their keep-alive pools (connectionpool.cpp).
    EngineHost *hostFor(QByteArrayView scheme, QByteArrayView host, quint16 port);
    void dispatch(UpstreamCall *call);
    void openConnection(EngineHost *host, UpstreamCall *call);
    void dropConnection(EngineConnection *connection);
    UpstreamCall *takeWaiting(EngineHost *host); // the next waiting call still worth a connection, or nullptr
    void endCall(UpstreamCall *call, UpstreamError error, const QString &message);
    void scheduleDeliver();
    void sweepIdle();
    // From EngineConnection, on its own events; each is followed by deliver().
    void connectionFailed(EngineConnection *connection, const QString &message);
    void responseComplete(EngineConnection *connection, bool reusable);
    void responseFailed(EngineConnection *connection, UpstreamError error, const QString &message);
    void idleConnectionBroken(EngineConnection *connection);

    QSet<UpstreamCall *> m_active;
    QList<QPointer<UpstreamCall>> m_dirty;
    // Unlimited by default: every held SSE stream needs its own HTTP/1.1 connection, so a cap silently queues the
    // streams beyond it (with 1024, the 1,025th concurrent stream to one node never started; see docs/benchmarks.md).
    int m_maxPerHost = 0;
    bool m_closing = false; // destructor: no new connections
    bool m_deliverQueued = false;
    QHash<QByteArray, EngineHost *> m_hosts;
    int m_idleConnections = 0;
    QTimer m_idleSweep;
    quint64 m_connectionsOpened = 0;
    int m_openConnections = 0;

    friend class UpstreamCall;
    friend class EngineConnection;
};

} // namespace crosslogic
