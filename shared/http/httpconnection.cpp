// One client connection: parses requests with http-parser (callbacks: httpparsecallbacks.cpp), dispatches them in
// order, enforces limits and deadlines.
#include "http/httpconnection.h"

#include "http/httpexchange.h"
#include "http/requestid.h"
#include "http/httptimeoutcounts.h"

#include <spdlog/spdlog.h>
#include <algorithm>

namespace crosslogic {

HttpConnection::HttpConnection(HttpTransport *transport, const HttpLimits &limits, HttpHandler handler, QObject *parent,
                               std::atomic<int> *busyCount)
    : QObject(parent), m_socket(transport), m_limits(limits), m_handler(std::move(handler)), m_busyCount(busyCount)
{
    m_socket->setParent(this);
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    http_parser_settings_init(&m_settings);
    m_settings.on_message_begin = &HttpConnection::onMessageBegin;
    m_settings.on_url = &HttpConnection::onUrl;
    m_settings.on_header_field = &HttpConnection::onHeaderField;
    m_settings.on_header_value = &HttpConnection::onHeaderValue;
    m_settings.on_headers_complete = &HttpConnection::onHeadersComplete;
    m_settings.on_body = &HttpConnection::onBody;
    m_settings.on_message_complete = &HttpConnection::onMessageComplete;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &HttpTransport::readyRead, this, &HttpConnection::readIncoming);
    connect(m_socket, &HttpTransport::disconnected, this, &HttpConnection::onDisconnected);
    m_writeTimer.setSingleShot(true);
    m_writeTimer.setInterval(m_limits.writeTimeoutMs);
    connect(&m_writeTimer, &QTimer::timeout, this, &HttpConnection::onWriteStalled);
    connect(m_socket, &HttpTransport::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() == 0) {
            m_writeTimer.stop();
            if (m_active)
                emit m_active->drained();
        } else {
            m_writeTimer.start(); // progress: the client reads, slowly
        }
    });
    armTimer();
    // Bytes that came with the connection (a TLS socket may have buffered them already), read once the server
    // has registered this connection.
    QMetaObject::invokeMethod(this, &HttpConnection::readIncoming, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    setActive(nullptr);
}

void HttpConnection::setActive(HttpExchange *exchange)
{
    m_active = exchange;
    const bool busy = exchange != nullptr && !m_gone;
    if (m_busyCount && busy != m_countedBusy) {
        m_busyCount->fetch_add(busy ? 1 : -1, std::memory_order_relaxed);
        m_countedBusy = busy;
    }
}

void HttpConnection::armTimer()
{
    if (m_active || m_linger) { // a handler is answering (its own timeouts bound it), or refused and closing
        m_timer.stop();
        return;
    }
    if (m_phase == Phase::Idle)
        m_timer.start(m_limits.idleTimeoutMs);
    else
        m_timer.start(int(std::clamp<qint64>(msUntilDeadline(), 0, 24 * 3600 * 1000)));
}

qint64 HttpConnection::msUntilDeadline() const
{
    if (m_phase == Phase::Head)
        return m_limits.headerTimeoutMs - m_headClock.elapsed();
    const qint64 earned = m_limits.minBodyBytesPerSecond > 0 ? m_bodyBytes * 1000 / m_limits.minBodyBytesPerSecond : 0;
    return m_limits.bodyTimeoutMs + earned - m_bodyClock.elapsed();
}

void HttpConnection::closeConnection()
{
    m_closing = true;
    if (m_linger)
        m_socket->lingeringClose(m_limits.lingerMs, m_limits.lingerMaxBytes);
    else
        m_socket->disconnectFromHost();
}

void HttpConnection::readIncoming()
{
    // Parsed straight from a stack buffer: QIODevice::read(n) would allocate n bytes for every read.
    char data[16 * 1024];
    while (!m_gone && !m_closing && m_failStatus == 0 && int(m_queue.size()) < m_limits.maxPipelined) {
        const qint64 got = m_socket->read(data, qint64(sizeof data));
        if (got <= 0) // nothing more now, or the connection is gone (disconnected() follows)
            break;
        const size_t parsed = http_parser_execute(&m_parser, &m_settings, data, size_t(got));
        const auto err = HTTP_PARSER_ERRNO(&m_parser);
        if (m_failStatus != 0) {
            rejectAndClose(m_failStatus, m_failMessage, m_failCode);
            return;
        }
        if (err != HPE_OK || (parsed != size_t(got) && !m_parser.upgrade)) {
            if (err == HPE_HEADER_OVERFLOW)
                rejectAndClose(431, QStringLiteral("request headers too large"), "headers_too_large");
            else
                rejectAndClose(400, QStringLiteral("malformed HTTP request: %1").arg(QString::fromLatin1(http_errno_description(err))),
                               "malformed_request");
            return;
        }
        if (m_parser.upgrade) {
            rejectAndClose(400, QStringLiteral("protocol upgrade is not supported"), "upgrade_not_supported");
            return;
        }
        if (got < qint64(sizeof data))
            break; // drained: another read would only say "nothing now" (the notifier is level-triggered)
    }
    dispatchNext();
    armTimer();
}

