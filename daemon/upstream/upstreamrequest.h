// One request to an engine node (method, URL, headers, body, timeouts) and the ways such a call can fail.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace crosslogic {

// Why an upstream call ended. None means an HTTP response was received completely, whatever its status
// (a 4xx/5xx answer is not a transport error: look at UpstreamCall::status()).
enum class UpstreamError
{
    None,
    ConnectFailed,  // refused, unreachable, unresolvable, TLS handshake failed: the request never reached the
                    // engine
    ConnectTimeout, // no connection within connectTimeoutMs
    FirstByteTimeout, // connected and sent, but no response byte within firstByteTimeoutMs
    IdleTimeout,      // the response started, then no byte for idleTimeoutMs
    TotalTimeout,     // totalTimeoutMs elapsed
    ConnectionLost,   // the engine closed or reset the connection before the response was complete
    Protocol,         // the engine's answer was not valid HTTP/1.x
    Cancelled, // aborted by the client itself (UpstreamClient::abortAll); never after UpstreamCall::cancel()
    Other,
};

// Stable lower-case name for logs and metrics ("connect_failed", "first_byte_timeout", ...).
QByteArray upstreamErrorName(UpstreamError error);

// True when the request cannot have reached the engine, so sending it to another node is safe.
inline bool upstreamErrorIsRetryable(UpstreamError error)
{
    return error == UpstreamError::ConnectFailed || error == UpstreamError::ConnectTimeout;
}

// A header that can be sent as one line: no CR, LF or NUL anywhere (they would inject headers), no ':' in the
// name. UpstreamClient drops any other.
bool upstreamHeaderIsSafe(const QByteArray &name, const QByteArray &value);

struct UpstreamRequest
{
    QByteArray method = "POST";
    QByteArray url; // e.g. http://127.0.0.1:8001/v1/chat/completions
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // No timeout of its own (0 = none): each caller states its policy (the gateway's is UPSTREAM_*_TIMEOUT_MS).
    int connectTimeoutMs = 0;
    int firstByteTimeoutMs = 0; // from the connection being ready to the first response byte (covers
                                // time-to-first-token)
    int idleTimeoutMs = 0;      // max gap between response bytes once the response started
    int totalTimeoutMs = 0;         // whole call; 0 = none
};

} // namespace crosslogic
