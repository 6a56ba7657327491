// One customer inference request end to end: authenticate, validate, choose a node, proxy (streaming or not), meter.
#include "gateway/proxyrequest.h"

#include "security/apikey.h"

#include "config/configslot.h"
#include "base/usageevent.h"
#include "fleet/nodeselector.h"
#include "metrics/servicemetrics.h"
#include "core/errorshape.h"
#include "core/log.h"
#include "gateway/apidialect.h"
#include "gateway/corspolicy.h"
#include "gateway/gatewaylane.h"
#include "gateway/spendcut.h"
#include "gateway/usagecheck.h"
#include "gateway/usagescan.h"
#include "http/httpexchange.h"
#include "upstream/upstreamcall.h"
#include "upstream/upstreamclient.h"

#include <QDateTime>

namespace crosslogic {
namespace {
constexpr qsizetype kMaxUpstreamBody = 64 * 1024 * 1024;

// OpenAI-Organization / OpenAI-Project: recorded and forwarded as sent when at most 200 printable ASCII characters;
// anything else is refused (a value that cannot be stored or forwarded as is should not be guessed at).
constexpr qsizetype kMaxOpenAIHeader = 200;

Result<QByteArray> openAIHeader(const HttpRequest &request, const char *name)
{
    const QByteArray value = request.header(QByteArray(name).toLower());
    bool printable = value.size() <= kMaxOpenAIHeader;
    for (char c : value)
        printable = printable && c >= 0x20 && c <= 0x7e;
    if (!printable)
        return fail(400, "invalid_header",
                    QStringLiteral("the %1 header must be at most %2 printable ASCII characters").arg(QLatin1String(name)).arg(kMaxOpenAIHeader),
                    QString::fromLatin1(name).toLower());
    return value;
}

} // namespace

QByteArray ProxyRequest::streamError(const QString &message, const char *code) const
{
    // Mid-stream the status line is long sent; the event carries the 502 an answer not yet begun would have had.
    const Error error = crosslogic::fail(502, code, message);
    if (m_dialect)
        return m_dialect->streamFailed(error);
    return QByteArrayLiteral("data: ") + QByteArray::fromStdString(errorBody(error).dump()) + QByteArrayLiteral("\n\n");
}

void ProxyRequest::start(GatewayLane &lane, HttpExchange *exchange, InferenceKind kind, std::unique_ptr<ApiDialect> dialect)
{
    const QByteArray credential = dialect ? dialect->authorization(exchange->request()) : exchange->request().header("authorization");
    auto *request = new ProxyRequest(lane, exchange, kind, std::move(dialect));
    lane.shared.authenticator->authenticate(lane.redis, credential, exchange->request().peer, request,
                                              [request](const AuthOutcome &auth) { request->onAuthenticated(auth); });
}

ProxyRequest::~ProxyRequest() = default;

ProxyRequest::ProxyRequest(GatewayLane &lane, HttpExchange *exchange, InferenceKind kind, std::unique_ptr<ApiDialect> dialect)
    : QObject(exchange), m_lane(lane), m_shared(lane.shared), m_exchange(exchange), m_kind(kind), m_dialect(std::move(dialect))
{
    m_clock.start();
    connect(exchange, &HttpExchange::clientGone, this, &ProxyRequest::onClientGone);
}

void ProxyRequest::onAuthenticated(const AuthOutcome &auth)
{
    if (!m_exchange)
        return;
    if (!auth.ok()) {
        if (auth.status == 401 || auth.status == 403)
            m_shared.metrics->authFailures.labels({auth.code}).inc();
        // The refused key's ids go into the request's log row (alerts count refusals per key and tenant); an
        // unknown but well-formed key is known by its public prefix only.
        m_key = auth.key;
        if (m_key.keyPrefix.isEmpty())
            m_key.keyPrefix = Authenticator::publicKeyPrefix(m_dialect ? m_dialect->authorization(m_exchange->request())
                                                                       : m_exchange->request().header("authorization"));
        fail(auth.error());
        return;
    }
    m_key = auth.key;
    if (m_shared.cors) {
        if (auto cors = m_shared.cors->checkTenant(m_exchange, m_key.tenantId); !cors) {
            fail(cors.failure());
            return;
        }
    }
    for (auto [name, value] : {std::pair{"OpenAI-Organization", &m_organization}, std::pair{"OpenAI-Project", &m_project}}) {
        Result<QByteArray> sent = openAIHeader(m_exchange->request(), name);
        if (!sent) {
            fail(sent.failure());
            return;
        }
        *value = std::move(sent).value();
    }
    if (m_shared.usage && !m_shared.usage->accepting()) { // billing cannot keep up: do not serve what cannot be billed
        fail(503, QStringLiteral("usage metering is backlogged; try again shortly"), "usage_spool_full");
        return;
    }
    Result<QByteArray> body = chatBody();
    if (!body) {
        fail(body.failure());
        return;
    }
    m_request = validateInferenceRequest(m_kind, body.value());
    if (!m_request.error.isEmpty()) {
        fail(400, m_request.error, "invalid_request");
        return;
    }
    if (m_request.stream) {
        // Always ask the engine for usage so metering is exact; the client sees it only if it asked.
        m_request.body["stream_options"]["include_usage"] = true;
        m_upstreamBody = QByteArray::fromStdString(m_request.body.dump());
    } else {
        m_upstreamBody = std::move(body).value();
    }
    m_request.body = nullptr; // the parsed document is not needed any more; a held stream should not keep it
    // Tokens are admitted against an estimate (prompt at ~4 characters per token plus the completion budget)
    // and settled with the engine's real count when the request ends.
    const qint64 completionBudget = m_kind == InferenceKind::Embedding ? 0 : (m_request.maxTokens > 0 ? m_request.maxTokens : 256);
    const qint64 promptEstimate = promptTokenEstimate(m_request.promptCharacters);
    const qint64 estimate = promptEstimate + completionBudget;
    // Spend caps reserve the most the request can cost at the model's prices, settled to the metered cost at the end.
    m_price = m_key.budgets.isEmpty() ? ModelPrice{} : m_shared.nodes->priceOf(m_request.model);
    qint64 maxCost = maxCostMicros(m_price, promptEstimate, completionBudget);
    qint64 minCost = maxCost;
    if (!m_key.budgets.isEmpty() && m_request.stream && m_kind != InferenceKind::Embedding) {
        // A stream reserves its max_tokens (or kStreamDefaultMaxTokens) but may be admitted with what the tightest
        // cap has left, down to its prompt and one token; it is cut where its reservation ends (gateway/spendcut.h).
        m_streamTokenCeiling = m_request.maxTokens > 0 ? m_request.maxTokens : kStreamDefaultMaxTokens;
        maxCost = maxCostMicros(m_price, promptEstimate, m_streamTokenCeiling);
        minCost = maxCostMicros(m_price, promptEstimate, 1);
    } else if (!m_key.budgets.isEmpty() && m_kind != InferenceKind::Embedding && m_request.maxTokens <= 0) {
        // A non-streamed answer without max_tokens cannot be cut on its way: it reserves up to kStreamDefaultMaxTokens
        // like a stream, may be admitted with what the tightest cap has left, and the engine is given max_tokens =
        // what that reservation pays for (onAdmitted), so the answer cannot cost more than was reserved.
        m_answerTokenCeiling = kStreamDefaultMaxTokens;
        maxCost = maxCostMicros(m_price, promptEstimate, m_answerTokenCeiling);
        minCost = maxCostMicros(m_price, promptEstimate, 1);
    }
    m_lane.limiter->admit(m_key, estimate, maxCost, minCost, this, [this](Admission a) { onAdmitted(std::move(a)); });
}

Result<QByteArray> ProxyRequest::chatBody() const
{
    if (!m_dialect)
        return m_exchange->request().body;
    if (Result<void> headers = m_dialect->checkHeaders(m_exchange->request()); !headers)
        return headers.failure();
    try { // a field of the wrong type (nlohmann's typed reads throw) is the client's mistake, not a crash
        return m_dialect->toChat(m_exchange->request().body);
    } catch (const nlohmann::json::exception &e) {
        return crosslogic::fail(400, "invalid_request", QStringLiteral("request body has a field of the wrong type (%1)")
                                                            .arg(QString::fromLatin1(e.what()).section(QLatin1Char(']'), 1).trimmed()));
    }
}

void ProxyRequest::onAdmitted(Admission admission)
{
    m_admission = std::move(admission);
    if (!m_exchange) {
        m_lane.limiter->release(m_admission, 0, 0);
        m_admission.admitted = false;
        return;
    }
    for (const auto &h : std::as_const(m_admission.headers))
        m_exchange->addHeader(h.first, h.second);
    m_admission.headers = {}; // the exchange has them (and drops them once written): a held stream keeps none
    if (!m_admission.admitted) {
        if (m_admission.status == 429)
            m_shared.metrics->ratelimitRejections.labels({m_admission.level, m_admission.type}).inc();
        fail(m_admission.error());
        return;
    }
    // Cut where the reservation ends when a cap gave less than asked for, or when no max_tokens stops the engine; free
    // output tokens are never cut, and an engine holds its own max_tokens.
    if (m_streamTokenCeiling > 0 && m_price.outputMicrosPerMTok > 0 && (m_admission.spendLimitedBy >= 0 || m_request.maxTokens <= 0))
        m_streamTokenLimit = affordableCompletionTokens(m_price, promptTokenEstimate(m_request.promptCharacters),
                                                        m_admission.reservedMicros, m_streamTokenCeiling);
    if (m_answerTokenCeiling > 0 && m_price.outputMicrosPerMTok > 0) {
        Json upstream = Json::parse(m_upstreamBody.constData(), m_upstreamBody.constData() + m_upstreamBody.size(), nullptr, false);
        if (upstream.is_object()) {
            upstream["max_tokens"] = affordableCompletionTokens(m_price, promptTokenEstimate(m_request.promptCharacters),
                                                                m_admission.reservedMicros, m_answerTokenCeiling);
            m_upstreamBody = QByteArray::fromStdString(upstream.dump());
        }
    }
    sendUpstream();
}

void ProxyRequest::sendUpstream(const QByteArray &retryReason)
{
    const QString failedNode = m_node ? m_node->id : QString();
    // A QSet holding one node costs ~1 KB for the stream's lifetime: the tried nodes are a list, made a set
    // only for a retry's pick.
    static const QSet<QString> kNone;
    m_node = m_shared.nodes->pick(m_request.model,
                                    m_triedNodes.isEmpty() ? kNone : QSet<QString>(m_triedNodes.cbegin(), m_triedNodes.cend()));
    if (!m_node) {
        if (!m_triedNodes.isEmpty())
            fail(502, QStringLiteral("the inference node failed and no other node serves '%1'").arg(m_request.model), "node_failed");
        else if (!m_shared.nodes->knowsModel(m_request.model))
            fail(404, QStringLiteral("the model '%1' does not exist").arg(m_request.model), "model_not_found");
        else
            fail(503, QStringLiteral("no healthy node is serving '%1' right now; retry shortly").arg(m_request.model),
                 "no_healthy_node");
        return;
    }
    m_triedNodes.append(m_node->id);
    if (!retryReason.isEmpty())
        m_shared.metrics->loadbalancerRetries.labels({m_request.model.toUtf8(), failedNode.toUtf8(), retryReason}).inc();
    UpstreamRequest up;
    up.url = m_node->baseUrl + upstreamPath(m_kind);
    up.body = m_upstreamBody;
    up.headers = {{"Content-Type", "application/json"}, {"Accept", m_request.stream ? "text/event-stream" : "application/json"},
                  {"X-Request-Id", m_exchange->requestId()}};
    if (!m_organization.isEmpty())
        up.headers.emplace_back("OpenAI-Organization", m_organization);
    if (!m_project.isEmpty())
        up.headers.emplace_back("OpenAI-Project", m_project);
    const Config &cfg = *m_shared.config;
    up.connectTimeoutMs = cfg.upstreamConnectTimeoutMs;
    up.firstByteTimeoutMs = cfg.upstreamFirstByteTimeoutMs;
    up.idleTimeoutMs = cfg.upstreamIdleTimeoutMs;
    m_upstreamStatus = 0;
    m_buffered.clear();
    m_upstreamBytes = 0;
    m_ttftMs = -1; // a failed attempt's answer never reached the client
    m_attemptStartMs = m_clock.elapsed();
    m_shared.nodes->requestStarted(m_node->id);
    m_call = m_lane.upstream->start(up);
    connect(m_call, &UpstreamCall::responseStarted, this, &ProxyRequest::onResponseStarted);
    connect(m_call, &UpstreamCall::dataReceived, this, &ProxyRequest::onData);
    connect(m_call, &UpstreamCall::finished, this, &ProxyRequest::onFinished);
}

void ProxyRequest::onResponseStarted(int status)
{
    m_upstreamStatus = status;
    m_upstreamContentType = m_call ? m_call->header("content-type") : QByteArray();
    if (m_ttftMs < 0 && !m_request.stream)
        m_ttftMs = m_clock.elapsed();
    if (status == 200 && m_request.stream && m_exchange) {
        m_exchange->beginStream(200, "text/event-stream");
        m_streamStarted = true;
        if (m_dialect)
            m_exchange->writeChunk(m_dialect->streamOpened());
    }
}

void ProxyRequest::onData(const QByteArray &chunk)
{
    if (!m_exchange || m_done)
        return;
    m_upstreamBytes += chunk.size();
    if (!m_streamStarted) {
        if (m_buffered.size() + chunk.size() > kMaxUpstreamBody) {
            if (m_call)
                m_call->cancel();
            fail(502, QStringLiteral("the inference node sent an oversized response"), "node_failed");
            return;
        }
        m_buffered += chunk;
        return;
    }
    std::vector<SseParser::Event> events;
    if (!m_sse.feed(chunk, events)) {
        if (m_call)
            m_call->cancel();
        m_exchange->writeChunk(streamError(QStringLiteral("the inference node sent a malformed stream"), "node_failed"));
        m_exchange->endStream();
        complete(QStringLiteral("failed"), QStringLiteral("malformed upstream stream"));
        return;
    }
    QByteArray out;
    for (const SseParser::Event &e : events) {
        if (e.data == "[DONE]") {
            m_sawDone = true;
            if (!m_dialect) // a dialect closes its stream its own way once the engine has finished
                out += "data: [DONE]\n\n";
            continue;
        }
        if (m_streamTokenLimit >= 0 && e.data.contains("\"choices\"") && chunkDeliversTokens(e.data)) {
            if (m_deliveredTokens >= m_streamTokenLimit) { // the reservation is used up: end here, bill what was sent
                cutForSpend(std::move(out));
                return;
            }
            ++m_deliveredTokens;
        }
        EngineUsage usage;
        if (scanEngineChunk(e.data, usage)) {
            takeUsage(usage);
            if (usage.usageOnly && !m_request.clientWantsUsage && !m_dialect)
                continue; // the gateway asked for it, not the client
        } else if (e.data.contains("\"choices\"")) {
            if (m_ttftMs < 0)
                m_ttftMs = m_clock.elapsed();
            ++m_contentChunks;
        }
        if (m_dialect) { // the dialect's events for the chunk (it reads the usage chunk too)
            try {
                out += m_dialect->streamChunk(e.data);
            } catch (const nlohmann::json::exception &) {
                // an engine chunk with a field of an unexpected type carries nothing the client can be shown
            }
            continue;
        }
        out += e.raw;
        out += "\n\n";
    }
    if (!out.isEmpty())
        m_exchange->writeChunk(out);
}

void ProxyRequest::cutForSpend(QByteArray out)
{
    const int cap = m_admission.spendLimitedBy;
    const SpendBudget *budget = cap >= 0 && cap < m_key.budgets.size() ? &m_key.budgets[cap] : nullptr;
    const Error error = spendCutError(budget, m_deliveredTokens,
                                      QDateTime::currentMSecsSinceEpoch() + m_lane.limiter->defaults().spendClockOffsetMs);
    if (m_dialect)
        out += m_dialect->streamFailed(error);
    else
        out += QByteArrayLiteral("data: ") + QByteArray::fromStdString(errorBody(error).dump()) + QByteArrayLiteral("\n\ndata: [DONE]\n\n");
    m_exchange->writeChunk(out);
    m_exchange->endStream();
    if (m_node)
        m_shared.nodes->requestFinished(m_node->id, true, nodeTtftMs());
    // Billed: the prompt (estimated) and the completion tokens delivered, which the reservation covers.
    m_usageFromEngine = false;
    m_contentChunks = m_deliveredTokens;
    spdlog::info("request {}: stream stopped by a spend cap after {} completion tokens", qs(m_exchange->requestId()), m_deliveredTokens);
    complete(QStringLiteral("interrupted"), QString::fromLatin1(error.code));
    if (m_call)
        m_call->cancel(); // the engine stops generating
}

void ProxyRequest::takeUsage(const EngineUsage &usage)
{
    m_usageFromEngine = true;
    m_promptTokens = usage.promptTokens;
    m_completionTokens = usage.completionTokens;
}

bool ProxyRequest::retryElsewhere(const QByteArray &reason, const QString &detail)
{
    if (m_triedNodes.size() >= 2 || m_streamStarted || !m_exchange)
        return false;
    spdlog::warn("request {}: node {} failed before answering ({}: {}); retrying on another node", qs(m_exchange->requestId()),
                 qs(m_node ? m_node->id : QString()), reason.constData(), qs(detail));
    sendUpstream(reason);
    return true;
}

void ProxyRequest::onFinished(UpstreamError error, const QString &message)
{
    if (!m_exchange || m_done)
        return;
    const bool ok = error == UpstreamError::None && m_upstreamStatus < 500;
    if (m_node)
        m_shared.nodes->requestFinished(m_node->id, ok, nodeTtftMs());
    if (error != UpstreamError::None) {
        if (upstreamErrorIsRetryable(error) && retryElsewhere(upstreamErrorName(error), message))
            return;
        if (m_streamStarted) {
            m_exchange->writeChunk(streamError(QStringLiteral("the inference node stopped responding (%1)")
                                                  .arg(QString::fromLatin1(upstreamErrorName(error))), "node_failed"));
            m_exchange->endStream();
            complete(QStringLiteral("interrupted"), QString::fromLatin1(upstreamErrorName(error)));
            return;
        }
        const bool timeout = error == UpstreamError::FirstByteTimeout || error == UpstreamError::TotalTimeout
                             || error == UpstreamError::IdleTimeout;
        if (timeout)
            fail(504, QStringLiteral("the inference node did not answer in time"), "upstream_timeout");
        else
            fail(502, QStringLiteral("the inference node failed: %1").arg(QString::fromLatin1(upstreamErrorName(error))),
                 "node_failed");
        return;
    }
    if (m_streamStarted) {
        std::vector<SseParser::Event> none;
        m_sse.feed(QByteArrayLiteral("\n\n"), none); // a final event without its blank line
        if (m_dialect)
            m_exchange->writeChunk(closeDialectStream());
        else if (!m_sawDone)
            m_exchange->writeChunk(QByteArrayLiteral("data: [DONE]\n\n"));
        m_exchange->endStream();
        complete(QStringLiteral("completed"), {});
        return;
    }
    if (m_upstreamStatus >= 500) {
        if (retryElsewhere("http_5xx", QStringLiteral("status %1").arg(m_upstreamStatus)))
            return;
        fail(502, QStringLiteral("the inference node failed with status %1").arg(m_upstreamStatus), "node_failed");
        return;
    }
    if (m_upstreamStatus == 200) {
        EngineUsage usage;
        if (!scanEngineAnswer(m_buffered, usage)) {
            fail(502, QStringLiteral("the inference node sent an invalid response"), "node_failed");
            return;
        }
        if (usage.found)
            takeUsage(usage);
    }
    if (m_dialect) {
        answerThroughDialect();
        return;
    }
    m_exchange->respond(m_upstreamStatus, m_upstreamContentType.isEmpty() ? QByteArray("application/json") : m_upstreamContentType,
                        m_buffered);
    complete(m_upstreamStatus == 200 ? QStringLiteral("completed") : QStringLiteral("failed"),
             m_upstreamStatus == 200 ? QString() : QStringLiteral("engine answered %1").arg(m_upstreamStatus));
}

QByteArray ProxyRequest::closeDialectStream()
{
    try {
        return m_dialect->streamClosed();
    } catch (const nlohmann::json::exception &) {
        return m_dialect->streamFailed(crosslogic::fail(502, "node_failed", QStringLiteral("the inference node reported usage of an unexpected shape")));
    }
}

void ProxyRequest::answerThroughDialect()
{
    if (m_upstreamStatus == 200) {
        Result<QByteArray> answer = crosslogic::fail(502, "node_failed", QStringLiteral("the inference node sent an answer of an unexpected shape"));
        try {
            answer = m_dialect->fromChat(m_buffered);
        } catch (const nlohmann::json::exception &) {
        }
        if (!answer) {
            fail(answer.failure());
            return;
        }
        m_exchange->respond(200, "application/json", answer.value());
        complete(QStringLiteral("completed"), {});
        return;
    }
    const Json engine = Json::parse(m_buffered.constBegin(), m_buffered.constEnd(), nullptr, false);
    const Json error = engine.is_object() ? engine.value("error", Json::object()) : Json::object();
    const std::string message = error.is_object() && error.contains("message") && error["message"].is_string()
                                    ? error["message"].get<std::string>() : "the inference node refused the request";
    const Error relayed = crosslogic::fail(m_upstreamStatus, "engine_error", QString::fromStdString(message).left(2000));
    m_exchange->respondJson(m_upstreamStatus, m_dialect->errorJson(relayed));
    complete(QStringLiteral("failed"), QStringLiteral("engine answered %1").arg(m_upstreamStatus));
}

void ProxyRequest::onClientGone()
{
    if (m_done)
        return;
    if (m_call)
        m_call->cancel(); // the engine stops generating at once
    if (m_node)
        m_shared.nodes->requestFinished(m_node->id, true, nodeTtftMs());
    complete(QStringLiteral("interrupted"), QStringLiteral("client disconnected"));
}

void ProxyRequest::fail(int status, const QString &message, const QByteArray &code)
{
    fail(crosslogic::fail(status, code, message));
}

void ProxyRequest::fail(const Error &error)
{
    if (m_exchange && m_dialect)
        m_exchange->respondJson(errorStatus(error), m_dialect->errorJson(error));
    else if (m_exchange)
        m_exchange->respondError(error);
    complete(error.status < 500 ? QStringLiteral("rejected") : QStringLiteral("failed"), QString::fromLatin1(error.code));
}

void ProxyRequest::complete(const QString &status, const QString &reason)
{
    if (m_done)
        return;
    m_done = true;
    qint64 promptTokens = m_usageFromEngine ? m_promptTokens : promptTokenEstimate(m_request.promptCharacters);
    qint64 completionTokens = m_usageFromEngine ? m_completionTokens : m_contentChunks;
    // An engine's usage that cannot be true of what passed through here is not billed: the gateway's own count is.
    const QString implausible = m_usageFromEngine
        ? implausibleUsage(m_promptTokens, m_completionTokens, {m_request.promptCharacters, m_request.maxTokens, m_upstreamBytes})
        : QString();
    if (!implausible.isEmpty()) {
        promptTokens = promptTokenEstimate(m_request.promptCharacters);
        completionTokens = m_request.stream ? m_contentChunks : answerTokenEstimate(m_buffered);
        const QString node = m_node ? m_node->id : QString();
        spdlog::warn("request {}: node {} reported implausible usage ({}); billed from the gateway's count ({} + {} tokens)",
                     qs(m_exchange ? QString::fromLatin1(m_exchange->requestId()) : QString()), qs(node), qs(implausible),
                     promptTokens, completionTokens);
        m_shared.metrics->engineUsageImplausible.labels({node.toUtf8()}).inc();
    }
    if (m_admission.admitted) {
        // Spend settles to what usage_records bills: completed and interrupted requests, at the model's prices.
        const bool billed = status == QLatin1String("completed") || status == QLatin1String("interrupted");
        m_lane.limiter->release(m_admission, promptTokens + completionTokens,
                                billed ? meteredCostMicros(m_price, promptTokens, completionTokens) : 0);
        m_admission.admitted = false; // exactly once
    }
    if (m_node) {
        const QByteArray model = m_request.model.toUtf8(), node = m_node->id.toUtf8();
        const QByteArray strategy = m_shared.nodes->strategyFor(m_request.model).toUtf8();
        m_shared.metrics->loadbalancerRequests.labels({model, node, strategy}).inc();
        m_shared.metrics->loadbalancerLatency.labels({model, node}).observe(double(m_clock.elapsed()) / 1000.0);
    }
    if (m_shared.usage && m_exchange) {
        UsageEvent e;
        e.requestId = m_exchange->requestId();
        e.tenantId = m_key.tenantId;
        e.environmentId = m_key.environmentId;
        e.apiKeyId = m_key.keyId;
        e.keyPrefix = m_key.keyPrefix;
        e.model = m_request.model;
        e.nodeId = m_node ? m_node->id : QString();
        e.method = m_exchange->request().method;
        e.path = m_exchange->request().path;
        // Without the engine's usage (interrupted), the prompt is estimated at 4 characters per token.
        e.promptTokens = promptTokens;
        // Interrupted streams: the engine's usage never came, so the tokens delivered are the chunks counted.
        e.completionTokens = completionTokens;
        e.usageFromEngine = m_usageFromEngine;
        e.latencyMs = m_clock.elapsed();
        e.ttftMs = m_ttftMs;
        e.statusCode = m_exchange->status();
        e.status = status;
        e.reason = reason;
        e.timestampMs = QDateTime::currentMSecsSinceEpoch();
        e.openaiOrganization = m_organization;
        e.openaiProject = m_project;
        if (!implausible.isEmpty()) {
            e.usageFlag = QByteArrayLiteral("engine_usage_implausible");
            e.enginePromptTokens = m_promptTokens;
            e.engineCompletionTokens = m_completionTokens;
        }
        m_shared.usage->record(e);
    }
    deleteLater();
}

} // namespace crosslogic
