// One keep-alive HTTP/1.1 connection to an engine node: non-blocking connect (a bare descriptor, or a Qt socket for
// https and host names), one request at a time, answers parsed with http-parser straight from a read buffer.
#include "upstream/engineconnection.h"

#include "http/httptransport.h"
#include "upstream/upstreamcall.h"
#include "upstream/upstreamclient.h"

#include <QSocketNotifier>
#include <QSslSocket>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

namespace crosslogic {
namespace {
constexpr qint64 kMaxResponseHeadBytes = 64 * 1024;

EngineConnection *self(http_parser *p)
{
    return static_cast<EngineConnection *>(p->data);
}

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}
} // namespace

EngineConnection::EngineConnection(UpstreamClient *client, EngineHost *host)
    : QObject(client), m_client(client), m_host(host)
{
    http_parser_init(&m_parser, HTTP_RESPONSE);
    m_parser.data = this;
}

EngineConnection::~EngineConnection()
{
    close();
}

bool EngineConnection::open(QString *error)
{
    if (m_host->addressLength > 0)
        return openDescriptor(error);
    openSocket();
    return true;
}

void EngineConnection::openSocket()
{
    // Qt resolves the name (on its lookup thread) and, for https, verifies the certificate against the system CAs
    // and the URL's host.
    if (m_host->tls) {
        auto *socket = new QSslSocket(this);
        connect(socket, &QSslSocket::encrypted, this, &EngineConnection::onSocketReady);
        m_socket = socket;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &EngineConnection::onSocketReady);
    }
    connect(m_socket, &QTcpSocket::errorOccurred, this, &EngineConnection::onSocketError);
    if (m_host->tls)
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(m_host->name, m_host->port);
    else
        m_socket->connectToHost(m_host->name, m_host->port);
}

void EngineConnection::onSocketReady()
{
    if (m_closed || !m_socket)
        return;
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    disconnect(socket, nullptr, this, nullptr);
    useTransport(new QtSocketTransport(socket, this));
    m_client->deliver();
}

void EngineConnection::onSocketError()
{
    if (m_closed || !m_socket)
        return; // connected: the transport reports the end
    const QString message = QStringLiteral("connect to %1 failed: %2").arg(QString::fromLatin1(m_host->hostHeader), m_socket->errorString());
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater(); // this runs inside its errorOccurred()
    m_closed = true;
    m_client->connectionFailed(this, message);
    m_client->deliver();
}

bool EngineConnection::openDescriptor(QString *error)
{
    const auto *address = reinterpret_cast<const sockaddr *>(&m_host->address);
    // CLOEXEC: the node agent spawns engine processes; they must not inherit our connections.
    m_fd = ::socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        *error = QStringLiteral("cannot open a socket to %1: %2").arg(QString::fromLatin1(m_host->hostHeader), systemError(errno));
        m_closed = true;
        return false;
    }
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int rc;
    do {
        rc = ::connect(m_fd, address, m_host->addressLength);
    } while (rc < 0 && errno == EINTR);
    if (rc == 0) {
        onConnected();
        return true;
    }
    if (errno != EINPROGRESS) {
        *error = QStringLiteral("connect to %1 failed: %2").arg(QString::fromLatin1(m_host->hostHeader), systemError(errno));
        ::close(m_fd);
        m_fd = -1;
        m_closed = true;
        return false;
    }
    m_connectNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    connect(m_connectNotifier, &QSocketNotifier::activated, this, &EngineConnection::onConnectReady);
    return true;
}

void EngineConnection::onConnectReady()
{
    if (m_closed || !m_connectNotifier)
        return;
    m_connectNotifier->setEnabled(false);
    m_connectNotifier->deleteLater(); // this runs inside its activated()
    m_connectNotifier = nullptr;
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    if (error != 0) {
        ::close(m_fd);
        m_fd = -1;
        m_closed = true;
        m_client->connectionFailed(this, QStringLiteral("connect to %1 failed: %2").arg(QString::fromLatin1(m_host->hostHeader), systemError(error)));
        m_client->deliver();
        return;
    }
    onConnected();
    m_client->deliver();
}

void EngineConnection::onConnected()
{
    useTransport(new TcpStream(m_fd, this)); // owns the descriptor from now on
}

void EngineConnection::useTransport(HttpTransport *stream)
{
    m_stream = stream;
    connect(m_stream, &HttpTransport::readyRead, this, &EngineConnection::onReadable);
    connect(m_stream, &HttpTransport::disconnected, this, &EngineConnection::onDisconnected);
    if (m_call)
        sendRequest();
}

void EngineConnection::assign(UpstreamCall *call)
{
    m_call = call;
    call->m_connection = this;
    if (m_stream)
        sendRequest();
}

void EngineConnection::sendRequest()
{
    http_parser_init(&m_parser, HTTP_RESPONSE);
    m_parser.data = this;
    m_messageDone = false;
    ++m_requestsSent;
    m_call->connectionReady();
    m_stream->write(m_call->m_request);
}

void EngineConnection::onReadable()
{
    // One buffer per thread (each client lives on one thread): a held stream keeps no read buffer of its own.
    thread_local char buffer[64 * 1024];
    while (m_stream && !m_closed) {
        const qint64 got = m_stream->read(buffer, qint64(sizeof buffer));
        if (got <= 0) // nothing more now, or the connection is gone (disconnected() follows)
            break;
        if (!m_call) { // an idle keep-alive connection must stay silent
            m_client->idleConnectionBroken(this);
            return;
        }
        parse(buffer, size_t(got));
        if (!m_call || got < qint64(sizeof buffer))
            break; // answered (pooled now), failed, or drained (the notifier is level-triggered)
    }
    m_client->deliver();
}