void HttpConnection::dispatchNext()
{
    if (m_active || m_queue.empty() || m_gone)
        return;
    auto [request, keepAlive] = std::move(m_queue.front());
    m_queue.pop_front();
    auto *exchange = new HttpExchange(this, std::move(request), keepAlive && !m_closing);
    setActive(exchange);
    m_timer.stop();
    m_handler(exchange);
}

void HttpConnection::exchangeFinished(HttpExchange *exchange)
{
    if (exchange != m_active)
        return;
    const bool keepAlive = exchange->m_keepAlive && !m_closing;
    setActive(nullptr);
    exchange->deleteLater();
    if (!keepAlive) {
        closeConnection();
        return;
    }
    // Continue with pipelined requests or bytes left unread, outside the handler's call stack. Otherwise the
    // next readyRead brings the next request: trying a read now would only hear "nothing yet" (a system call
    // and a queued call per request).
    if (!m_queue.empty() || m_socket->hasUnreadInput())
        QMetaObject::invokeMethod(this, &HttpConnection::readIncoming, Qt::QueuedConnection);
    else
        armTimer();
}

void HttpConnection::writeRaw(const QByteArray &bytes)
{
    if (m_gone)
        return;
    m_socket->write(bytes);
    if (m_limits.writeTimeoutMs > 0 && !m_writeTimer.isActive() && m_socket->bytesToWrite() > 0)
        m_writeTimer.start();
}

void HttpConnection::onWriteStalled()
{
    if (m_gone || m_socket->bytesToWrite() == 0)
        return;
    spdlog::warn("http: client {} read nothing for {} ms with {} bytes unsent: connection closed",
                 m_socket->peerAddress().toString().toStdString(), m_limits.writeTimeoutMs, m_socket->bytesToWrite());
    abortNow();
}

void HttpConnection::dropSlowReader(const char *why)
{
    if (m_gone || m_dropping)
        return;
    m_dropping = true;
    spdlog::warn("http: client {} {}: {} bytes unsent (limit {}): connection closed",
                 m_socket->peerAddress().toString().toStdString(), why, m_socket->bytesToWrite(),
                 m_limits.maxPendingStreamBytes);
    QMetaObject::invokeMethod(this, &HttpConnection::abortNow, Qt::QueuedConnection);
}

qint64 HttpConnection::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void HttpConnection::closeWhenIdle()
{
    m_closing = true;
    if (!m_active && m_phase == Phase::Idle)
        m_socket->disconnectFromHost();
}

void HttpConnection::abortNow()
{
    m_socket->abort();
    onDisconnected();
}

void HttpConnection::rejectAndClose(int status, const QString &message, const QByteArray &code)
{
    m_closing = true;
    m_linger = true;
    m_timer.stop();
    m_queue.clear();
    if (m_active) { // a request is still answering: just stop reading and close after it
        return;
    }
    HttpRequest req;
    req.requestId = generateRequestId();
    auto *exchange = new HttpExchange(this, std::move(req), false);
    setActive(exchange);
    exchange->respondError(status, message, code);
}

void HttpConnection::onTimeout()
{
    if (m_phase == Phase::Idle) {
        m_closing = true;
        m_socket->disconnectFromHost();
        return;
    }
    if (msUntilDeadline() > 0) { // a body that earned more time since the timer was set
        armTimer();
        return;
    }
    (m_phase == Phase::Head ? HttpTimeoutCounts::head : HttpTimeoutCounts::body).fetch_add(1, std::memory_order_relaxed);
    spdlog::info("http: client {} did not send its request {} in time: 408, connection closed",
                 m_socket->peerAddress().toString().toStdString(), m_phase == Phase::Head ? "head" : "body");
    rejectAndClose(408, QStringLiteral("request not received in time"), "request_timeout");
}

void HttpConnection::onDisconnected()
{
    if (m_gone)
        return;
    m_gone = true;
    m_timer.stop();
    m_writeTimer.stop();
    if (m_active)
        m_active->markClientGone();
    setActive(m_active); // a closed connection is not busy any more (the in-flight gauge)
    emit closed();
    deleteLater();
}

} // namespace crosslogic
