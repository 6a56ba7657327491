// One keep-alive HTTP/1.1 connection to an engine node (or any http/https server): connects without blocking,
// sends one request at a time and parses the answer with http-parser.
#pragma once

#include "upstream/upstreamrequest.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <http_parser.h>
#include <sys/socket.h>
#include <vector>

class QSocketNotifier;
class QTcpSocket;

namespace crosslogic {

class HttpTransport;
class UpstreamCall;
class UpstreamClient;
class EngineConnection;

// One engine address (scheme, host, port) and its connections.
struct EngineHost
{
    bool tls = false;      // https
    QString name;          // the URL's host: a name (resolved per connection) or an IP address; TLS verifies it
    quint16 port = 0;
    QByteArray hostHeader; // "127.0.0.1:8001", "api.stripe.com"
    // Plain http to an IP address (addressLength > 0) is connected to on a bare descriptor (TcpStream, about 1 KB
    // per held stream); https and host names go through QSslSocket / QTcpSocket.
    sockaddr_storage address{};
    socklen_t addressLength = 0;
    std::vector<EngineConnection *> idle; // most recently used last
    int connections = 0;                  // connecting + busy + idle
    QList<QPointer<UpstreamCall>> waiting; // over UpstreamClient::maxConnectionsPerHost()
};

// Owned by UpstreamClient, which decides what to do after each event (deliver, pool, retry). It records into
// its call and never emits the call's signals itself (see UpstreamClient::deliver).
class EngineConnection : public QObject
{
    Q_OBJECT
public:
    EngineConnection(UpstreamClient *client, EngineHost *host);
    ~EngineConnection() override;

    // Starts a non-blocking connect (and TLS handshake); false (with the reason in *error) when it failed at once.
    bool open(QString *error);
    // Sends the call's request now if connected, or as soon as the connection is.
    void assign(UpstreamCall *call);
    // Closes the socket now (the engine sees the disconnect at once). No callback follows.
    void close();

    EngineHost *host() const { return m_host; }
    UpstreamCall *call() const { return m_call; }
    bool isConnected() const { return m_stream != nullptr; }
    bool isReused() const { return m_requestsSent > 1; }
    bool isClosed() const { return m_closed; }
    qint64 idleSince() const { return m_idleSince; }
    void markIdle(qint64 now)
    {
        m_call = nullptr;
        m_idleSince = now;
    }

private:
    bool openDescriptor(QString *error);
    void openSocket();
    void onConnectReady();
    void onConnected();
    void onSocketReady();
    void onSocketError();
    void useTransport(HttpTransport *stream);
    void sendRequest();
    void onReadable();
    void onDisconnected();
    void parse(const char *data, size_t size);

    static const http_parser_settings &settings();
    static int onMessageBegin(http_parser *p);
    static int onStatus(http_parser *p, const char *at, size_t len);
    static int onHeaderField(http_parser *p, const char *at, size_t len);
    static int onHeaderValue(http_parser *p, const char *at, size_t len);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t len);
    static int onMessageComplete(http_parser *p);
    void flushHeader();

    UpstreamClient *m_client;
    EngineHost *m_host;
    int m_fd = -1;
    QSocketNotifier *m_connectNotifier = nullptr; // only while connecting on a bare descriptor
    QTcpSocket *m_socket = nullptr;               // only while connecting through Qt (https, host names)
    HttpTransport *m_stream = nullptr;            // once connected
    UpstreamCall *m_call = nullptr;
    http_parser m_parser{};
    QByteArray m_field; // header name being read (a name or value may arrive in pieces)
    QByteArray m_value;
    bool m_inValue = false;
    bool m_messageDone = false;
    bool m_closed = false;
    bool m_dropped = false; // the client let go of it (UpstreamClient::dropConnection)
    qint64 m_headBytes = 0;
    int m_requestsSent = 0;
    qint64 m_idleSince = 0;

    friend class UpstreamClient;
};

} // namespace crosslogic
