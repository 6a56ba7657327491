// HttpConnection's http-parser callbacks: the request line, headers and body of each request, checked against the
// limits as they arrive (431, 414, 413, 400, 505), and the head and body deadlines' clocks.
#include "http/httpconnection.h"

#include "http/requestid.h"

#include <QUrl>
#include <algorithm>
#include <cstring>

namespace crosslogic {
namespace {
HttpConnection *self(http_parser *p) { return static_cast<HttpConnection *>(p->data); }
} // namespace

namespace {
// RFC 9110 token characters: anything else in a header name (spaces, controls) is rejected, not guessed at.
bool isToken(const QByteArray &name)
{
    if (name.isEmpty())
        return false;
    for (char ch : name) {
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                        || std::strchr("!#$%&'*+-.^_`|~", ch) != nullptr;
        if (!ok || ch == '\0')
            return false;
    }
    return true;
}

QString bodyTooLarge(qint64 limit)
{
    return QStringLiteral("request body is larger than the limit of %1 bytes").arg(limit);
}
} // namespace

int HttpConnection::failParse(int status, const QString &message, const QByteArray &code)
{
    m_failStatus = status;
    m_failMessage = message;
    m_failCode = code;
    return 1;
}

void HttpConnection::flushHeader()
{
    if (m_field.isEmpty())
        return;
    if (!isToken(m_field) && m_failStatus == 0)
        failParse(400, QStringLiteral("invalid header name"), "malformed_request");
    m_current.headers.emplace_back(m_field.toLower(), m_value.trimmed());
    m_field.clear();
    m_value.clear();
}

int HttpConnection::onMessageBegin(http_parser *p)
{
    auto *c = self(p);
    c->m_current = HttpRequest{};
    c->m_url.clear();
    c->m_field.clear();
    c->m_value.clear();
    c->m_inValue = false;
    c->m_headBytes = 0;
    c->m_bodyBytes = 0;
    c->m_headClock.start();
    c->m_phase = Phase::Head;
    c->armTimer();
    return 0;
}

int HttpConnection::onUrl(http_parser *p, const char *at, size_t len)
{
    auto *c = self(p);
    c->m_headBytes += qint64(len);
    if (c->m_headBytes > c->m_limits.maxHeaderBytes)
        return c->failParse(414, QStringLiteral("request target too long"), "uri_too_long");
    c->m_url.append(at, qsizetype(len));
    return 0;
}

int HttpConnection::onHeaderField(http_parser *p, const char *at, size_t len)
{
    auto *c = self(p);
    if (c->m_inValue) {
        c->flushHeader();
        c->m_inValue = false;
        if (c->m_failStatus != 0)
            return 1;
    }
    c->m_headBytes += qint64(len);
    if (c->m_headBytes > c->m_limits.maxHeaderBytes || c->m_current.headers.size() > 200)
        return c->failParse(431, QStringLiteral("request headers too large"), "headers_too_large");
    c->m_field.append(at, qsizetype(len));
    return 0;
}

int HttpConnection::onHeaderValue(http_parser *p, const char *at, size_t len)
{
    auto *c = self(p);
    c->m_inValue = true;
    c->m_headBytes += qint64(len);
    if (c->m_headBytes > c->m_limits.maxHeaderBytes)
        return c->failParse(431, QStringLiteral("request headers too large"), "headers_too_large");
    c->m_value.append(at, qsizetype(len));
    return 0;
}

int HttpConnection::onHeadersComplete(http_parser *p)
{
    auto *c = self(p);
    c->flushHeader();
    c->m_inValue = false;
    if (c->m_failStatus != 0)
        return 1;
    HttpRequest &r = c->m_current;
    if (p->http_major != 1) // HTTP/0.9-style lines, HTTP/2.0, HTTP/3.x: only HTTP/1.x is spoken here
        return c->failParse(505, QStringLiteral("HTTP version %1.%2 is not supported; use HTTP/1.1")
                                     .arg(p->http_major).arg(p->http_minor), "http_version_not_supported");
    r.method = http_method_str(static_cast<http_method>(p->method));
    r.http10 = p->http_major == 1 && p->http_minor == 0;
    http_parser_url u;
    http_parser_url_init(&u);
    if (http_parser_parse_url(c->m_url.constData(), size_t(c->m_url.size()), 0, &u) != 0 ||
        !(u.field_set & (1 << UF_PATH)))
        return c->failParse(400, QStringLiteral("malformed request target"), "malformed_request");
    const QByteArray rawPath = c->m_url.mid(u.field_data[UF_PATH].off, u.field_data[UF_PATH].len);
    r.path = QByteArray::fromPercentEncoding(rawPath);
    if (u.field_set & (1 << UF_QUERY))
        r.query = c->m_url.mid(u.field_data[UF_QUERY].off, u.field_data[UF_QUERY].len);
    if (r.path.contains('\0') || r.path.contains("/../") || r.path.endsWith("/.."))
        return c->failParse(400, QStringLiteral("invalid request path"), "invalid_path");
    if (p->flags & F_CONTENTLENGTH && p->content_length > uint64_t(c->m_limits.maxBodyBytes))
        return c->failParse(413, bodyTooLarge(c->m_limits.maxBodyBytes), "body_too_large");
    // RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host; two may be read differently by a proxy.
    const auto hosts = std::count_if(r.headers.begin(), r.headers.end(), [](const auto &h) { return h.first == "host"; });
    if (hosts > 1)
        return c->failParse(400, QStringLiteral("more than one Host header"), "duplicate_host");
    if (hosts == 0 && !r.http10)
        return c->failParse(400, QStringLiteral("an HTTP/1.1 request needs a Host header"), "missing_host");
    if (r.header("expect").toLower() == "100-continue")
        c->m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
    c->m_phase = Phase::Body;
    c->m_bodyClock.start();
    c->armTimer();
    return 0;
}

int HttpConnection::onBody(http_parser *p, const char *at, size_t len)
{
    auto *c = self(p);
    if (c->m_current.body.size() + qint64(len) > c->m_limits.maxBodyBytes)
        return c->failParse(413, bodyTooLarge(c->m_limits.maxBodyBytes), "body_too_large");
    c->m_current.body.append(at, qsizetype(len));
    c->m_bodyBytes += qint64(len);
    return 0;
}

int HttpConnection::onMessageComplete(http_parser *p)
{
    auto *c = self(p);
    HttpRequest &r = c->m_current;
    r.peer = c->m_socket->peerAddress();
    r.requestId = acceptOrGenerateRequestId(r.header("x-request-id"));
    c->m_queue.emplace_back(std::move(r), http_should_keep_alive(p) != 0);
    c->m_current = HttpRequest{};
    c->m_phase = Phase::Idle;
    return 0;
}

} // namespace crosslogic
