// The simulated inference engine: a vLLM-compatible OpenAI server (chat, completions, embeddings, models,
// health, metrics).
#pragma once

#include "core/result.h"
#include "http/router.h"
#include "simulate/completionrequest.h"
#include "simulate/engineoptions.h"
#include "simulate/enginestats.h"
#include "simulate/generationjob.h"

#include <QElapsedTimer>
#include <QObject>
#include <deque>
#include <memory>

namespace crosslogic {
class HttpServer;
}

namespace crosslogic::sim {

struct ApiError;

// Routes: POST /v1/chat/completions, /v1/completions, /v1/embeddings; GET /v1/models, /health, /metrics;
// test-only GET /sim/stats and GET/POST /sim/config. Runs on the thread that owns it; nothing blocks.
class SimulatedEngine : public QObject
{
    Q_OBJECT
public:
    explicit SimulatedEngine(EngineOptions options, QObject *parent = nullptr);
    ~SimulatedEngine() override;

    // Listens on options().host:options().port (0 = any free port).
    Result<void> start();
    quint16 port() const;
    const EngineOptions &options() const { return m_options; }
    const EngineStats &stats() const { return m_stats; }
    // Milliseconds since the engine was constructed (the clock of last_cancel_at_ms).
    qint64 uptimeMs() const { return m_uptime.elapsed(); }

private:
    void registerRoutes();
    void handleCompletion(HttpExchange *exchange, CompletionRequest::Kind kind);
    void handleEmbeddings(HttpExchange *exchange);
    void handleModels(HttpExchange *exchange);
    void handleMetrics(HttpExchange *exchange);
    void handleConfig(HttpExchange *exchange);
    void reject(HttpExchange *exchange, const ApiError &error);
    // Answers 404 model_not_found and returns false when the model is not the served one.
    bool checkModel(HttpExchange *exchange, const QString &model);
    // Draws from the seeded sequence; on a hit answers 500 and returns true.
    bool injectError(HttpExchange *exchange);
    void onJobFinished(GenerationJob *job, GenerationJob::Outcome outcome);
    void startWaiting();

    EngineOptions m_options;
    Router m_router;
    std::unique_ptr<HttpServer> m_server;
    EngineStats m_stats;
    QElapsedTimer m_uptime;
    qint64 m_createdAt;
    quint64 m_draws = 0;
    std::deque<GenerationJob *> m_waiting;
};

} // namespace crosslogic::sim
