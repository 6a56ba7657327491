// One customer inference request end to end: authenticate, validate, choose a node, proxy (streaming or not), meter.
#pragma once

#include "base/usageevent.h"
#include "fleet/nodeselector.h"
#include "gateway/authenticator.h"
#include "gateway/inferencekind.h"
#include "gateway/requestvalidator.h"
#include "ratelimit/ratelimiter.h"
#include "sse/sseparser.h"
#include "upstream/upstreamrequest.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <memory>

namespace crosslogic {

class ApiDialect;
class HttpExchange;
struct EngineUsage;
class UpstreamCall;
struct GatewayLane;
struct GatewayShared;

class ProxyRequest : public QObject
{
    Q_OBJECT
public:
    // Lives as a child of the exchange, on the lane's thread; deletes itself when done. With a dialect the client
    // speaks another API (Responses, Anthropic Messages) that is translated to and from a chat completion.
    static void start(GatewayLane &lane, HttpExchange *exchange, InferenceKind kind, std::unique_ptr<ApiDialect> dialect = {});
    ~ProxyRequest() override;

private:
    ProxyRequest(GatewayLane &lane, HttpExchange *exchange, InferenceKind kind, std::unique_ptr<ApiDialect> dialect);

    void onAuthenticated(const AuthOutcome &auth);
    void onAdmitted(Admission admission);
    // retryReason: why the previous node failed (counted in loadbalancer_retries_total once another node is chosen).
    void sendUpstream(const QByteArray &retryReason = {});
    void onResponseStarted(int status);
    void onData(const QByteArray &chunk);
    void onFinished(UpstreamError error, const QString &message);
    void onClientGone();
    void forwardEvents();
    bool retryElsewhere(const QByteArray &reason, const QString &detail);
    // Time to first byte of the current attempt, as the node's latency (the request's own TTFT counts from its start).
    qint64 nodeTtftMs() const { return m_ttftMs < 0 ? -1 : m_ttftMs - m_attemptStartMs; }
    void fail(int status, const QString &message, const QByteArray &code);
    void fail(const Error &error);
    void complete(const QString &status, const QString &reason);
    void takeUsage(const EngineUsage &usage);
    // The stream's spend reservation is used up: out (what this read forwards), then the dialect's error event, then
    // the end; billed for the tokens delivered (docs/billing.md).
    void cutForSpend(QByteArray out);
    // A failure after the stream began, as the client's API reports one.
    QByteArray streamError(const QString &message, const char *code) const;
    // The client's body as the engine gets it (translated by the dialect), or the failure to answer.
    Result<QByteArray> chatBody() const;
    // The engine's whole answer for a dialect's client: translated, or its error message in the dialect's error shape.
    void answerThroughDialect();
    QByteArray closeDialectStream();

    GatewayLane &m_lane;
    const GatewayShared &m_shared;
    QPointer<HttpExchange> m_exchange;
    InferenceKind m_kind;
    std::unique_ptr<ApiDialect> m_dialect; // null: the client speaks the engine's own API
    QElapsedTimer m_clock;
    KeyInfo m_key;
    ValidatedRequest m_request;
    Admission m_admission;
    ModelPrice m_price; // the model's prices when spend caps apply (reserve and settle)
    QByteArray m_upstreamBody;
    QByteArray m_organization; // OpenAI-Organization / OpenAI-Project as sent (checked), recorded and forwarded
    QByteArray m_project;
    std::optional<NodeTarget> m_node;
    QStringList m_triedNodes;
    QPointer<UpstreamCall> m_call;
    int m_upstreamStatus = 0;
    QByteArray m_upstreamContentType;
    QByteArray m_buffered; // non-streaming body, or an error body
    SseParser m_sse;
    bool m_streamStarted = false;
    bool m_sawDone = false;
    bool m_done = false;
    bool m_usageFromEngine = false;
    qint64 m_promptTokens = 0;
    qint64 m_completionTokens = 0;
    qint64 m_contentChunks = 0;
    qint64 m_streamTokenCeiling = 0; // a stream under spend caps: max_tokens or kStreamDefaultMaxTokens; 0: not one
    qint64 m_streamTokenLimit = -1;  // the completion tokens its reservation pays for; -1: no cut
    qint64 m_answerTokenCeiling = 0; // a non-streamed answer under spend caps without max_tokens: kStreamDefaultMaxTokens
    qint64 m_deliveredTokens = 0;    // token-carrying chunks forwarded (gateway/spendcut.h)
    qint64 m_upstreamBytes = 0;   // what the engine sent for the current attempt (usage sanity, gateway/usagecheck.h)
    qint64 m_ttftMs = -1;         // since the request arrived; reset for each attempt
    qint64 m_attemptStartMs = 0;  // when the current attempt was sent
};

} // namespace crosslogic
