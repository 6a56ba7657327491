// HTTP/1.1 client for engine nodes, keep-alive pooled: its own connections (EngineConnection) for plain http to an
// IP address, libcurl's multi interface driven by the Qt event loop for the rest (https, host names).
#pragma once

#include "upstream/upstreamcall.h"
#include "upstream/upstreamrequest.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <vector>

class QSocketNotifier;

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
    void setMaxConnectionsPerHost(int n);
    // true (the default): plain http:// to an IP address (or localhost) uses the client's own HTTP/1.1
    // connections, which cost a fraction of curl's CPU and memory per call; false: libcurl for every call.
    void setOwnHttpEnabled(bool on) { m_ownHttp = on; }
    int maxConnectionsPerHost() const { return m_maxPerHost; }

    int activeCalls() const { return int(m_active.size()); }
    quint64 connectionsOpened() const { return m_connectionsOpened; } // TCP connections ever opened
    int openConnections() const { return m_openConnections; }         // busy + idle (kept alive) right now

private:
    struct SocketWatch
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
    };

    // From libcurl callbacks (see UpstreamCurlGlue in the .cpp).
    void watchSocket(int fd, int curlWhat);
    void socketOpened()
    {
        ++m_connectionsOpened;
        ++m_openConnections;
    }
    void socketClosed(int fd);

    void configure(UpstreamCall *call, const UpstreamRequest &request);
    void driveCurl(int fd, int curlEvent);
    void deliver();
    void complete(UpstreamCall *call, int curlCode);
    // Removes the call's handle from curl (closing its connection if the transfer was cut short) and recycles
    // it.
    void detach(UpstreamCall *call);
    void finish(UpstreamCall *call, UpstreamError error, const QString &message);
    void cancel(UpstreamCall *call);
    void timedOut(UpstreamCall *call, UpstreamError error, const QString &message);
    void queueDirty(UpstreamCall *call) { m_dirty.append(call); }
    void *acquireEasy();
    void releaseEasy(void *easy);

    // The own HTTP/1.1 path (engineconnection.h).
    bool startOwn(UpstreamCall *call, const UpstreamRequest &request); // false: the URL is not for it
    EngineHost *hostFor(QByteArrayView scheme, QByteArrayView host, quint16 port);
    void dispatchOwn(UpstreamCall *call);
    void openConnection(EngineHost *host, UpstreamCall *call);
    void dropConnection(EngineConnection *connection);
    UpstreamCall *takeWaiting(EngineHost *host); // the next waiting call still worth a connection, or nullptr
    void endOwnCall(UpstreamCall *call, UpstreamError error, const QString &message);
    void scheduleDeliver();
    void sweepIdle();
    // From EngineConnection, on its own events; each is followed by deliver().
    void connectionFailed(EngineConnection *connection, const QString &message);
    void responseComplete(EngineConnection *connection, bool reusable);
    void responseFailed(EngineConnection *connection, UpstreamError error, const QString &message);
    void idleConnectionBroken(EngineConnection *connection);

    void *m_multi = nullptr;
    QTimer m_curlTimer;
    QHash<int, SocketWatch *> m_watches;
    QSet<UpstreamCall *> m_active;
    QList<QPointer<UpstreamCall>> m_dirty;
    std::vector<void *> m_freeEasy;
    // Unlimited by default: every held SSE stream needs its own HTTP/1.1 connection, so a cap silently queues the
    // streams beyond it (with 1024, the 1,025th concurrent stream to one node never started; see docs/benchmarks.md).
    int m_maxPerHost = 0;
    int m_driveDepth = 0;
    bool m_ownHttp = true;
    bool m_closing = false; // destructor: no new connections
    bool m_deliverQueued = false;
    QHash<QByteArray, EngineHost *> m_hosts;
    int m_idleConnections = 0;
    QTimer m_idleSweep;
    quint64 m_connectionsOpened = 0;
    int m_openConnections = 0;

    friend class UpstreamCall;
    friend class EngineConnection;
    friend struct UpstreamCurlGlue;
};

} // namespace crosslogic
