// Node credentials: the shared NODE_REGISTRATION_TOKEN (registration) and each node's own token issued at registration
// (its drain and heartbeats), presented as "Authorization: Bearer" or "X-Node-Token".
#include "fleet/nodetoken.h"
#include "fleet/fleetroutes.h"
#include "config/configslot.h"

#include "core/log.h"
#include "http/httpexchange.h"
#include "security/apikey.h"
#include "store/sqljson.h"

#include <QPointer>
#include <QRandomGenerator>

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

bool requireNodeToken(const FleetRouteDeps &services, HttpExchange *ex, const char *what)
{
    const QByteArray expected = services.config->nodeRegistrationToken.toUtf8();
    if (expected.isEmpty()) {
        spdlog::error("node {} refused (request {}): NODE_REGISTRATION_TOKEN is not configured on the control plane", what,
                      qs(QString::fromLatin1(ex->requestId())));
        ex->respondError(503, QStringLiteral("node registration is disabled: NODE_REGISTRATION_TOKEN is not set on the control plane"), "node_registration_disabled");
        return false;
    }
    const QByteArray presented = presentedNodeToken(ex);
    if (presented.isEmpty() || !constantTimeEquals(presented, expected)) {
        spdlog::warn("node {} refused (request {}): {}", what, qs(QString::fromLatin1(ex->requestId())),
                     presented.isEmpty() ? "no node token (Authorization: Bearer or X-Node-Token)" : "invalid node token");
        ex->respondError(401, presented.isEmpty() ? QStringLiteral("a node token is required (Authorization: Bearer <NODE_REGISTRATION_TOKEN>)")
                                                  : QStringLiteral("invalid node token"), "invalid_node_token");
        return false;
    }
    return true;
}

QByteArray newNodeToken()
{
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / int(sizeof(quint32)));
    return QByteArrayLiteral("clnode_") + raw.toHex();
}

QByteArray nodeTokenHash(const QByteArray &token)
{
    return ApiKey::sha256Hex(token);
}

void requireOwnNodeToken(const FleetRouteDeps &services, HttpExchange *ex, const QString &nodeId, const char *what, bool allowRegistrationToken,
                         std::function<void()> granted)
{
    const QByteArray presented = presentedNodeToken(ex);
    const QByteArray registration = services.config->nodeRegistrationToken.toUtf8();
    auto refuse = [ex, what, nodeId](int status, const QString &message) {
        spdlog::warn("node {} refused (request {}, node {}): {}", what, qs(QString::fromLatin1(ex->requestId())), qs(nodeId), qs(message));
        ex->respondError(status, message, status == 403 ? "node_token_scope" : "invalid_node_token");
    };
    if (!registration.isEmpty() && !presented.isEmpty() && constantTimeEquals(presented, registration)) {
        const QString denied = QStringLiteral("the registration token cannot %1 a node; use the node token returned at its registration")
                                   .arg(QLatin1String(what));
        if (!allowRegistrationToken || !isUuid(nodeId)) {
            if (allowRegistrationToken)
                granted(); // the route answers 404 for a malformed id
            else
                refuse(403, denied);
            return;
        }
        // Only a node that never received a token of its own (registered by an agent from before node tokens)
        // may still be acted on with the shared token: one compromised host must not mark every other node
        // unhealthy.
        QPointer<HttpExchange> guard(ex);
        services.db->run(ex, [nodeId](QSqlDatabase &db) {
            return queryJson(db, QStringLiteral("SELECT to_json(EXISTS (SELECT 1 FROM nodes WHERE id = ?::uuid AND node_token_hash IS NOT NULL))"),
                             {nodeId});
        }, [guard, refuse, denied, granted = std::move(granted)](Result<Json> r) {
            if (!guard)
                return;
            if (!r.ok()) {
                spdlog::error("node token check failed: {}", qs(r.error()));
                guard->respondError(503, QStringLiteral("cannot check the node token right now"), "database_unavailable");
            } else if (r->get<bool>())
                refuse(403, denied);
            else
                granted();
        });
        return;
    }
    if (!presented.startsWith("clnode_")) {
        requireNodeToken(services, ex, what); // not the registration token (checked above): answers 401/503 and logs why
        return;
    }
    if (!isUuid(nodeId)) { // the route answers 404 for it
        granted();
        return;
    }
    const QString hash = QString::fromLatin1(nodeTokenHash(presented));
    QPointer<HttpExchange> guard(ex);
    services.db->run(ex, [hash, nodeId](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral("SELECT json_build_object('exists', EXISTS (SELECT 1 FROM nodes WHERE id = ?::uuid),"
                                            " 'own', EXISTS (SELECT 1 FROM nodes WHERE id = ?::uuid AND node_token_hash = ?),"
                                            " 'other', EXISTS (SELECT 1 FROM nodes WHERE node_token_hash = ?))"),
                         {nodeId, nodeId, hash, hash});
    }, [guard, refuse, granted = std::move(granted)](Result<Json> r) {
        if (!guard)
            return;
        if (!r.ok()) {
            spdlog::error("node token check failed: {}", qs(r.error()));
            guard->respondError(503, QStringLiteral("cannot check the node token right now"), "database_unavailable");
        } else if ((*r)["own"].get<bool>() || !(*r)["exists"].get<bool>())
            granted(); // an unknown node is answered 404 by the route, so its agent registers again
        else if ((*r)["other"].get<bool>())
            refuse(403, QStringLiteral("this node token belongs to another node; a node may only act on itself"));
        else
            refuse(401, QStringLiteral("invalid node token"));
    });
}

} // namespace crosslogic
