// Listens on a TCP port and turns each accepted socket into an HttpConnection; supports draining. With lanes
// (HttpServers living in other threads), accepted connections are handed round-robin to this server and its lanes.
#pragma once

#include "core/result.h"
#include "http/addressquota.h"
#include "http/httpconnection.h"
#include "http/httplimits.h"

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>
#include <QTcpServer>
#include <atomic>
#include <memory>
#include <vector>

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
    // A server in another thread (created there, never listening) that serves its share of the accepted
    // connections. Add lanes before listen(); they must outlive this server's use of them.
    void addLane(HttpServer *lane);
    // Stops accepting, closes idle keep-alive connections, lets busy ones finish their request (here and in
    // every lane); allConnectionsClosed() follows once all of them are closed.
    void stopAccepting();
    // This server's and its lanes' connections (callable from any thread).
    int connectionCount() const;
    int busyConnectionCount() const;
    // Closes every connection at once (end of the grace period), in the lanes too (asynchronously there).
    void closeAll();

signals:
    void allConnectionsClosed();

private:
    void acceptPending();
    void acceptDescriptor(qintptr fd);
    // A lane: the TLS handshake of a connection the listening server dealt to it.
    void handshake(qintptr fd);
    void addConnection(HttpTransport *transport);
    void configure(QTcpServer *server);
    // The server (this or a lane) that takes the next accepted connection.
    HttpServer *nextOwner();
    void laneDrained();
    void checkDrained();

    HttpLimits m_limits;
    HttpHandler m_handler;
    std::unique_ptr<QTcpServer> m_server; // a QSslServer after enableTls()
    bool m_tls = false;
    QSslConfiguration m_ssl; // with TLS; a lane's is set by its listening server
    QSet<HttpConnection *> m_connections;
    std::atomic<int> m_connectionCount{0};
    std::atomic<int> m_busyCount{0};
    std::vector<HttpServer *> m_lanes;
    std::shared_ptr<AddressQuota> m_quota; // shared with the lanes
    QThread *m_reportTo = nullptr; // a lane: the thread of the server it reports its drain to
    size_t m_nextOwner = 0;
    int m_lanesOpen = 0; // lanes not yet drained
    bool m_draining = false;
    bool m_drainReported = false;
};

} // namespace crosslogic
