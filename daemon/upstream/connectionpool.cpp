// UpstreamClient's connections: hosts, the keep-alive pool, calls waiting for a connection under a per-host cap,
// and one retry when a kept-alive connection turns out to be closed.
#include "core/decimal.h"
#include "upstream/engineconnection.h"
#include "upstream/upstreamclient.h"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace crosslogic {
namespace {
// Idle connections older than this are closed rather than reused (below the 60 s idle timeout of common load
// balancers; an engine that closes sooner, like uvicorn after 5 s, is covered by the retry on a fresh connection).
constexpr qint64 kIdleMaxMs = 50'000;
constexpr int kMaxIdleConnections = 4096;

} // namespace

EngineHost *UpstreamClient::hostFor(QByteArrayView scheme, QByteArrayView host, quint16 port)
{
    const bool tls = scheme.compare(QByteArrayView("https"), Qt::CaseInsensitive) == 0;
    if (!tls && scheme.compare(QByteArrayView("http"), Qt::CaseInsensitive) != 0)
        return nullptr;
    // Plain http to localhost takes the bare-descriptor path; with TLS the name is what the certificate names.
    const QByteArray hostText = !tls && host.compare(QByteArrayView("localhost"), Qt::CaseInsensitive) == 0
                                    ? QByteArray("127.0.0.1")
                                    : host.toByteArray().toLower();
    const bool v6 = hostText.contains(':');
    const QByteArray bracketed = v6 ? '[' + hostText + ']' : hostText;
    const QByteArray key = (tls ? "https://" : "http://") + bracketed + ':' + decimal(port);
    if (EngineHost *known = m_hosts.value(key))
        return known;
    auto *entry = new EngineHost;
    entry->tls = tls;
    entry->name = QString::fromLatin1(hostText);
    entry->port = port;
    entry->hostHeader = port == (tls ? 443 : 80) ? bracketed : bracketed + ':' + decimal(port);
    if (!tls) {
        // An IP address is connected to on a bare descriptor (TcpStream); a host name is resolved by QTcpSocket.
        sockaddr_storage &address = entry->address;
        if (v6) {
            auto *a = reinterpret_cast<sockaddr_in6 *>(&address);
            if (::inet_pton(AF_INET6, hostText.constData(), &a->sin6_addr) == 1) {
                a->sin6_family = AF_INET6;
                a->sin6_port = htons(port);
                entry->addressLength = sizeof *a;
            }
        } else {
            auto *a = reinterpret_cast<sockaddr_in *>(&address);
            if (::inet_pton(AF_INET, hostText.constData(), &a->sin_addr) == 1) {
                a->sin_family = AF_INET;
                a->sin_port = htons(port);
                entry->addressLength = sizeof *a;
            }
        }
    }
    m_hosts.insert(key, entry);
    return entry;
}

void UpstreamClient::dispatch(UpstreamCall *call)
{
    EngineHost *host = call->m_host;
    const qint64 now = upstreamNowMs();
    while (!host->idle.empty()) {
        EngineConnection *connection = host->idle.back();
        host->idle.pop_back();
        --m_idleConnections;
        if (now - connection->idleSince() > kIdleMaxMs) {
            dropConnection(connection);
            continue;
        }
        connection->assign(call);
        return;
    }
    if (m_maxPerHost > 0 && host->connections >= m_maxPerHost) {
        host->waiting.append(call);
        return;
    }
    openConnection(host, call);
}

void UpstreamClient::openConnection(EngineHost *host, UpstreamCall *call)
{
    auto *connection = new EngineConnection(this, host);
    ++host->connections;
    ++m_openConnections;
    ++m_connectionsOpened;
    call->m_connectedAt = -1;
    call->m_connectStartedAt = upstreamNowMs();
    call->armWatchdog();
    connection->m_call = call;
    call->m_connection = connection;
    QString error;
    if (!connection->open(&error)) { // refused at once (nothing listens on a local port, for one)
        call->m_connection = nullptr;
        connection->m_call = nullptr;
        dropConnection(connection);
        endCall(call, UpstreamError::ConnectFailed, error);
        scheduleDeliver(); // never emit from inside start()
    }
}

