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

namespace crosslogic {

class HttpExchange;
struct EngineUsage;
class UpstreamCall;
struct GatewayLane;
struct GatewayShared;

class ProxyRequest : public QObject
{
    Q_OBJECT
public:
    // Lives as a child of the exchange, on the lane's thread; deletes itself when done.
    static void start(GatewayLane &lane, HttpExchange *exchange, InferenceKind kind);

private:
    ProxyRequest(GatewayLane &lane, HttpExchange *exchange, InferenceKind kind);

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

    GatewayLane &m_lane;
    const GatewayShared &m_shared;
    QPointer<HttpExchange> m_exchange;
    InferenceKind m_kind;
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
    qint64 m_ttftMs = -1;         // since the request arrived; reset for each attempt
    qint64 m_attemptStartMs = 0;  // when the current attempt was sent
};

} // namespace crosslogic
