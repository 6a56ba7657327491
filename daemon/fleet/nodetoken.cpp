// The node-scoped credential: NODE_REGISTRATION_TOKEN as "Authorization: Bearer" or "X-Node-Token", compared in constant time.
#include "fleet/nodetoken.h"

#include "app/services.h"
#include "core/log.h"
#include "http/httpexchange.h"

namespace crosslogic {

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const qsizetype n = std::max(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

QByteArray presentedNodeToken(HttpExchange *ex)
{
    const QByteArray header = ex->request().header("x-node-token").trimmed();
    if (!header.isEmpty())
        return header;
    const QByteArray auth = ex->request().header("authorization").trimmed();
    if (auth.size() > 7 && auth.left(7).toLower() == "bearer ")
        return auth.mid(7).trimmed();
    return {};
}

bool requireNodeToken(Services &services, HttpExchange *ex, const char *what)
{
    const QByteArray expected = services.config->nodeRegistrationToken.toUtf8();
    if (expected.isEmpty()) {
        spdlog::error("node {} refused (request {}): NODE_REGISTRATION_TOKEN is not configured on the control plane", what,
                      qs(QString::fromLatin1(ex->requestId())));
        ex->respondError(503, QStringLiteral("node registration is disabled: NODE_REGISTRATION_TOKEN is not set on the control plane"),
                         "service_unavailable", "node_registration_disabled");
        return false;
    }
    const QByteArray presented = presentedNodeToken(ex);
    if (presented.isEmpty() || !constantTimeEquals(presented, expected)) {
        spdlog::warn("node {} refused (request {}): {}", what, qs(QString::fromLatin1(ex->requestId())),
                     presented.isEmpty() ? "no node token (Authorization: Bearer or X-Node-Token)" : "invalid node token");
        ex->respondError(401, presented.isEmpty() ? QStringLiteral("a node token is required (Authorization: Bearer <NODE_REGISTRATION_TOKEN>)")
                                                  : QStringLiteral("invalid node token"),
                         "authentication_error", "invalid_node_token");
        return false;
    }
    return true;
}

} // namespace crosslogic
