// The answer side of one request: a whole response, or a stream (SSE) written as events arrive: chunked, or for an
// HTTP/1.0 client close-delimited (RFC 9112 §6.3: no framing, the body ends when the server closes the connection).
#include "http/httpexchange.h"

#include "core/errorshape.h"

#include "core/decimal.h"
#include "http/httpconnection.h"

#include <nlohmann/json.hpp>

namespace crosslogic {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
    }
}

HttpExchange::HttpExchange(HttpConnection *connection, HttpRequest request, bool keepAlive)
    : QObject(connection), m_connection(connection), m_request(std::move(request)), m_keepAlive(keepAlive),
      m_headOnly(m_request.method == "HEAD")
{
}

HttpExchange::HttpExchange(ExchangeSink *sink, QObject *parent, HttpRequest request, bool keepAlive)
    : QObject(parent), m_connection(sink), m_request(std::move(request)), m_keepAlive(keepAlive),
      m_headOnly(m_request.method == "HEAD")
{
}

void HttpExchange::addHeader(QByteArray name, QByteArray value)
{
    // Header injection guard: CR/LF never reach the wire.
    value.replace('\r', ' ').replace('\n', ' ');
    name.replace('\r', ' ').replace('\n', ' ');
    m_headers.emplace_back(std::move(name), std::move(value));
}

void HttpExchange::removeHeader(const QByteArray &name)
{
    std::erase_if(m_headers, [&name](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
}

QByteArray HttpExchange::head(int status, const QByteArray &contentType, qint64 contentLength) const
{
    QByteArray h;
    h.reserve(256);
    h += "HTTP/1.1 " + decimal(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        h += "Content-Type: " + contentType + "\r\n";
    if (status == 204 || status == 304) {
        // never a body, and no Content-Length either (RFC 9110 §8.6)
    } else if (contentLength >= 0) {
        h += "Content-Length: " + decimal(contentLength) + "\r\n";
    } else if (m_closeDelimited) { // HTTP/1.0 knows no chunked coding (RFC 9112 §6.1)
        h += "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\n";
    } else {
        h += "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\n";
    }
    h += m_keepAlive && !m_connection->isClosing() ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    h += "x-request-id: " + m_request.requestId + "\r\n";
    for (const auto &kv : m_headers)
        h += kv.first + ": " + kv.second + "\r\n";
    h += "\r\n";
    return h;
}

void HttpExchange::respond(int status, const QByteArray &contentType, const QByteArray &body)
{
    if (m_started || m_clientGone)
        return;
    m_started = true;
    m_finished = true;
    m_status = status;
    if (m_headOnly) // the Content-Length a GET would get, and nothing after the head
        m_connection->writeRaw(head(status, contentType, body.size()));
    else
        m_connection->writeRaw(head(status, contentType, body.size()) + body);
    m_connection->exchangeFinished(this);
    emit finished();
}

void HttpExchange::respondJson(int status, const nlohmann::json &body)
{
    respond(status, "application/json", QByteArray::fromStdString(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

void HttpExchange::respondError(int status, const QString &message, const QByteArray &code)
{
    respondError(fail(status, code, message));
}

void HttpExchange::respondError(const Error &error)
{
    respondJson(errorStatus(error), errorBody(error));
}

void HttpExchange::beginStream(int status, const QByteArray &contentType)
{
    if (m_started || m_clientGone)
        return;
    m_started = true;
    m_status = status;
    if (m_request.http10) { // the end of the body is the end of the connection
        m_closeDelimited = true;
        m_keepAlive = false;
    }
    m_connection->writeRaw(head(status, contentType, -1));
    m_headers = {}; // on the wire now; a held stream need not keep them
    if (m_headOnly) { // the head is the whole answer: the stream ends here (writeChunk() answers false)
        m_finished = true;
        m_connection->exchangeFinished(this);
        emit finished();
    }
}

bool HttpExchange::writeChunk(const QByteArray &data)
{
    if (m_clientGone || m_finished || !m_started)
        return false;
    if (data.isEmpty())
        return true;
    if (m_closeDelimited)
        m_connection->writeRaw(data);
    else
        m_connection->writeRaw(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    const qint64 limit = m_connection->limits().maxPendingStreamBytes;
    if (limit > 0 && m_connection->bytesToWrite() > limit) {
        m_connection->dropSlowReader("is not reading its stream");
        return false;
    }
    return !m_clientGone;
}

void HttpExchange::endStream()
{
    if (m_finished || !m_started)
        return;
    m_finished = true;
    if (!m_clientGone && !m_closeDelimited)
        m_connection->writeRaw(QByteArrayLiteral("0\r\n\r\n"));
    m_connection->exchangeFinished(this);
    emit finished();
}

qint64 HttpExchange::bytesPending() const
{
    return m_clientGone ? 0 : m_connection->bytesToWrite();
}

void HttpExchange::writeRelayed(const QByteArray &bytes)
{
    if (m_clientGone || m_finished)
        return;
    m_started = true;
    m_connection->writeRaw(bytes);
}

void HttpExchange::finishRelayed(int status)
{
    if (m_finished)
        return;
    m_started = true;
    m_finished = true;
    m_status = status;
    m_connection->exchangeFinished(this);
    emit finished();
}

void HttpExchange::markClientGone()
{
    if (m_clientGone || m_finished)
        return;
    m_clientGone = true;
    emit clientGone();
}

} // namespace crosslogic
