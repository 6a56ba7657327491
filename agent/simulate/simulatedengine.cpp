// The simulated inference engine: a vLLM-compatible OpenAI server (chat, completions, embeddings, models,
// health, metrics).
#include "simulate/simulatedengine.h"

#include "core/log.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "simulate/apierror.h"
#include "simulate/deterministicrandom.h"
#include "simulate/embeddinggenerator.h"

#include <QDateTime>
#include <algorithm>
#include <nlohmann/json.hpp>

namespace crosslogic::sim {

using json = nlohmann::json;

SimulatedEngine::SimulatedEngine(EngineOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_createdAt(QDateTime::currentSecsSinceEpoch())
{
    m_uptime.start();
    registerRoutes();
}

SimulatedEngine::~SimulatedEngine()
{
    // Jobs are children of this object; stop them reporting into a half-destroyed engine.
    for (GenerationJob *job : findChildren<GenerationJob *>(Qt::FindDirectChildrenOnly))
        disconnect(job, nullptr, this, nullptr);
}

Result<void> SimulatedEngine::start()
{
    m_server =
        std::make_unique<HttpServer>(HttpLimits{}, [this](HttpExchange *ex) { m_router.dispatch(ex); });
    auto listening = m_server->listen(m_options.host, m_options.port);
    if (!listening.ok())
        return listening;
    spdlog::info("simulated engine serving model '{}' on {}:{} (ttft {} ms, {} tokens/s, error rate {}, max "
                 "concurrency {})",
                 qs(m_options.model), qs(m_options.host.toString()), m_server->port(), m_options.ttftMs,
                 m_options.tokensPerSecond, m_options.errorRate, m_options.maxConcurrency);
    return {};
}

quint16 SimulatedEngine::port() const
{
    return m_server ? m_server->port() : 0;
}

void SimulatedEngine::registerRoutes()
{
    m_router.add("POST", "/v1/chat/completions",
                 [this](HttpExchange *ex) { handleCompletion(ex, CompletionRequest::Kind::Chat); });
    m_router.add("POST", "/v1/completions",
                 [this](HttpExchange *ex) { handleCompletion(ex, CompletionRequest::Kind::Text); });
    m_router.add("POST", "/v1/embeddings", [this](HttpExchange *ex) { handleEmbeddings(ex); });
    m_router.add("GET", "/v1/models", [this](HttpExchange *ex) { handleModels(ex); });
    // vLLM answers /health with 200 and an empty body.
    m_router.add("GET", "/health", [](HttpExchange *ex) { ex->respond(200, QByteArray(), QByteArray()); });
    m_router.add("GET", "/version", [](HttpExchange *ex) {
        ex->respondJson(200, {{"version", "simulated"}});
    });
    m_router.add("GET", "/metrics", [this](HttpExchange *ex) { handleMetrics(ex); });
    m_router.add("GET", "/sim/stats",
                 [this](HttpExchange *ex) { ex->respondJson(200, m_stats.toJson(uptimeMs())); });
    m_router.add("GET", "/sim/config",
                 [this](HttpExchange *ex) { ex->respondJson(200, m_options.toJson()); });
    m_router.add("POST", "/sim/config", [this](HttpExchange *ex) { handleConfig(ex); });
}

void SimulatedEngine::reject(HttpExchange *exchange, const ApiError &error)
{
    ++m_stats.rejected;
    // vLLM names its error types after its exception classes; the simulated engine answers as it does.
    exchange->respondError(Error{error.message, error.status, error.code, {}, error.type});
}

bool SimulatedEngine::checkModel(HttpExchange *exchange, const QString &model)
{
    if (model == m_options.model)
        return true;
    reject(exchange, ApiError{404, QStringLiteral("The model `%1` does not exist.").arg(model),
                              "invalid_request_error", "model_not_found"});
    return false;
}

bool SimulatedEngine::injectError(HttpExchange *exchange)
{
    const double draw = unitInterval(splitmix64(m_options.seed ^ splitmix64(++m_draws)));
    if (draw >= m_options.errorRate)
        return false;
    ++m_stats.errorsInjected;
    exchange->respondError(Error{QStringLiteral("simulated engine failure (error rate %1)").arg(m_options.errorRate), 500,
                                 "internal_error", {}, "InternalServerError"});
    return true;
}

void SimulatedEngine::handleCompletion(HttpExchange *exchange, CompletionRequest::Kind kind)
{
    ++m_stats.requestsTotal;
    m_stats.lastOrganization = exchange->request().header("openai-organization");
    m_stats.lastProject = exchange->request().header("openai-project");
    const CompletionRequest::Limits limits{m_options.defaultMaxTokens, m_options.maxTokensCap, 16};
    auto parsed = CompletionRequest::parse(exchange->request().body, kind, limits);
    if (const ApiError *error = std::get_if<ApiError>(&parsed)) {
        reject(exchange, *error);
        return;
    }
    CompletionRequest request = std::get<CompletionRequest>(std::move(parsed));
    request.usageMode = m_options.usageMode.toStdString();
    if (!checkModel(exchange, request.model) || injectError(exchange))
        return;
    m_stats.promptTokens += request.promptTokens;
    const bool stream = request.stream;
    CompletionGenerator generator(std::move(request), CompletionGenerator::newId(kind),
                                  QDateTime::currentSecsSinceEpoch());
    auto *job = new GenerationJob(exchange, std::move(generator),
                                  {m_options.ttftMs, m_options.tokensPerSecond}, this);
    connect(job, &GenerationJob::produced, this, [this](int count) { m_stats.tokensGenerated += count; });
    connect(job, &GenerationJob::finished, this, &SimulatedEngine::onJobFinished);
    if (stream)
        ++m_stats.streamsStarted;
    if (m_stats.running < m_options.maxConcurrency) {
        ++m_stats.running;
        job->start();
    } else {
        m_waiting.push_back(job);
        m_stats.waiting = int(m_waiting.size());
    }
}

void SimulatedEngine::onJobFinished(GenerationJob *job, GenerationJob::Outcome outcome)
{
    if (job->isStarted()) {
        --m_stats.running;
    } else {
        m_waiting.erase(std::remove(m_waiting.begin(), m_waiting.end(), job), m_waiting.end());
        m_stats.waiting = int(m_waiting.size());
    }
    if (outcome == GenerationJob::Outcome::Cancelled) {
        (job->isStreaming() ? m_stats.streamsCancelled : m_stats.requestsCancelled)++;
        m_stats.lastCancelAtMs = uptimeMs();
    } else {
        if (job->isStreaming())
            ++m_stats.streamsCompleted;
        (job->generator().request().lengthLimited ? m_stats.finishedLength : m_stats.finishedStop)++;
    }
    job->deleteLater();
    startWaiting();
}

void SimulatedEngine::startWaiting()
{
    while (m_stats.running < m_options.maxConcurrency && !m_waiting.empty()) {
        GenerationJob *job = m_waiting.front();
        m_waiting.pop_front();
        ++m_stats.running;
        job->start();
    }
    m_stats.waiting = int(m_waiting.size());
}

void SimulatedEngine::handleEmbeddings(HttpExchange *exchange)
{
    ++m_stats.requestsTotal;
    QString model;
    auto answer =
        EmbeddingGenerator(m_options.seed, m_options.embeddingDim).respond(exchange->request().body, &model);
    if (const ApiError *error = std::get_if<ApiError>(&answer)) {
        reject(exchange, *error);
        return;
    }
    if (!checkModel(exchange, model) || injectError(exchange))
        return;
    const json &body = std::get<json>(answer);
    ++m_stats.embeddings;
    m_stats.promptTokens += body["usage"]["prompt_tokens"].get<qint64>();
    exchange->respondJson(200, body);
}

void SimulatedEngine::handleModels(HttpExchange *exchange)
{
    const std::string model = m_options.model.toStdString();
    exchange->respondJson(200, {{"object", "list"},
                                {"data", json::array({{{"id", model},
                                                       {"object", "model"},
                                                       {"created", m_createdAt},
                                                       {"owned_by", "vllm"},
                                                       {"root", model},
                                                       {"parent", nullptr},
                                                       {"max_model_len", m_options.maxModelLen}}})}});
}

void SimulatedEngine::handleMetrics(HttpExchange *exchange)
{
    exchange->respond(200, "text/plain; version=0.0.4; charset=utf-8",
                      m_stats.prometheusText(m_options.model, m_options.maxConcurrency));
}

void SimulatedEngine::handleConfig(HttpExchange *exchange)
{
    const QByteArray &body = exchange->request().body;
    const json changes = json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    if (changes.is_discarded()) {
        exchange->respondError(400, QStringLiteral("the request body is not valid JSON"), "invalid_json");
        return;
    }
    if (auto applied = m_options.applyJson(changes); !applied.ok()) {
        exchange->respondError(400, applied.error(), "invalid_value");
        return;
    }
    spdlog::info("simulated engine reconfigured: {}", m_options.toJson().dump());
    startWaiting(); // a raised concurrency limit admits waiting requests now
    exchange->respondJson(200, m_options.toJson());
}

} // namespace crosslogic::sim
