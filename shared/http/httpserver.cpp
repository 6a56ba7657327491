// Listens on a TCP port and turns each accepted socket into an HttpConnection; supports draining.
#include "http/httpserver.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
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

} // namespace

HttpServer::HttpServer(HttpLimits limits, HttpHandler handler, QObject *parent)
    : QObject(parent), m_limits(limits), m_handler(std::move(handler)),
      m_server(std::make_unique<DescriptorServer>([this](qintptr fd) { acceptDescriptor(fd); }))
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
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(ssl);
    server->setHandshakeTimeout(m_limits.headerTimeoutMs); // a stalled handshake is a slow client too
    configure(server.get());
    // A QSslServer queues a connection only once its handshake has completed.
    connect(server.get(), &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptPending);
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

void HttpServer::acceptDescriptor(qintptr fd)
{
    if (m_draining) {
        ::close(int(fd));
        return;
    }
    addConnection(new TcpStream(fd));
}

void HttpServer::addConnection(HttpTransport *transport)
{
    auto *connection = new HttpConnection(transport, m_limits, m_handler, this);
    m_connections.insert(connection);
    connect(connection, &HttpConnection::closed, this, [this, connection] {
        m_connections.remove(connection);
        if (m_draining && m_connections.isEmpty())
            emit allConnectionsClosed();
    });
}

void HttpServer::stopAccepting()
{
    m_draining = true;
    m_server->close();
    const auto connections = m_connections;
    for (HttpConnection *c : connections)
        c->closeWhenIdle();
    if (m_connections.isEmpty())
        emit allConnectionsClosed();
}

int HttpServer::busyConnectionCount() const
{
    int n = 0;
    for (const HttpConnection *c : m_connections)
        n += c->isBusy() ? 1 : 0;
    return n;
}

void HttpServer::closeAll()
{
    const auto connections = m_connections;
    for (HttpConnection *c : connections)
        c->abortNow();
}

} // namespace crosslogic
