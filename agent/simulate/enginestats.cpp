// Counters of the simulated engine, rendered as the test-only /sim/stats JSON and as vLLM-named Prometheus
// metrics.
#include "simulate/enginestats.h"

#include <QByteArray>
#include <QStringBuilder>
#include <nlohmann/json.hpp>

namespace crosslogic::sim {
namespace {

QByteArray labelValue(const QString &v)
{
    QByteArray out = v.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

void metric(QByteArray &out, const char *name, const char *type, const char *help, const QByteArray &labels,
            double value)
{
    out += QByteArray("# HELP ") + name + ' ' + help + '\n';
    out += QByteArray("# TYPE ") + name + ' ' + type + '\n';
    out += QByteArray(name) + '{' + labels + "} " + QByteArray::number(value, 'f', 1) + '\n';
}

} // namespace

nlohmann::json EngineStats::toJson(qint64 nowMs) const
{
    return {{"requests_total", requestsTotal},
            {"streams_started", streamsStarted},
            {"streams_completed", streamsCompleted},
            {"streams_cancelled", streamsCancelled},
            {"requests_cancelled", requestsCancelled},
            {"active", running},
            {"waiting", waiting},
            {"tokens_generated", tokensGenerated},
            {"prompt_tokens", promptTokens},
            {"errors_injected", errorsInjected},
            {"rejected", rejected},
            {"embeddings", embeddings},
            {"last_cancel_at_ms", lastCancelAtMs},
            {"last_openai_organization", lastOrganization.toStdString()},
            {"last_openai_project", lastProject.toStdString()},
            {"now_ms", nowMs}};
}

QByteArray EngineStats::prometheusText(const QString &model, int maxConcurrency) const
{
    const QByteArray m = "model_name=\"" + labelValue(model) + '"';
    QByteArray out;
    out.reserve(2048);
    metric(out, "vllm:num_requests_running", "gauge", "Number of requests currently running on GPU.", m,
           running);
    metric(out, "vllm:num_requests_waiting", "gauge", "Number of requests waiting to be processed.", m,
           waiting);
    // The simulation has no KV cache; running requests over the concurrency limit stands in for its fill
    // level.
    metric(out, "vllm:gpu_cache_usage_perc", "gauge", "GPU KV-cache usage. 1 means 100 percent usage.", m,
           maxConcurrency > 0 ? double(running) / double(maxConcurrency) : 0.0);
    out += "# HELP vllm:request_success_total Count of successfully processed requests.\n"
           "# TYPE vllm:request_success_total counter\n";
    out += "vllm:request_success_total{finished_reason=\"stop\"," + m + "} " +
           QByteArray::number(double(finishedStop), 'f', 1) + '\n';
    out += "vllm:request_success_total{finished_reason=\"length\"," + m + "} " +
           QByteArray::number(double(finishedLength), 'f', 1) + '\n';
    metric(out, "vllm:prompt_tokens_total", "counter", "Number of prefill tokens processed.", m,
           double(promptTokens));
    metric(out, "vllm:generation_tokens_total", "counter", "Number of generation tokens processed.", m,
           double(tokensGenerated));
    return out;
}

} // namespace crosslogic::sim
