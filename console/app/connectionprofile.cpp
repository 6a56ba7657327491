// A named daemon connection (staging, production…): URL and whether its token is remembered; kept in QSettings.
#include "app/connectionprofile.h"

#include <QSettings>

namespace crosslogic::console {

bool ConnectionProfile::isProduction() const
{
    if (name.contains(QLatin1String("prod"), Qt::CaseInsensitive))
        return true;
    const QString host = url.host();
    return !(host == QLatin1String("localhost") || host == QLatin1String("127.0.0.1") || host == QLatin1String("::1") || host.isEmpty());
}

QString ConnectionProfile::displayName() const
{
    return name.isEmpty() ? url.host() : name;
}

QStringList ConnectionProfile::savedNames()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("profiles"));
    return settings.childGroups();
}

ConnectionProfile ConnectionProfile::loadSaved(const QString &name)
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("profiles/") + name);
    ConnectionProfile p;
    p.name = name;
    p.url = QUrl(settings.value(QStringLiteral("url")).toString());
    p.rememberToken = settings.value(QStringLiteral("remember_token"), false).toBool();
    return p;
}

void ConnectionProfile::save() const
{
    if (name.isEmpty())
        return;
    QSettings settings;
    settings.beginGroup(QStringLiteral("profiles/") + name);
    settings.setValue(QStringLiteral("url"), url.toString());
    settings.setValue(QStringLiteral("remember_token"), rememberToken);
}

} // namespace crosslogic::console
