// Listens on a TCP port and turns each accepted socket into an HttpConnection; supports draining.
#include "http/httpserver.h"

#include "core/threadpost.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTimer>
#include <QTcpSocket>
#include <functional>
#include <unistd.h>

namespace crosslogic {
namespace {

// Plain HTTP: the accepted descriptor goes straight to a TcpStream, without a QTcpSocket.
class DescriptorServer : public QTcpServer
{
public:
    explicit DescriptorServer(std::function<void(qintptr)> onAccepted) : m_onAccepted(std::move(onAccepted)) {}

protected:
    void incomingConnection(qintptr fd) override { m_onAccepted(fd); }

private:
    std::function<void(qintptr)> m_onAccepted;
};

// HTTPS: a connection this server keeps is handshaken by QSslServer; one dealt to a lane goes there as a descriptor
// and is handshaken on the lane's thread (a QSslSocket does not move between threads cleanly).
class TlsServer : public QSslServer
{
public:
    explicit TlsServer(std::function<bool(qintptr)> dealtAway) : m_dealtAway(std::move(dealtAway)) {}

protected:
    void incomingConnection(qintptr fd) override
    {
        if (!m_dealtAway(fd))
            QSslServer::incomingConnection(fd);
    }

private:
    std::function<bool(qintptr)> m_dealtAway;
};

} // namespace

HttpServer::HttpServer(HttpLimits limits, HttpHandler handler, QObject *parent)
    : QObject(parent), m_limits(limits), m_handler(std::move(handler)),
      m_server(std::make_unique<DescriptorServer>([this](qintptr fd) { acceptDescriptor(fd); })),
      m_quota(std::make_shared<AddressQuota>(m_limits.maxConnectionsPerAddress))
{
    configure(m_server.get());
}

void HttpServer::configure(QTcpServer *server)
{
    server->setMaxPendingConnections(1024);
    // Qt's default listen backlog is 50: a burst of connections overflows it and the extra clients wait for a
    // SYN retransmit (1 s). The kernel still caps it at net.core.somaxconn.
    server->setListenBacklogSize(1024);
}

Result<void> HttpServer::enableTls(const QString &certPath, const QString &keyPath)
{
    if (m_server->isListening())
        return fail(QStringLiteral("TLS must be enabled before the server listens"));
    QFile certFile(certPath);
    if (!certFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read TLS certificate %1: %2").arg(certPath, certFile.errorString()));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (chain.isEmpty())
        return fail(QStringLiteral("no PEM certificate in %1").arg(certPath));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read TLS key %1: %2").arg(keyPath, keyFile.errorString()));
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return fail(QStringLiteral("no usable PEM private key (RSA or EC) in %1").arg(keyPath));

    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificate(chain.first());
    ssl.setLocalCertificateChain(chain);
    ssl.setPrivateKey(key);
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with API keys, not certificates
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    auto server = std::make_unique<TlsServer>([this](qintptr fd) {
        if (m_draining)
            return false; // QSslServer's own path closes it below
        HttpServer *owner = nextOwner();
        if (owner == this)
            return false;
        postTo(owner, [owner, fd] { owner->handshake(fd); });
        return true;
    });
    server->setSslConfiguration(ssl);
    server->setHandshakeTimeout(m_limits.headerTimeoutMs); // a stalled handshake is a slow client too
    configure(server.get());
    // A QSslServer queues a connection only once its handshake has completed.
    connect(server.get(), &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptPending);
    for (HttpServer *lane : m_lanes)
        lane->m_ssl = ssl; // before listen(): nothing runs in the lanes yet
    m_ssl = ssl;
    m_server = std::move(server);
    m_tls = true;
    return {};
}

Result<void> HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server->listen(address, port))
        return fail(QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(m_server->errorString()));
    return {};
}

void HttpServer::addLane(HttpServer *lane)
{
    m_lanes.push_back(lane);
    lane->m_reportTo = thread();
    lane->m_quota = m_quota; // one count per address across every thread
    lane->m_ssl = m_ssl; // enableTls() before or after addLane()
    // A lane reports from its own thread; the count is kept here.
    connect(lane, &HttpServer::allConnectionsClosed, this, [this] {
        markReceived(); // emitted on the lane's thread
        laneDrained();
    }, Qt::QueuedConnection);
}

