// A blocking HTTP/1.1 client on a real socket for tests: send exact bytes, read a whole response or a stream.
#include "support/rawhttp.h"

#include <QElapsedTimer>
#include <nlohmann/json.hpp>

namespace crosslogic::test {
namespace {

// Parses a status line + headers from buf; returns the header length or -1 when incomplete.
qsizetype parseHead(const QByteArray &buf, int *status, QList<QPair<QByteArray, QByteArray>> *headers)
{
    const qsizetype end = buf.indexOf("\r\n\r\n");
    if (end < 0)
        return -1;
    const QList<QByteArray> lines = buf.left(end).split('\n');
    headers->clear();
    *status = lines.value(0).split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            headers->append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    return end + 4;
}

QByteArray headerOf(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name)
{
    for (const auto &h : headers)
        if (h.first == name.toLower())
            return h.second;
    return {};
}

// Decodes complete chunks from buf starting at pos; returns false on malformed input.
bool decodeChunks(QByteArray &buf, QByteArray *out, bool *ended)
{
    for (;;) {
        const qsizetype lineEnd = buf.indexOf("\r\n");
        if (lineEnd < 0)
            return true;
        bool ok = false;
        const qsizetype size = buf.left(lineEnd).trimmed().toLongLong(&ok, 16);
        if (!ok)
            return false;
        if (buf.size() < lineEnd + 2 + size + 2)
            return true;
        if (size == 0) {
            *ended = true;
            buf.remove(0, lineEnd + 4);
            return true;
        }
        out->append(buf.mid(lineEnd + 2, size));
        buf.remove(0, lineEnd + 2 + size + 2);
    }
}

} // namespace

QByteArray HttpResult::header(const QByteArray &name) const
{
    return headerOf(headers, name);
}

QByteArray HttpResult::json(const char *pointer) const
{
    try {
        const auto doc = nlohmann::json::parse(body.toStdString());
        const auto &v = doc.at(nlohmann::json::json_pointer(pointer));
        return QByteArray::fromStdString(v.is_string() ? v.get<std::string>() : v.dump());
    } catch (...) {
        return QByteArray("<absent>");
    }
}

QByteArray RawHttp::build(const QByteArray &method, const QByteArray &path, const QByteArray &body, const Headers &headers)
{
    QByteArray raw = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    bool hasType = false;
    for (const auto &h : headers) {
        raw += h.first + ": " + h.second + "\r\n";
        hasType = hasType || h.first.toLower() == "content-type";
    }
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
        if (!hasType)
            raw += "Content-Type: application/json\r\n";
        raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    raw += "\r\n" + body;
    return raw;
}

HttpResult RawHttp::request(quint16 port, const QByteArray &method, const QByteArray &path, const QByteArray &body,
                            const Headers &headers, int timeoutMs)
{
    return exchange(port, build(method, path, body, headers), timeoutMs);
}

HttpResult RawHttp::exchange(quint16 port, const QByteArray &raw, int timeoutMs)
{
    HttpResult result;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return result;
    socket.write(raw);
    QElapsedTimer timer;
    timer.start();
    QByteArray buf;
    qsizetype headLen = -1;
    QByteArray body;
    bool chunkedEnded = false;
    while (timer.elapsed() < timeoutMs) {
        if (socket.bytesToWrite() > 0)
            socket.waitForBytesWritten(50);
        if (!socket.waitForReadyRead(50)) {
            if (socket.state() != QAbstractSocket::ConnectedState) {
                buf += socket.readAll();
                result.closedByServer = true;
                break;
            }
            if (socket.bytesAvailable() == 0)
                continue;
        }
        buf += socket.readAll();
        if (headLen < 0) {
            headLen = parseHead(buf, &result.status, &result.headers);
            if (headLen < 0)
                continue;
            buf.remove(0, headLen);
            if (result.status == 204 || result.status == 304)
                break; // never a body (RFC 9110 §15.3.5)
        }
        if (headerOf(result.headers, "transfer-encoding").contains("chunked")) {
            decodeChunks(buf, &body, &chunkedEnded);
            if (chunkedEnded)
                break;
        } else if (!headerOf(result.headers, "content-length").isEmpty()) {
            if (buf.size() >= headerOf(result.headers, "content-length").toLongLong()) {
                body = buf.left(headerOf(result.headers, "content-length").toLongLong());
                break;
            }
        }
    }
    if (headLen < 0)
        headLen = parseHead(buf, &result.status, &result.headers) >= 0 ? 0 : -1;
    if (body.isEmpty() && !headerOf(result.headers, "content-length").isEmpty())
        body = buf.left(headerOf(result.headers, "content-length").toLongLong());
    result.body = body;
    if (!result.closedByServer && headerOf(result.headers, "connection") == "close") {
        if (socket.state() == QAbstractSocket::ConnectedState)
            socket.waitForDisconnected(2000);
        result.closedByServer = socket.state() != QAbstractSocket::ConnectedState;
    }
    return result;
}

bool StreamingResponse::open(quint16 port, const QByteArray &rawRequest, int timeoutMs)
{
    m_socket = std::make_unique<QTcpSocket>();
    m_socket->connectToHost(QHostAddress::LocalHost, port);
    if (!m_socket->waitForConnected(timeoutMs))
        return false;
    m_socket->write(rawRequest);
    m_socket->waitForBytesWritten(timeoutMs);
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const qsizetype headLen = parseHead(m_buffer, &m_status, &m_headers);
        if (headLen >= 0) {
            m_buffer.remove(0, headLen);
            return true;
        }
        if (!fill(int(timeoutMs - t.elapsed())))
            return false;
    }
    return false;
}

QByteArray StreamingResponse::header(const QByteArray &name) const
{
    return headerOf(m_headers, name);
}

bool StreamingResponse::fill(int timeoutMs)
{
    if (m_socket->bytesAvailable() == 0 && !m_socket->waitForReadyRead(qMax(1, timeoutMs)))
        return false;
    m_buffer += m_socket->readAll();
    return true;
}

QByteArray StreamingResponse::nextChunk(int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!m_ended) {
        QByteArray out;
        if (!headerOf(m_headers, "transfer-encoding").contains("chunked")) {
            out = m_buffer;
            m_buffer.clear();
        } else if (!decodeChunks(m_buffer, &out, &m_ended)) {
            m_ended = true;
            return {};
        }
        if (!out.isEmpty())
            return out;
        if (m_ended || t.elapsed() >= timeoutMs || !fill(int(timeoutMs - t.elapsed())))
            return {};
    }
    return {};
}

void StreamingResponse::abort()
{
    if (m_socket)
        m_socket->abort();
}

} // namespace crosslogic::test
