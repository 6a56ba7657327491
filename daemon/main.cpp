// crosslogicd: `serve` (gateway + control plane), `migrate` (schema), `check-config` (effective, masked).
#include "alerts/alertrules.h"
#include "app/daemon.h"
#include "config/configdocs.h"
#include "core/epolldispatcher.h"
#include "core/log.h"
#include "metrics/servicemetrics.h"
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

// Hidden `crosslogicd routes`: every registered METHOD and pattern, one per line, without listening (the OpenAPI
// document's test compares them). Uses the environment's configuration when it is complete, placeholders otherwise.
// Hidden `crosslogicd metrics`: the exposition text of a daemon just built (every family with its HELP and TYPE),
// without listening; the monitoring files' test checks each query's metric names against it.
int runRoutes(const QString &envFile, bool envFileExplicit, bool metrics)
{
    auto config = loadConfig(envFile, envFileExplicit);
    if (!config) {
        EnvMap env;
        env.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("postgres://routes@127.0.0.1:1/crosslogic"));
        env.insert(QStringLiteral("REDIS_URL"), QStringLiteral("redis://127.0.0.1:1"));
        env.insert(QStringLiteral("ADMIN_API_TOKEN"), QStringLiteral("routes-listing-only-token"));
        env.insert(QStringLiteral("LOG_LEVEL"), QStringLiteral("off"));
        auto placeholder = Config::fromEnvironment(env);
        if (!placeholder) {
            std::fprintf(stderr, "crosslogicd: %s\n", qPrintable(placeholder.error()));
            return 2;
        }
        config = std::make_shared<const Config>(*placeholder);
    }
    Config quiet = **config;
    quiet.migrateOnStart = false;
    setupLogging(QStringLiteral("off"), quiet.logFormat, "crosslogicd");
    Daemon daemon(std::make_shared<const Config>(quiet), QString());
    daemon.setRoutesOnly(true);
    if (auto r = daemon.start(); !r) {
        std::fprintf(stderr, "crosslogicd: %s\n", qPrintable(r.error()));
        return 1;
    }
    if (metrics) {
        const QByteArray text = daemon.metrics().render();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        return 0;
    }
    for (const Router::Route &route : daemon.router().routes())
        std::printf("%s %s\n", route.method.constData(), route.pattern.constData());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    // Qt's own event dispatcher instead of glib's: glib polls every registered socket on every loop iteration,
    // so with thousands of held streams each request pays for all of them (docs/benchmarks.md). The daemon
    // uses no glib-based library. QT_NO_GLIB set by the user wins; QT_NO_GLIB=0 brings glib back (Qt itself
    // treats any non-empty value as "no glib").
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    else if (qgetenv("QT_NO_GLIB") == "0")
        qunsetenv("QT_NO_GLIB");
    // Better still, an epoll dispatcher (core/epolldispatcher.h) for the main thread and the I/O threads: the cost of
    // a loop iteration no longer grows with the number of open connections. CROSSLOGIC_EVENT_DISPATCHER=poll keeps
    // Qt's own (then QT_NO_GLIB above decides which).
    installEpollDispatcherForMainThread();
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
    QCommandLineOption markdown(QStringLiteral("markdown"),
                                QStringLiteral("check-config: print the configuration table of these sections as markdown (all, or e.g. billing,spool)."),
                                QStringLiteral("sections"));
    QCommandLineOption envTemplate(QStringLiteral("env-template"), QStringLiteral("check-config: print every variable as an env file."));
    parser.addOptions({markdown, envTemplate});
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    const QString command = args.value(0, QStringLiteral("serve"));
    // Hidden `crosslogicd alert-rules`: the rule table of docs/alerts.md, as markdown (scripts/gen-config-docs.sh).
    if (command == QLatin1String("alert-rules")) {
        const QByteArray table = alertRulesMarkdown();
        std::fwrite(table.constData(), 1, size_t(table.size()), stdout);
        return 0;
    }
    if (command == QLatin1String("routes") || command == QLatin1String("metrics"))
        return runRoutes(parser.value(envFile), parser.isSet(envFile), command == QLatin1String("metrics"));
    if (command != QLatin1String("serve") && command != QLatin1String("migrate") && command != QLatin1String("check-config")) {
        std::fprintf(stderr, "crosslogicd: unknown command '%s' (serve, migrate, check-config)\n", qPrintable(command));
        return 2;
    }

    // The table itself, for README.md, docs/ and the packaged env template (scripts/gen-config-docs.sh): no
    // configuration needed.
    if (command == QLatin1String("check-config") && parser.isSet(markdown)) {
        const auto table = configMarkdown(parser.value(markdown));
        if (!table) {
            std::fprintf(stderr, "crosslogicd: %s\n", qPrintable(table.error()));
            return 2;
        }
        std::printf("%s", qPrintable(*table));
        return 0;
    }
    if (command == QLatin1String("check-config") && parser.isSet(envTemplate)) {
        std::printf("%s", qPrintable(configEnvTemplate()));
        return 0;
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
