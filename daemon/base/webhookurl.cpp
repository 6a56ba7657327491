// See webhookurl.h.
#include "base/webhookurl.h"

#include <QUrl>

namespace crosslogic {

QString maskWebhookUrl(const QString &url)
{
    const QUrl u(url);
    if (!u.isValid() || u.host().isEmpty())
        return QStringLiteral("****");
    QString shown = u.scheme() + QStringLiteral("://") + u.host();
    if (u.port() > 0)
        shown += QLatin1Char(':') + QString::number(u.port());
    if (!u.path().isEmpty() && u.path() != QLatin1String("/"))
        shown += QStringLiteral("/****");
    else if (u.hasQuery())
        shown += QStringLiteral("/?****");
    return shown;
}

} // namespace crosslogic
