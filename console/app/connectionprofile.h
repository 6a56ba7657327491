// A named daemon connection (staging, production…): URL and whether its token is remembered; kept in QSettings.
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

namespace crosslogic::console {

struct ConnectionProfile
{
    QString name;
    QUrl url;
    QString token;
    bool rememberToken = false;

    // Red banner: a profile named like production, or any daemon that is not on this machine.
    bool isProduction() const;
    QString displayName() const;

    static QStringList savedNames();
    static ConnectionProfile loadSaved(const QString &name); // without the token
    void save() const;                                      // never the token
};

} // namespace crosslogic::console
