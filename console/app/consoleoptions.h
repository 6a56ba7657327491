// Command line of crosslogic-console: --url (connect at once with $CROSSLOGIC_ADMIN_TOKEN), --profile,
// --screenshot-dir, --escalation-config.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace crosslogic::console {

struct ConsoleOptions
{
    Q_DECLARE_TR_FUNCTIONS(ConsoleOptions)

public:
    QString url;
    QString profile;
    QString token; // from CROSSLOGIC_ADMIN_TOKEN when --url is given
    QString screenshotDir;
    QString escalationConfig;
    int screenshotTimeoutMs = 30000;

    static ConsoleOptions parse(const QStringList &arguments);
};

} // namespace crosslogic::console
