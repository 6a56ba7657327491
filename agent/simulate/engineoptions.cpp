// Settings of the simulated inference engine: where it listens, what it serves, how fast and how reliably.
#include "simulate/engineoptions.h"

#include <QCommandLineParser>
#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

namespace crosslogic::sim {
namespace {

const QString kHost = QStringLiteral("host");
const QString kPort = QStringLiteral("port");
const QString kModel = QStringLiteral("model");
const QString kTtft = QStringLiteral("ttft-ms");
const QString kRate = QStringLiteral("tokens-per-second");
const QString kErrorRate = QStringLiteral("error-rate");
const QString kConcurrency = QStringLiteral("max-concurrency");
const QString kSeed = QStringLiteral("seed");
const QString kEmbeddingDim = QStringLiteral("embedding-dim");
const QString kDefaultMaxTokens = QStringLiteral("default-max-tokens");
const QString kMaxTokensCap = QStringLiteral("max-tokens-cap");

Result<qint64> integerOption(const QCommandLineParser &parser, const QString &name, qint64 fallback,
                             qint64 min, qint64 max)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const qint64 v = parser.value(name).toLongLong(&ok);
    if (!ok || v < min || v > max)
        return fail(QStringLiteral("--%1 must be an integer in [%2, %3], got '%4'")
                        .arg(name)
                        .arg(min)
                        .arg(max)
                        .arg(parser.value(name)));
    return v;
}

Result<double> numberOption(const QCommandLineParser &parser, const QString &name, double fallback,
                            double min, double max)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const double v = parser.value(name).toDouble(&ok);
    if (!ok || v < min || v > max)
        return fail(QStringLiteral("--%1 must be a number in [%2, %3], got '%4'")
                        .arg(name)
                        .arg(min)
                        .arg(max)
                        .arg(parser.value(name)));
    return v;
}

} // namespace

void EngineOptions::addTo(QCommandLineParser &parser)
{
    const EngineOptions d;
    parser.addOptions({
        {kHost, QStringLiteral("Address the simulated engine listens on (default 127.0.0.1)."),
         QStringLiteral("address")},
        {kPort, QStringLiteral("Port of the simulated engine; 0 picks a free one (default 8000)."),
         QStringLiteral("port")},
        {kModel, QStringLiteral("Model name the simulated engine serves."), QStringLiteral("name")},
        {kTtft, QStringLiteral("Time to first token in ms (default %1).").arg(d.ttftMs),
         QStringLiteral("ms")},
        {kRate,
         QStringLiteral("Tokens per second after the first (default %1; 0 = instant).")
             .arg(d.tokensPerSecond),
         QStringLiteral("rate")},
        {kErrorRate, QStringLiteral("Fraction of requests answered 500 (default 0)."),
         QStringLiteral("fraction")},
        {kConcurrency,
         QStringLiteral("Requests generated at once; more wait (default %1).").arg(d.maxConcurrency),
         QStringLiteral("n")},
        {kSeed, QStringLiteral("Seed for injected errors and embeddings (default %1).").arg(d.seed),
         QStringLiteral("n")},
        {kEmbeddingDim, QStringLiteral("Embedding vector dimension (default %1).").arg(d.embeddingDim),
         QStringLiteral("n")},
        {kDefaultMaxTokens,
         QStringLiteral("Completion tokens when max_tokens is absent (default %1).").arg(d.defaultMaxTokens),
         QStringLiteral("n")},
        {kMaxTokensCap, QStringLiteral("Upper bound on completion tokens (default %1).").arg(d.maxTokensCap),
         QStringLiteral("n")},
    });
}

Result<EngineOptions> EngineOptions::fromParser(const QCommandLineParser &parser)
{
    EngineOptions o;
    if (parser.isSet(kHost) && !o.host.setAddress(parser.value(kHost)))
        return fail(QStringLiteral("--host must be an IP address, got '%1'").arg(parser.value(kHost)));
    if (parser.isSet(kModel)) {
        o.model = parser.value(kModel).trimmed();
        if (o.model.isEmpty())
            return fail(QStringLiteral("--model must not be empty"));
    }
    const auto port = integerOption(parser, kPort, o.port, 0, 65535);
    const auto ttft = integerOption(parser, kTtft, o.ttftMs, 0, 600000);
    const auto rate = numberOption(parser, kRate, o.tokensPerSecond, 0, 1e6);
    const auto errorRate = numberOption(parser, kErrorRate, o.errorRate, 0, 1);
    const auto concurrency = integerOption(parser, kConcurrency, o.maxConcurrency, 1, 1000000);
    const auto seed = integerOption(parser, kSeed, qint64(o.seed), 0, std::numeric_limits<qint64>::max());
    const auto dim = integerOption(parser, kEmbeddingDim, o.embeddingDim, 1, 65536);
    const auto defaultTokens = integerOption(parser, kDefaultMaxTokens, o.defaultMaxTokens, 1, 1000000);
    const auto cap = integerOption(parser, kMaxTokensCap, o.maxTokensCap, 1, 1000000);
    for (const Result<qint64> *r : {&port, &ttft, &concurrency, &seed, &dim, &defaultTokens, &cap})
        if (!r->ok())
            return fail(r->error());
    for (const Result<double> *r : {&rate, &errorRate})
        if (!r->ok())
            return fail(r->error());
    o.port = quint16(port.value());
    o.ttftMs = int(ttft.value());
    o.tokensPerSecond = rate.value();
    o.errorRate = errorRate.value();
    o.maxConcurrency = int(concurrency.value());
    o.seed = quint64(seed.value());
    o.embeddingDim = int(dim.value());
    o.defaultMaxTokens = int(defaultTokens.value());
    o.maxTokensCap = int(cap.value());
    o.defaultMaxTokens = std::min(o.defaultMaxTokens, o.maxTokensCap);
    return o;
}

Result<void> EngineOptions::applyJson(const nlohmann::json &changes)
{
    if (!changes.is_object())
        return fail(QStringLiteral("the body must be a JSON object"));
    EngineOptions next = *this;
    for (const auto &[key, value] : changes.items()) {
        if (key == "ttft_ms" && value.is_number() && value.get<double>() >= 0 &&
            value.get<double>() <= 600000)
            next.ttftMs = int(value.get<double>());
        else if (key == "tokens_per_second" && value.is_number() && value.get<double>() >= 0)
            next.tokensPerSecond = value.get<double>();
        else if (key == "error_rate" && value.is_number() && value.get<double>() >= 0 &&
                 value.get<double>() <= 1)
            next.errorRate = value.get<double>();
        else if (key == "max_concurrency" && value.is_number_integer() && value.get<qint64>() >= 1)
            next.maxConcurrency = int(std::min<qint64>(value.get<qint64>(), 1000000));
        else if (key == "usage_mode" && value.is_string()
                 && (value == "honest" || value == "negative" || value == "inflated"))
            next.usageMode = QString::fromStdString(value.get<std::string>());
        else
            return fail(QStringLiteral("invalid or unknown setting '%1'").arg(QString::fromStdString(key)));
    }
    *this = next;
    return {};
}

nlohmann::json EngineOptions::toJson() const
{
    return {{"model", model.toStdString()},         {"ttft_ms", ttftMs},
            {"tokens_per_second", tokensPerSecond}, {"error_rate", errorRate},
            {"max_concurrency", maxConcurrency},    {"seed", seed},
            {"embedding_dim", embeddingDim},        {"default_max_tokens", defaultMaxTokens},
            {"max_tokens_cap", maxTokensCap},       {"usage_mode", usageMode.toStdString()}};
}

} // namespace crosslogic::sim