void UpstreamClient::dropConnection(EngineConnection *connection)
{
    if (connection->m_dropped)
        return;
    connection->m_dropped = true;
    connection->close();
    EngineHost *host = connection->host();
    --host->connections;
    --m_openConnections;
    connection->deleteLater(); // may be inside one of its own handlers
    // A connection slot is free: the next waiting call takes it.
    if (!m_closing && (m_maxPerHost <= 0 || host->connections < m_maxPerHost)) {
        if (UpstreamCall *next = takeWaiting(host))
            openConnection(host, next);
    }
}

UpstreamCall *UpstreamClient::takeWaiting(EngineHost *host)
{
    // Calls cancelled or timed out while they waited are skipped (and forgotten).
    while (!host->waiting.isEmpty()) {
        UpstreamCall *next = host->waiting.takeFirst().data();
        if (next && next->m_state == UpstreamCall::State::Active && !next->m_done)
            return next;
    }
    return nullptr;
}

void UpstreamClient::endCall(UpstreamCall *call, UpstreamError error, const QString &message)
{
    call->m_done = true;
    call->m_doneError = error;
    call->m_doneMessage = message;
    call->m_request = QByteArray();
    call->markDirty();
}

void UpstreamClient::scheduleDeliver()
{
    if (m_deliverQueued)
        return;
    m_deliverQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_deliverQueued = false;
            deliver();
        },
        Qt::QueuedConnection);
}

void UpstreamClient::connectionFailed(EngineConnection *connection, const QString &message)
{
    UpstreamCall *call = connection->call();
    connection->m_call = nullptr;
    if (call)
        call->m_connection = nullptr;
    dropConnection(connection);
    if (call)
        endCall(call, UpstreamError::ConnectFailed, message);
}

void UpstreamClient::responseComplete(EngineConnection *connection, bool reusable)
{
    UpstreamCall *call = connection->call();
    call->m_connection = nullptr;
    endCall(call, UpstreamError::None, {});
    EngineHost *host = connection->host();
    connection->markIdle(upstreamNowMs());
    if (!reusable || m_closing || m_idleConnections >= kMaxIdleConnections) {
        dropConnection(connection);
        return;
    }
    if (UpstreamCall *next = takeWaiting(host)) {
        connection->assign(next);
        return;
    }
    host->idle.push_back(connection);
    ++m_idleConnections;
    if (!m_idleSweep.isActive())
        m_idleSweep.start();
}

void UpstreamClient::responseFailed(EngineConnection *connection, UpstreamError error, const QString &message)
{
    UpstreamCall *call = connection->call();
    const bool stale = error == UpstreamError::ConnectionLost && connection->isReused() && call->m_status == 0 &&
                       call->m_lastByteAt < 0 && !call->m_retried;
    connection->m_call = nullptr;
    call->m_connection = nullptr;
    dropConnection(connection);
    if (stale && !m_closing) {
        // The engine closed a kept-alive connection as the request went out: nothing reached it, send it again
        // on a new connection (what libcurl and browsers do too).
        call->m_retried = true;
        openConnection(call->m_host, call);
        return;
    }
    endCall(call, error, message);
}

void UpstreamClient::idleConnectionBroken(EngineConnection *connection)
{
    auto &idle = connection->host()->idle;
    const auto it = std::find(idle.begin(), idle.end(), connection);
    if (it != idle.end()) {
        idle.erase(it);
        --m_idleConnections;
    }
    dropConnection(connection);
}

void UpstreamClient::sweepIdle()
{
    const qint64 now = upstreamNowMs();
    for (EngineHost *host : std::as_const(m_hosts)) {
        auto &idle = host->idle;
        // Oldest first: the vector is ordered by when each connection went idle.
        while (!idle.empty() && now - idle.front()->idleSince() > kIdleMaxMs) {
            EngineConnection *connection = idle.front();
            idle.erase(idle.begin());
            --m_idleConnections;
            dropConnection(connection);
        }
    }
    if (m_idleConnections == 0)
        m_idleSweep.stop();
}

} // namespace crosslogic
