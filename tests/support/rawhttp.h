// A blocking HTTP/1.1 client on a real socket for tests: send exact bytes, read a whole response or a stream.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QTcpSocket>
#include <memory>

namespace crosslogic::test {

struct HttpResult
{
    int status = 0; // 0: no response (closed or timed out)
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool closedByServer = false;

    QByteArray header(const QByteArray &name) const;
    QByteArray json(const char *pointer) const; // value at a JSON pointer, as compact JSON (strings unquoted)
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

class RawHttp
{
public:
    static HttpResult exchange(quint16 port, const QByteArray &raw, int timeoutMs = 10000);
    static HttpResult request(quint16 port, const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                              const Headers &headers = {}, int timeoutMs = 10000);
    static HttpResult get(quint16 port, const QByteArray &path, const Headers &headers = {})
    {
        return request(port, "GET", path, {}, headers);
    }
    static HttpResult post(quint16 port, const QByteArray &path, const QByteArray &body, const Headers &headers = {})
    {
        return request(port, "POST", path, body, headers);
    }
    static QByteArray build(const QByteArray &method, const QByteArray &path, const QByteArray &body, const Headers &headers);
};

// Reads a chunked (SSE) response incrementally, to check events arrive before the stream ends.
class StreamingResponse
{
public:
    bool open(quint16 port, const QByteArray &rawRequest, int timeoutMs = 10000);
    int status() const { return m_status; }
    QByteArray header(const QByteArray &name) const;
    // Next decoded chunk of the body; empty when the stream ended or the timeout passed.
    QByteArray nextChunk(int timeoutMs = 10000);
    bool ended() const { return m_ended; }
    void abort();
    QTcpSocket *socket() { return m_socket.get(); }

private:
    bool fill(int timeoutMs);
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    int m_status = 0;
    bool m_ended = false;
};

} // namespace crosslogic::test
