// The customer API: /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/responses, /v1/messages, /v1/models.
#include "gateway/gatewayroutes.h"

#include "fleet/nodeselector.h"
#include "gateway/authenticator.h"
#include "gateway/corspolicy.h"
#include "gateway/gatewaylane.h"
#include "gateway/messagesadapter.h"
#include "gateway/responsesadapter.h"
#include "gateway/proxyrequest.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "base/usageevent.h"
#include "metrics/servicemetrics.h"

#include <QDateTime>

namespace crosslogic {
namespace {

// created: the model's first registration (its earliest node row), unix seconds.
Json modelJson(const NodeSelector &nodes, const QString &id)
{
    return Json{{"id", id.toStdString()}, {"object", "model"}, {"created", nodes.modelCreated(id)}, {"owned_by", "crosslogic"}};
}

// A refused key counts and is logged as the inference routes' refusals are (auth_failures_total, request_logs with
// the key's tenant and ids: the alerts on rejected keys and suspended tenants count them).
void recordRefusal(const GatewayShared &s, HttpExchange *ex, const AuthOutcome &auth)
{
    if (auth.status == 401 || auth.status == 403)
        s.metrics->authFailures.labels({auth.code}).inc();
    if (!s.usage)
        return;
    UsageEvent e;
    e.requestId = ex->requestId();
    e.tenantId = auth.key.tenantId;
    e.environmentId = auth.key.environmentId;
    e.apiKeyId = auth.key.keyId;
    e.keyPrefix = auth.key.keyPrefix.isEmpty() ? Authenticator::publicKeyPrefix(ex->request().header("authorization")) : auth.key.keyPrefix;
    e.method = ex->request().method;
    e.path = ex->request().path;
    e.statusCode = auth.status;
    e.status = QStringLiteral("rejected");
    e.reason = QString::fromLatin1(auth.code);
    e.timestampMs = QDateTime::currentMSecsSinceEpoch();
    s.usage->record(e);
}

// Authenticates like the inference routes, then runs fn.
void withKey(GatewayLane &lane, HttpExchange *ex, std::function<void(HttpExchange *)> fn)
{
    QPointer<HttpExchange> guard(ex);
    const GatewayShared &s = lane.shared;
    s.authenticator->authenticate(lane.redis, ex->request().header("authorization"), ex->request().peer, ex,
                                  [guard, fn, &s](const AuthOutcome &auth) {
        if (!guard)
            return;
        if (!auth.ok()) {
            guard->respondError(auth.error());
            recordRefusal(s, guard, auth);
        } else if (auto cors = s.cors ? s.cors->checkTenant(guard, auth.key.tenantId) : Result<void>(); !cors) {
            guard->respondError(cors.failure());
        } else {
            fn(guard);
        }
    });
}

} // namespace

void registerGatewayRoutes(Router &router, GatewayLane &lane)
{
    const GatewayShared &s = lane.shared;
    router.add("POST", "/v1/chat/completions", [&lane](HttpExchange *ex) { ProxyRequest::start(lane, ex, InferenceKind::Chat); });
    router.add("POST", "/v1/completions", [&lane](HttpExchange *ex) { ProxyRequest::start(lane, ex, InferenceKind::Completion); });
    router.add("POST", "/v1/embeddings", [&lane](HttpExchange *ex) { ProxyRequest::start(lane, ex, InferenceKind::Embedding); });
    // The Responses API and Anthropic's Messages API, translated to chat completions (gateway/apidialect.h).
    router.add("POST", "/v1/responses", [&lane](HttpExchange *ex) {
        ProxyRequest::start(lane, ex, InferenceKind::Chat, std::make_unique<ResponsesAdapter>());
    });
    router.add("POST", "/v1/messages", [&lane](HttpExchange *ex) {
        ProxyRequest::start(lane, ex, InferenceKind::Chat, std::make_unique<MessagesAdapter>());
    });
    // CORS preflights (gateway/corspolicy.h): allowed for an origin any tenant allows.
    for (const char *path : {"/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/responses", "/v1/messages", "/v1/models", "/v1/models/{model*}"}) {
        router.add("OPTIONS", path, [&s](HttpExchange *ex) {
            if (s.cors)
                s.cors->answerPreflight(ex);
            else
                ex->respondError(403, QStringLiteral("CORS is not configured on this server"), "origin_not_allowed");
        });
    }
    router.add("GET", "/v1/models", [&lane, &s](HttpExchange *ex) {
        withKey(lane, ex, [&s](HttpExchange *ok) {
            Json data = Json::array();
            for (const QString &m : s.nodes->activeModels())
                data.push_back(modelJson(*s.nodes, m));
            ok->respondJson(200, Json{{"object", "list"}, {"data", data}});
        });
    });
    router.add("GET", "/v1/models/{model*}", [&lane, &s](HttpExchange *ex) {
        withKey(lane, ex, [&s](HttpExchange *ok) {
            const QString model = ok->request().param("model");
            if (s.nodes->activeModels().contains(model))
                ok->respondJson(200, modelJson(*s.nodes, model));
            else
                ok->respondError(404, QStringLiteral("the model '%1' does not exist or has no active node").arg(model.left(256)), "model_not_found");
        });
    });
}

} // namespace crosslogic
