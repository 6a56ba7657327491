// Request bodies sent with a Content-Encoding: gzip is decoded (bounded), anything else is refused.
#include "http/contentcoding.h"

#include "http/httpexchange.h"

#include <zlib.h>

namespace crosslogic {
namespace {

Error corrupt()
{
    return fail(400, "invalid_content_encoding", QStringLiteral("the request body is not valid gzip data"));
}

// Inflates gzip members one after another (RFC 1952 allows several), never holding more than maxBytes.
Result<QByteArray> gunzip(const QByteArray &in, qint64 maxBytes)
{
    if (in.isEmpty())
        return corrupt();
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) // 16 + window bits: gzip header and trailer only
        return fail(500, "internal_error", QStringLiteral("could not start gzip decoding"));
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    z.avail_in = uInt(in.size());
    QByteArray out;
    char buffer[64 * 1024];
    for (;;) {
        z.next_out = reinterpret_cast<Bytef *>(buffer);
        z.avail_out = uInt(sizeof buffer);
        const int rc = inflate(&z, Z_NO_FLUSH);
        const qsizetype produced = qsizetype(sizeof buffer) - qsizetype(z.avail_out);
        if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && produced > 0)) {
            inflateEnd(&z);
            return corrupt();
        }
        if (out.size() + produced > maxBytes) {
            inflateEnd(&z);
            return fail(413, "body_too_large",
                        QStringLiteral("the decompressed request body is larger than the limit of %1 bytes").arg(maxBytes));
        }
        out.append(buffer, produced);
        if (rc == Z_STREAM_END) {
            if (z.avail_in == 0)
                break;
            inflateReset(&z); // another member follows
            continue;
        }
        if (z.avail_in == 0 && produced == 0) { // input ended inside a member
            inflateEnd(&z);
            return corrupt();
        }
    }
    inflateEnd(&z);
    return out;
}

} // namespace

Result<QByteArray> decodeRequestBody(const QByteArray &contentEncoding, const QByteArray &body, qint64 maxBytes)
{
    const QByteArray coding = contentEncoding.trimmed().toLower();
    if (coding.isEmpty() || coding == "identity")
        return body;
    if (coding == "gzip" || coding == "x-gzip")
        return gunzip(body, maxBytes);
    return fail(415, "unsupported_content_encoding",
                QStringLiteral("Content-Encoding '%1' is not supported; send the body uncompressed or with gzip")
                    .arg(QString::fromLatin1(coding.left(64))));
}

bool decodeBodyOrAnswer(HttpExchange *exchange, qint64 maxBytes)
{
    HttpRequest &request = exchange->request();
    if (!request.hasHeader("content-encoding"))
        return true;
    Result<QByteArray> body = decodeRequestBody(request.header("content-encoding"), request.body, maxBytes);
    if (!body) {
        if (body.failure().status == 415)
            exchange->addHeader("Accept-Encoding", "gzip"); // RFC 9110 §15.5.16: the codings that would do
        exchange->respondError(body.failure());
        return false;
    }
    std::erase_if(request.headers, [](const auto &h) { return h.first == "content-encoding"; });
    request.body = std::move(body).value();
    return true;
}

} // namespace crosslogic
