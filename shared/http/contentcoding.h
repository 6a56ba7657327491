// Request bodies sent with a Content-Encoding: gzip is decoded (bounded), anything else is refused.
#pragma once

#include "core/result.h"

#include <QByteArray>

namespace crosslogic {

// The body as the handler should see it. identity (or no header): unchanged. gzip / x-gzip: inflated, refused with
// 413 when the decoded body would pass maxBytes (the size limit applies after decompression, so a small
// compressed "bomb" is stopped as soon as it expands past the limit) and 400 when it is not a valid gzip stream.
// Any other coding, or more than one: 415.
Result<QByteArray> decodeRequestBody(const QByteArray &contentEncoding, const QByteArray &body, qint64 maxBytes);

class HttpExchange;
// For a server's handler, before routing: replaces an encoded body by the decoded one (and drops the
// Content-Encoding header), or answers the request with decodeRequestBody's error and returns false.
bool decodeBodyOrAnswer(HttpExchange *exchange, qint64 maxBytes);

} // namespace crosslogic
