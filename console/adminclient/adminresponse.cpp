// One answer of the admin API as the console sees it: HTTP status, parsed JSON, or why the daemon was unreachable.
#include "adminclient/adminresponse.h"

#include <QJsonValue>

namespace crosslogic {

QString AdminResponse::errorMessage() const
{
    if (!reachable())
        return networkError.isEmpty() ? QStringLiteral("no answer") : networkError;
    const QJsonValue message = object().value(QLatin1String("error")).toObject().value(QLatin1String("message"));
    if (message.isString())
        return message.toString();
    return QStringLiteral("HTTP %1").arg(status);
}

qint64 AdminResponse::auditId() const
{
    const QJsonValue id = object().value(QLatin1String("audit_id"));
    if (id.isDouble())
        return qint64(id.toDouble());
    if (id.isString())
        return id.toString().toLongLong();
    return -1;
}

} // namespace crosslogic