HttpServer *HttpServer::nextOwner()
{
    // Round-robin: every thread gets the same share of connections, which SO_REUSEPORT's 4-tuple hash does not
    // promise for the few long-lived keep-alive connections a gateway usually has.
    const size_t i = m_nextOwner++ % (m_lanes.size() + 1);
    return i == 0 ? this : m_lanes[i - 1];
}

void HttpServer::acceptPending()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_draining) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        addConnection(new QtSocketTransport(socket));
    }
}

void HttpServer::handshake(qintptr fd)
{
    if (m_draining) {
        ::close(int(fd));
        return;
    }
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(fd)) {
        ::close(int(fd));
        delete socket;
        return;
    }
    socket->setSslConfiguration(m_ssl);
    auto *timeout = new QTimer(socket);
    timeout->setSingleShot(true);
    connect(timeout, &QTimer::timeout, socket, [socket] { // a stalled handshake is a slow client too
        socket->abort();
        socket->deleteLater();
    });
    connect(socket, &QAbstractSocket::disconnected, socket, [socket] { socket->deleteLater(); });
    connect(socket, &QAbstractSocket::errorOccurred, socket, [socket] {
        if (!socket->isEncrypted())
            socket->deleteLater();
    });
    connect(socket, &QSslSocket::encrypted, this, [this, socket, timeout] {
        delete timeout;
        socket->disconnect(this);
        QObject::disconnect(socket, &QAbstractSocket::disconnected, socket, nullptr);
        QObject::disconnect(socket, &QAbstractSocket::errorOccurred, socket, nullptr);
        if (m_draining) {
            socket->abort();
            socket->deleteLater();
            return;
        }
        socket->setParent(nullptr);
        addConnection(new QtSocketTransport(socket));
    });
    timeout->start(m_limits.headerTimeoutMs);
    socket->startServerEncryption();
}

void HttpServer::acceptDescriptor(qintptr fd)
{
    if (m_draining) {
        ::close(int(fd));
        return;
    }
    HttpServer *owner = nextOwner();
    if (owner == this) {
        addConnection(new TcpStream(fd));
        return;
    }
    postTo(owner, [owner, fd] { owner->acceptDescriptor(fd); });
}

void HttpServer::addConnection(HttpTransport *transport)
{
    const QHostAddress peer = transport->peerAddress();
    if (!m_quota->take(peer)) {
        transport->abort(); // over the per-address cap: no answer, the descriptor is what the cap protects
        transport->deleteLater();
        return;
    }
    auto *connection = new HttpConnection(transport, m_limits, m_handler, this, &m_busyCount);
    m_connections.insert(connection);
    m_connectionCount.store(int(m_connections.size()), std::memory_order_relaxed);
    connect(connection, &HttpConnection::closed, this, [this, connection, peer, quota = m_quota] {
        quota->give(peer);
        m_connections.remove(connection);
        m_connectionCount.store(int(m_connections.size()), std::memory_order_relaxed);
        if (m_draining)
            checkDrained();
    });
}

void HttpServer::stopAccepting()
{
    if (m_draining)
        return;
    m_draining = true;
    m_server->close();
    m_lanesOpen = int(m_lanes.size());
    for (HttpServer *lane : m_lanes)
        postTo(lane, [lane] { lane->stopAccepting(); });
    const auto connections = m_connections;
    for (HttpConnection *c : connections)
        c->closeWhenIdle();
    checkDrained();
}

void HttpServer::laneDrained()
{
    --m_lanesOpen;
    checkDrained();
}

void HttpServer::checkDrained()
{
    if (m_connections.isEmpty() && m_lanesOpen == 0 && !m_drainReported) {
        m_drainReported = true;
        if (m_reportTo)
            markPosted(m_reportTo);
        emit allConnectionsClosed();
    }
}

int HttpServer::connectionCount() const
{
    int n = m_connectionCount.load(std::memory_order_relaxed);
    for (const HttpServer *lane : m_lanes)
        n += lane->connectionCount();
    return n;
}

int HttpServer::busyConnectionCount() const
{
    int n = m_busyCount.load(std::memory_order_relaxed);
    for (const HttpServer *lane : m_lanes)
        n += lane->busyConnectionCount();
    return n;
}

void HttpServer::closeAll()
{
    for (HttpServer *lane : m_lanes)
        postTo(lane, [lane] { lane->closeAll(); });
    const auto connections = m_connections;
    for (HttpConnection *c : connections)
        c->abortNow();
}

} // namespace crosslogic
