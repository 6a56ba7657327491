// crosslogicd: `serve` (gateway + control plane), `migrate` (schema), `check-config` (effective, masked).
#include "app/daemon.h"
#include "core/log.h"
#include "store/dbpool.h"
#include "store/migrator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>

using namespace crosslogic;

namespace {

int runMigrate(const Config &config)
{
    auto opened = DbPool::open(config.database, QStringLiteral("crosslogic-migrate"));
    if (!opened) {
        spdlog::error("migrate: {}", qs(opened.error()));
        return 1;
    }
    QSqlDatabase db = opened.value();
    auto applied = Migrator::apply(db);
    if (!applied) {
        spdlog::error("migrate: {}", qs(applied.error()));
        return 1;
    }
    auto version = Migrator::currentVersion(db);
    std::printf("schema at version %d (%lld migration(s) applied now)\n", version ? *version : -1,
                static_cast<long long>(applied->size()));
    db.close();
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("crosslogicd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CROSSLOGIC_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CrossLogic inference gateway and control plane"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("serve | migrate | check-config"));
    QCommandLineOption envFile(QStringLiteral("env-file"), QStringLiteral("Env file to load (default /etc/crosslogic/.env)."),
                               QStringLiteral("path"), QStringLiteral("/etc/crosslogic/.env"));
    parser.addOption(envFile);
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    const QString command = args.value(0, QStringLiteral("serve"));
    if (command != QLatin1String("serve") && command != QLatin1String("migrate") && command != QLatin1String("check-config")) {
        std::fprintf(stderr, "crosslogicd: unknown command '%s' (serve, migrate, check-config)\n", qPrintable(command));
        return 2;
    }

    auto config = loadConfig(parser.value(envFile), parser.isSet(envFile));
    if (!config) {
        std::fprintf(stderr, "crosslogicd: %s\n", qPrintable(config.error()));
        return 2;
    }
    setupLogging((*config)->logLevel, (*config)->logFormat, "crosslogicd");

    if (command == QLatin1String("check-config")) {
        for (const QString &line : (*config)->describe())
            std::printf("%s\n", qPrintable(line));
        return 0;
    }
    if (command == QLatin1String("migrate"))
        return runMigrate(**config);

    Daemon daemon(*config, parser.value(envFile));
    QObject::connect(&daemon, &Daemon::stopped, &app, [](int code) { QCoreApplication::exit(code); });
    if (auto started = daemon.start(); !started) {
        spdlog::error("cannot start: {}", qs(started.error()));
        return 1;
    }
    const int code = QCoreApplication::exec();
    spdlog::info("crosslogicd stopped");
    return code;
}
