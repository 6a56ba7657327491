// One parsed HTTP request: method, path, query, lower-cased headers, body, route parameters.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QString>
#include <utility>
#include <vector>

namespace crosslogic {

struct HttpRequest
{
    QByteArray method;
    QByteArray path;  // percent-decoded path without the query
    QByteArray query; // raw query string without '?'
    std::vector<std::pair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    QHostAddress peer;
    bool http10 = false; // an HTTP/1.0 request: no chunked coding, so a stream is close-delimited
    QByteArray requestId;
    QByteArray route;                   // the matched route pattern, e.g. /admin/tenants/{id}
    QHash<QByteArray, QString> params;  // values of {name} segments

    QByteArray header(QByteArrayView lowerName) const
    {
        for (const auto &h : headers)
            if (h.first == lowerName)
                return h.second;
        return {};
    }
    bool hasHeader(QByteArrayView lowerName) const
    {
        for (const auto &h : headers)
            if (h.first == lowerName)
                return true;
        return false;
    }
    QString param(const char *name) const { return params.value(QByteArray(name)); }
    // Value of one query parameter, percent-decoded; empty when absent.
    QString queryValue(const QString &name) const;
    bool queryFlag(const QString &name) const;
    // ?limit=N for list endpoints: fallback when absent or invalid, clamped to 1..max.
    int queryLimit(int fallback = 100, int max = 1000) const;
};

} // namespace crosslogic
