// crosslogic-node-agent entry point: --simulate runs the built-in engine; registration and heartbeats come
// with the fleet issue.
#include "core/log.h"
#include "simulate/simulatedengine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>
#include <sys/resource.h>

namespace {

// Thousands of concurrent streams need more descriptors than the usual soft limit of 1024.
void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("crosslogic-node-agent"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CROSSLOGIC_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CrossLogic node agent"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption simulate(
        QStringLiteral("simulate"),
        QStringLiteral(
            "Run the built-in simulated OpenAI-compatible engine instead of pointing at a real one."));
    const QCommandLineOption logLevel(QStringLiteral("log-level"),
                                      QStringLiteral("trace, debug, info, warn, error (default info)."),
                                      QStringLiteral("level"), QStringLiteral("info"));
    parser.addOptions({simulate, logLevel});
    crosslogic::sim::EngineOptions::addTo(parser);
    parser.process(app);
    crosslogic::setupLogging(parser.value(logLevel), QStringLiteral("text"), "node-agent");

    if (!parser.isSet(simulate)) {
        std::fprintf(stderr, "crosslogic-node-agent: only --simulate is available so far; "
                             "--engine-url mode comes with control-plane registration.\n");
        return 2;
    }
    auto options = crosslogic::sim::EngineOptions::fromParser(parser);
    if (!options.ok()) {
        std::fprintf(stderr, "crosslogic-node-agent: %s\n", qPrintable(options.error()));
        return 2;
    }
    raiseFileLimit();
    crosslogic::sim::SimulatedEngine engine(options.value());
    if (auto started = engine.start(); !started.ok()) {
        std::fprintf(stderr, "crosslogic-node-agent: cannot listen: %s\n", qPrintable(started.error()));
        return 1;
    }
    // Tests and scripts read the port from this line.
    std::printf("SIMULATED_ENGINE_LISTENING port=%u\n", unsigned(engine.port()));
    std::fflush(stdout);
    return app.exec();
}
