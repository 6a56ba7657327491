// One parsed HTTP request: method, path, query, lower-cased headers, body, route parameters.
#include "http/httprequest.h"

#include <QUrlQuery>

namespace crosslogic {

QString HttpRequest::queryValue(const QString &name) const
{
    const QUrlQuery q(QString::fromUtf8(query));
    return q.queryItemValue(name, QUrl::FullyDecoded);
}

bool HttpRequest::queryFlag(const QString &name) const
{
    const QString v = queryValue(name).toLower();
    return v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes");
}

} // namespace crosslogic

namespace crosslogic {

int HttpRequest::queryLimit(int fallback, int max) const
{
    bool ok = false;
    const int v = queryValue(QStringLiteral("limit")).toInt(&ok);
    return ok && v > 0 ? qMin(v, max) : fallback;
}

} // namespace crosslogic
