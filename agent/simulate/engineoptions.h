// Settings of the simulated inference engine: where it listens, what it serves, how fast and how reliably.
#pragma once

#include "core/result.h"

#include <QHostAddress>
#include <QString>
#include <nlohmann/json_fwd.hpp>

class QCommandLineParser;

namespace crosslogic::sim {

struct EngineOptions
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8000;
    QString model = QStringLiteral("simulated-model");
    int ttftMs = 50;              // time to first token
    double tokensPerSecond = 200; // pace after the first token; <= 0 means "all at once"
    double errorRate = 0.0;       // fraction of generation requests answered 500
    int maxConcurrency = 256;     // running requests; the rest wait in a queue
    quint64 seed = 42;            // drives injected errors and embedding vectors
    int embeddingDim = 16;
    int defaultMaxTokens = 16; // completion length when the request gives no max_tokens
    int maxTokensCap = 4096;   // larger max_tokens are clamped to this
    int maxModelLen = 8192;    // reported by /v1/models
    // What the usage objects report: honest, negative or inflated (a faulty engine, for the gateway's checks).
    QString usageMode = QStringLiteral("honest");

    // Registers --host, --port, --model, --ttft-ms, ... on a parser.
    static void addTo(QCommandLineParser &parser);
    // Reads the options registered by addTo(); fails with a message naming the bad value.
    static Result<EngineOptions> fromParser(const QCommandLineParser &parser);

    // The run-time adjustable part (POST /sim/config): ttft_ms, tokens_per_second, error_rate,
    // max_concurrency, usage_mode.
    Result<void> applyJson(const nlohmann::json &changes);
    nlohmann::json toJson() const;
};

} // namespace crosslogic::sim
