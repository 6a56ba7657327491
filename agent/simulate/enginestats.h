// Counters of the simulated engine, rendered as the test-only /sim/stats JSON and as vLLM-named Prometheus
// metrics.
#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>
#include <nlohmann/json_fwd.hpp>

namespace crosslogic::sim {

struct EngineStats
{
    qint64 requestsTotal = 0; // every generation or embedding request, whatever its outcome
    qint64 streamsStarted = 0;
    qint64 streamsCompleted = 0;
    qint64 streamsCancelled = 0;  // client went away mid-stream (or while waiting for the first token)
    qint64 requestsCancelled = 0; // non-streaming requests whose client went away
    qint64 tokensGenerated = 0;   // completion tokens actually produced (sent, or ready to send)
    qint64 promptTokens = 0;
    qint64 errorsInjected = 0; // 500s from the error rate
    qint64 rejected = 0;       // 400/404 answers
    qint64 finishedStop = 0;   // completed requests by finish_reason
    qint64 finishedLength = 0;
    qint64 embeddings = 0;
    qint64 lastCancelAtMs = -1; // engine-uptime ms of the last observed cancellation; -1 when none
    // The OpenAI-Organization / OpenAI-Project headers of the last generation request (what a gateway forwarded).
    QByteArray lastOrganization;
    QByteArray lastProject;
    int running = 0;
    int waiting = 0;

    // nowMs: engine uptime, so a test can relate last_cancel_at_ms to the time of its request.
    nlohmann::json toJson(qint64 nowMs) const;
    QByteArray prometheusText(const QString &model, int maxConcurrency) const;
};

} // namespace crosslogic::sim
