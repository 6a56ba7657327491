// Listens on a TCP port and turns each accepted socket into an HttpConnection; supports draining.
#include "http/httpserver.h"

#include <QTcpSocket>

namespace crosslogic {

HttpServer::HttpServer(HttpLimits limits, HttpHandler handler, QObject *parent)
    : QObject(parent), m_limits(limits), m_handler(std::move(handler))
{
    m_server.setMaxPendingConnections(1024);
    // Qt's default listen backlog is 50: a burst of connections overflows it and the extra clients wait for a
    // SYN retransmit (1 s). The kernel still caps it at net.core.somaxconn.
    m_server.setListenBacklogSize(1024);
    connect(&m_server, &QTcpServer::newConnection, this, &HttpServer::acceptPending);
}

Result<void> HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server.listen(address, port))
        return fail(QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(m_server.errorString()));
    return {};
}

void HttpServer::acceptPending()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_draining) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *connection = new HttpConnection(socket, m_limits, m_handler, this);
        m_connections.insert(connection);
        connect(connection, &HttpConnection::closed, this, [this, connection] {
            m_connections.remove(connection);
            if (m_draining && m_connections.isEmpty())
                emit allConnectionsClosed();
        });
    }
}

void HttpServer::stopAccepting()
{
    m_draining = true;
    m_server.close();
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
