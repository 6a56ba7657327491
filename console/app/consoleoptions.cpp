// Command line of crosslogic-console: --url (connect at once with $CROSSLOGIC_ADMIN_TOKEN), --profile,
// --screenshot-dir, --escalation-config.
#include "app/consoleoptions.h"

#include <QCommandLineParser>

namespace crosslogic::console {

ConsoleOptions ConsoleOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("CrossLogic operations console (admin API only)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption url(QStringLiteral("url"), tr("Connect to this daemon at once, with the token from CROSSLOGIC_ADMIN_TOKEN."), tr("URL"));
    const QCommandLineOption profile(QStringLiteral("profile"), tr("Profile name shown in the banner (e.g. staging, production)."), tr("NAME"));
    const QCommandLineOption shots(QStringLiteral("screenshot-dir"), tr("Render every view to DIR/<view>.png once its data loaded, then exit."), tr("DIR"));
    const QCommandLineOption escalation(QStringLiteral("escalation-config"), tr("Contact-escalation JSON file (runbook §10)."), tr("FILE"));
    parser.addOptions({url, profile, shots, escalation});
    parser.process(arguments);
    ConsoleOptions o;
    o.url = parser.value(url);
    o.profile = parser.value(profile);
    o.screenshotDir = parser.value(shots);
    o.escalationConfig = parser.value(escalation);
    if (!o.url.isEmpty())
        o.token = qEnvironmentVariable("CROSSLOGIC_ADMIN_TOKEN");
    return o;
}

} // namespace crosslogic::console
