// crosslogic-node-agent entry point: runs or points at an engine, registers it with the control plane, heartbeats,
// drains on spot notices and SIGTERM.
#include "core/log.h"
#include "core/signalwatcher.h"
#include "registration/agentoptions.h"
#include "registration/nodeagent.h"
#include "simulate/simulatedengine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QProcess>
#include <cstdio>
#include <memory>
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
        QStringLiteral("Run the built-in simulated OpenAI-compatible engine instead of pointing at a real one."));
    const QCommandLineOption logLevel(QStringLiteral("log-level"), QStringLiteral("trace, debug, info, warn, error (default info)."),
                                      QStringLiteral("level"), QStringLiteral("info"));
    parser.addOptions({simulate, logLevel});
    crosslogic::sim::EngineOptions::addTo(parser);
    crosslogic::agent::AgentOptions::addTo(parser);
    parser.process(app);
    crosslogic::setupLogging(parser.value(logLevel), QStringLiteral("text"), "node-agent");

    auto agentOptions = crosslogic::agent::AgentOptions::fromParser(parser, parser.isSet(simulate));
    if (!agentOptions.ok()) {
        std::fprintf(stderr, "crosslogic-node-agent: %s\n", qPrintable(agentOptions.error()));
        return 2;
    }
    raiseFileLimit();
    crosslogic::agent::AgentOptions options = agentOptions.value();

    std::unique_ptr<crosslogic::sim::SimulatedEngine> engine;
    QString engineUrl = options.engineUrl;
    if (parser.isSet(simulate)) {
        auto simOptions = crosslogic::sim::EngineOptions::fromParser(parser);
        if (!simOptions.ok()) {
            std::fprintf(stderr, "crosslogic-node-agent: %s\n", qPrintable(simOptions.error()));
            return 2;
        }
        engine = std::make_unique<crosslogic::sim::SimulatedEngine>(simOptions.value());
        if (auto started = engine->start(); !started.ok()) {
            std::fprintf(stderr, "crosslogic-node-agent: cannot listen: %s\n", qPrintable(started.error()));
            return 1;
        }
        // Tests and scripts read the port from this line.
        std::printf("SIMULATED_ENGINE_LISTENING port=%u\n", unsigned(engine->port()));
        std::fflush(stdout);
        engineUrl = QStringLiteral("http://127.0.0.1:%1").arg(engine->port());
        if (options.model.isEmpty())
            options.model = engine->options().model;
    }
    QProcess engineProcess;
    if (!options.engineCommand.isEmpty()) {
        engineProcess.setProcessChannelMode(QProcess::ForwardedChannels);
        engineProcess.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), options.engineCommand});
        if (!engineProcess.waitForStarted(5000)) {
            std::fprintf(stderr, "crosslogic-node-agent: cannot start --engine-command: %s\n", qPrintable(engineProcess.errorString()));
            return 1;
        }
        spdlog::info("engine command started (pid {})", engineProcess.processId());
    }
    auto stopEngine = [&engineProcess] {
        if (engineProcess.state() != QProcess::NotRunning) {
            engineProcess.terminate();
            if (!engineProcess.waitForFinished(5000))
                engineProcess.kill();
        }
    };

    crosslogic::SignalWatcher termination(crosslogic::SignalWatcher::Hangup::DefaultAction);
    if (options.controlPlaneUrl.isEmpty()) {
        QObject::connect(&termination, &crosslogic::SignalWatcher::terminateRequested, &app, [](int) { QCoreApplication::quit(); });
        const int code = app.exec();
        stopEngine();
        return code;
    }
    if (options.model.isEmpty()) {
        std::fprintf(stderr, "crosslogic-node-agent: --model is required to register a node\n");
        return 2;
    }
    crosslogic::agent::NodeAgent agent(options, engineUrl);
    QObject::connect(&termination, &crosslogic::SignalWatcher::terminateRequested, &agent, [&agent](int sig) {
        static int count = 0;
        if (++count > 1) {
            spdlog::warn("signal {} again: exiting now", sig);
            QCoreApplication::exit(0);
            return;
        }
        agent.shutdown();
    });
    QObject::connect(&agent, &crosslogic::agent::NodeAgent::finished, &app, [](int code) { QCoreApplication::exit(code); });
    agent.start();
    const int code = app.exec();
    stopEngine();
    return code;
}
