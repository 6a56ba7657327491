// The answer side of one request: a whole response, or a stream (SSE) written as events arrive: chunked, or for an
// HTTP/1.0 client close-delimited (RFC 9112 §6.3: no framing, the body ends when the server closes the connection).
#pragma once

#include "core/result.h"

#include "http/httprequest.h"

#include <QByteArray>
#include <QObject>
#include <nlohmann/json_fwd.hpp>
#include <utility>
#include <vector>

namespace crosslogic {

class ExchangeSink;
class HttpConnection;

class HttpExchange : public QObject
{
    Q_OBJECT
public:
    HttpExchange(HttpConnection *connection, HttpRequest request, bool keepAlive);
    // An exchange answering through another sink (a request relayed from an I/O thread), owned by parent.
    HttpExchange(ExchangeSink *sink, QObject *parent, HttpRequest request, bool keepAlive);

    HttpRequest &request() { return m_request; }
    const HttpRequest &request() const { return m_request; }
    const QByteArray &requestId() const { return m_request.requestId; }
    // Adds a header to the response that will be sent (x-ratelimit-*, retry-after, ...).
    void addHeader(QByteArray name, QByteArray value);
    // Takes back headers added so far under that name (case-insensitive).
    void removeHeader(const QByteArray &name);
    const std::vector<std::pair<QByteArray, QByteArray>> &addedHeaders() const { return m_headers; }

    void respond(int status, const QByteArray &contentType, const QByteArray &body);
    void respondJson(int status, const nlohmann::json &body);
    // OpenAI-shaped error: {"error":{"message","type","code","param"}}.
    // The JSON error shape (core/errorshape.h); the type follows from the status.
    void respondError(int status, const QString &message, const QByteArray &code);
    void respondError(const Error &error);

    void beginStream(int status, const QByteArray &contentType);
    // Returns false when the client is gone; the caller should stop producing.
    bool writeChunk(const QByteArray &data);
    void endStream();

    bool keepAlive() const { return m_keepAlive; }
    bool isStarted() const { return m_started; }
    bool isFinished() const { return m_finished; }
    bool isClientGone() const { return m_clientGone; }
    int status() const { return m_status; }
    qint64 bytesPending() const;

    // Called by the connection.
    void markClientGone();

    // For a request answered on another thread (RelayedExchange): bytes already framed by that thread's exchange
    // (head, body, chunks), and the end of the response with its status.
    void writeRelayed(const QByteArray &bytes);
    void finishRelayed(int status);

signals:
    // The client closed the connection before the response finished.
    void clientGone();
    // Buffered output was flushed to the socket (use for back-pressure on streams).
    void drained();
    void finished();

private:
    QByteArray head(int status, const QByteArray &contentType, qint64 contentLength) const;

    ExchangeSink *m_connection;
    HttpRequest m_request;
    std::vector<std::pair<QByteArray, QByteArray>> m_headers;
    bool m_keepAlive;
    bool m_closeDelimited = false; // a stream to an HTTP/1.0 client: raw bytes, ended by closing
    bool m_headOnly = false;       // a HEAD request: the head a GET would get, never a body (RFC 9110 §9.3.2)
    bool m_started = false;
    bool m_finished = false;
    bool m_clientGone = false;
    int m_status = 0;

    friend class HttpConnection;
};

QByteArray reasonPhrase(int status);

} // namespace crosslogic