void EngineConnection::parse(const char *data, size_t size)
{
    if (size > 0)
        m_call->noteActivity();
    const size_t parsed = http_parser_execute(&m_parser, &settings(), data, size);
    if (m_messageDone) {
        m_client->responseComplete(this, parsed == size && size > 0 && http_should_keep_alive(&m_parser) != 0);
        return;
    }
    const auto error = HTTP_PARSER_ERRNO(&m_parser);
    if (error != HPE_OK) {
        const QString message = m_headBytes > kMaxResponseHeadBytes
                                    ? QStringLiteral("the engine's response head is larger than 64 KB")
                                    : QStringLiteral("invalid HTTP response from the engine: %1").arg(QString::fromLatin1(http_errno_description(error)));
        m_client->responseFailed(this, UpstreamError::Protocol, message);
    }
}

void EngineConnection::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    if (!m_call) {
        m_client->idleConnectionBroken(this);
        return;
    }
    // The end of the connection completes an answer whose length is "until close".
    http_parser_execute(&m_parser, &settings(), nullptr, 0);
    if (m_messageDone)
        m_client->responseComplete(this, false);
    else
        m_client->responseFailed(this, UpstreamError::ConnectionLost,
                                 QStringLiteral("the engine closed the connection before the response was complete"));
    m_client->deliver();
}

void EngineConnection::close()
{
    if (m_connectNotifier) {
        m_connectNotifier->setEnabled(false);
        m_connectNotifier->deleteLater();
        m_connectNotifier = nullptr;
    }
    if (m_socket) {
        QTcpSocket *socket = std::exchange(m_socket, nullptr);
        disconnect(socket, nullptr, this, nullptr);
        socket->abort();
        socket->deleteLater(); // may be inside one of its own signals
    }
    if (m_stream) {
        disconnect(m_stream, nullptr, this, nullptr);
        m_stream->abort(); // closes the descriptor or socket
    } else if (m_fd >= 0 && !m_closed) {
        ::close(m_fd);
    }
    m_fd = -1;
    m_closed = true;
}

void EngineConnection::flushHeader()
{
    if (m_field.isEmpty())
        return;
    m_call->m_responseHeaders.emplace_back(m_field.toLower(), m_value.trimmed());
    m_field.clear();
    m_value.clear();
}

int EngineConnection::onMessageBegin(http_parser *p)
{
    auto *c = self(p);
    c->m_field.clear();
    c->m_value.clear();
    c->m_inValue = false;
    c->m_headBytes = 0;
    c->m_call->m_status = 0;
    c->m_call->m_responseHeaders.clear();
    c->m_call->m_headersComplete = false;
    return 0;
}

int EngineConnection::onStatus(http_parser *p, const char *, size_t len)
{
    auto *c = self(p);
    c->m_headBytes += qint64(len);
    return c->m_headBytes > kMaxResponseHeadBytes ? 1 : 0;
}

int EngineConnection::onHeaderField(http_parser *p, const char *at, size_t len)
{
    auto *c = self(p);
    if (c->m_inValue) {
        c->flushHeader();
        c->m_inValue = false;
    }
    c->m_headBytes += qint64(len);
    if (c->m_headBytes > kMaxResponseHeadBytes)
        return 1;
    c->m_field.append(at, qsizetype(len));
    return 0;
}

int EngineConnection::onHeaderValue(http_parser *p, const char *at, size_t len)
{
    auto *c = self(p);
    c->m_inValue = true;
    c->m_headBytes += qint64(len);
    if (c->m_headBytes > kMaxResponseHeadBytes)
        return 1;
    c->m_value.append(at, qsizetype(len));
    return 0;
}

int EngineConnection::onHeadersComplete(http_parser *p)
{
    auto *c = self(p);
    c->flushHeader();
    c->m_inValue = false;
    UpstreamCall *call = c->m_call;
    call->m_status = int(p->status_code);
    if (call->m_status >= 200) { // a 1xx interim answer is followed by the real one
        call->m_headersComplete = true;
        call->m_pendingStarted = true;
        call->m_request = QByteArray(); // answered: no retry can need it any more
        call->markDirty();
    }
    return call->m_headMethod ? 1 : 0; // 1: the answer to HEAD has no body, whatever Content-Length says
}

int EngineConnection::onBody(http_parser *p, const char *at, size_t len)
{
    UpstreamCall *call = self(p)->m_call;
    call->m_pendingData.append(at, qsizetype(len));
    call->markDirty();
    return 0;
}

int EngineConnection::onMessageComplete(http_parser *p)
{
    auto *c = self(p);
    if (c->m_call->m_status < 200)
        return 0;
    c->m_messageDone = true;
    http_parser_pause(p, 1); // anything after the answer is not ours: parse() sees it as left over
    return 0;
}

const http_parser_settings &EngineConnection::settings()
{
    static const http_parser_settings settings = [] {
        http_parser_settings s;
        http_parser_settings_init(&s);
        s.on_message_begin = &EngineConnection::onMessageBegin;
        s.on_status = &EngineConnection::onStatus;
        s.on_header_field = &EngineConnection::onHeaderField;
        s.on_header_value = &EngineConnection::onHeaderValue;
        s.on_headers_complete = &EngineConnection::onHeadersComplete;
        s.on_body = &EngineConnection::onBody;
        s.on_message_complete = &EngineConnection::onMessageComplete;
        return s;
    }();
    return settings;
}

} // namespace crosslogic
