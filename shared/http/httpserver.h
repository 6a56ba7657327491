// Listens on a TCP port and turns each accepted socket into an HttpConnection; supports draining.
#pragma once

#include "core/result.h"
#include "http/httpconnection.h"
#include "http/httplimits.h"

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <memory>

namespace crosslogic {

class HttpServer : public QObject
{
    Q_OBJECT
public:
    HttpServer(HttpLimits limits, HttpHandler handler, QObject *parent = nullptr);

    // Serves HTTPS (QSslServer) instead of plain HTTP; call before listen(). PEM certificate (chain) and key files.
    Result<void> enableTls(const QString &certPath, const QString &keyPath);
    bool isTls() const { return m_tls; }
    Result<void> listen(const QHostAddress &address, quint16 port);
    quint16 port() const { return m_server->serverPort(); }
    // Stops accepting, closes idle keep-alive connections, lets busy ones finish their request.
    void stopAccepting();
    int connectionCount() const { return int(m_connections.size()); }
    int busyConnectionCount() const;
    // Closes every connection at once (end of the grace period).
    void closeAll();

signals:
    void allConnectionsClosed();

private:
    void acceptPending();
    void acceptDescriptor(qintptr fd);
    void addConnection(HttpTransport *transport);
    void configure(QTcpServer *server);

    HttpLimits m_limits;
    HttpHandler m_handler;
    std::unique_ptr<QTcpServer> m_server; // a QSslServer after enableTls()
    bool m_tls = false;
    QSet<HttpConnection *> m_connections;
    bool m_draining = false;
};

} // namespace crosslogic
