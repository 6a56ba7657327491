// Command-line settings of the node agent's control-plane side (registration, heartbeats, spot notices, drain).
#pragma once

#include "core/result.h"

#include <QString>

class QCommandLineParser;

namespace crosslogic::agent {

struct AgentOptions
{
    QString controlPlaneUrl; // empty: run the engine only, without registering
    QString token;
    QString caCertPath;      // PEM CA certificate(s) the control plane's HTTPS certificate must chain to (besides the system's)
    QString engineUrl;       // where this agent reads the engine's /metrics and /health
    QString engineCommand;   // optional: started with /bin/sh -c and stopped on exit
    QString advertiseUrl;    // what the gateway is told to call (default: the engine URL)
    QString model;
    QString clusterName;
    QString provider = QStringLiteral("local");
    QString region;
    QString instanceType;
    bool spot = false;
    QString nodeId;          // given by the control plane's launcher
    QString stateDir = QStringLiteral("/var/lib/node-agent");
    int heartbeatIntervalS = 10;
    QString spotMetadataUrl;
    QString spotProvider;    // aws, gcp, azure; default: the provider (all three when it is none of them)
    int spotPollMs = 5000;
    int drainTimeoutS = 30;

    // Registers the options on a parser (--model is shared with the simulated engine's options).
    static void addTo(QCommandLineParser &parser);
    static Result<AgentOptions> fromParser(const QCommandLineParser &parser, bool simulate);
};

} // namespace crosslogic::agent
