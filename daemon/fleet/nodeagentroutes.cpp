// Node agent routes (node token): registration and heartbeats; every refusal is logged with its reason.
#include "fleet/fleetroutes.h"

#include "config/configslot.h"
#include "base/adminaction.h"
#include "base/requestfields.h"
#include "core/log.h"
#include "fleet/endpointpolicy.h"
#include "fleet/healthscore.h"
#include "fleet/nodetoken.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

#include <QPointer>

namespace crosslogic {
namespace {

void refuse(HttpExchange *ex, const char *what, int status, const QString &message, const QByteArray &code)
{
    spdlog::warn("node {} refused (request {}): {}", what, qs(QString::fromLatin1(ex->requestId())), qs(message));
    ex->respondError(status, message, code);
}

// A refused registration, also counted (node_registration_failures_total{reason}, alert node_registration_failures).
void refuseRegistration(const FleetRouteDeps &s, HttpExchange *ex, int status, const QString &message, const QByteArray &code)
{
    if (s.registrationFailures)
        s.registrationFailures->labels({code}).inc();
    refuse(ex, "register", status, message, code);
}

// Optional non-negative number field; appends to errors when present but malformed.
double number(const Json &body, const char *name, double fallback, double max, QStringList &errors)
{
    auto it = body.find(name);
    if (it == body.end() || it->is_null())
        return fallback;
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > max) {
        errors << QStringLiteral("'%1' must be a number from 0 to %2").arg(QLatin1String(name)).arg(max);
        return fallback;
    }
    return it->get<double>();
}

void registerNode(const FleetRouteDeps &s, HttpExchange *ex)
{
    if (!requireNodeToken(s, ex, "register"))
        return;
    const QByteArray &raw = ex->request().body;
    Json body;
    try {
        body = raw.trimmed().isEmpty() ? Json::object() : Json::parse(raw.constBegin(), raw.constEnd());
    } catch (const Json::parse_error &e) {
        refuseRegistration(s, ex, 400, QStringLiteral("malformed JSON body at byte %1").arg(e.byte), "invalid_json");
        return;
    }
    if (!body.is_object()) {
        refuseRegistration(s, ex, 400, QStringLiteral("request body must be a JSON object"), "invalid_json");
        return;
    }
    RequestFields f(body);
    f.allowOnly({"cluster_name", "provider", "region", "instance_type", "spot", "model_name", "endpoint_url", "agent_version",
                 "node_id", "node_token", "max_concurrency"});
    const QVariant cluster = f.text("cluster_name", 200, true);
    const QVariant provider = f.text("provider", 50, false);
    const QVariant region = f.text("region", 100, false);
    const QVariant instance = f.text("instance_type", 100, false);
    const bool spot = f.boolean("spot", false);
    const QVariant model = f.text("model_name", 300, true);
    const QVariant endpoint = f.text("endpoint_url", 500, true);
    const QVariant version = f.text("agent_version", 100, false);
    const QVariant nodeId = f.uuid("node_id", false);
    const QVariant maxConcurrency = f.limit("max_concurrency");
    // The node's own token, for re-registering an id that already has one (never logged, never echoed).
    const QVariant ownToken = f.text("node_token", 200, false);
    QString errors = f.errors();
    EndpointVerdict verdict{.ok = true, .code = {}, .message = {}};
    if (!endpoint.isNull() && endpoint.isValid()) {
        QList<QHostAddress> own = EndpointPolicy::localAddresses();
        if (QHostAddress listen; listen.setAddress(s.config->serverHost))
            own << listen;
        verdict = EndpointPolicy::fromConfig(s.config->nodeEndpointAllowNetworks, own).check(endpoint.toString());
        if (!verdict.ok && verdict.code == "invalid_registration")
            errors += (errors.isEmpty() ? QString() : QStringLiteral("; ")) + verdict.message;
    }
    if (!errors.isEmpty()) {
        refuseRegistration(s, ex, 400, QStringLiteral("invalid registration payload: ") + errors, "invalid_registration");
        return;
    }
    if (!verdict.ok) { // a well-formed URL into a network the operator has not allowed
        refuseRegistration(s, ex, 400, verdict.message, verdict.code);
        return;
    }
    const int interval = s.config->nodeHeartbeatIntervalSeconds;
    const QByteArray nodeToken = newNodeToken(); // rotated on every (re-)registration
    const QString tokenHash = QString::fromLatin1(nodeTokenHash(nodeToken));
    const QByteArray presentedOwnHash = ownToken.isNull() ? QByteArray() : nodeTokenHash(ownToken.toString().toUtf8());
    const QByteArray requestId = ex->requestId();
    QPointer<HttpExchange> guard(ex);
    s.db->run(ex, [=](QSqlDatabase &db) -> Result<Json> {
        if (!db.transaction())
            return fail(QStringLiteral("cannot begin a transaction"));
        Json before;
        QByteArray storedHash;
        if (!nodeId.isNull()) {
            auto b = queryJson(db, QStringLiteral("SELECT json_build_array(status, node_token_hash) FROM nodes WHERE id = ? FOR UPDATE"),
                               {nodeId});
            if (!b) {
                db.rollback();
                return b;
            }
            if (b->is_array()) {
                before = (*b)[0];
                if ((*b)[1].is_string())
                    storedHash = QByteArray::fromStdString((*b)[1].get<std::string>());
            }
        }
        if (before == "terminated") {
            db.rollback();
            return fail(410, "node_terminated", QStringLiteral("node %1 was terminated; register without node_id to join as a new node")
                                                        .arg(nodeId.toString()));
        }
        // The shared registration token creates nodes and claims the ones a launch created (they have no token yet).
        // A node that has its own token is re-registered only by whoever holds that token: otherwise anyone with the
        // registration token could take over its id, and with it the customers' requests routed to it.
        if (!storedHash.isEmpty() && (presentedOwnHash.isEmpty() || !constantTimeEquals(presentedOwnHash, storedHash))) {
            db.rollback();
            return fail(403, "node_token_required",
                            QStringLiteral("node %1 has its own token: re-registering it needs that token as 'node_token'%2; register "
                                           "without node_id to join as a new node")
                                .arg(nodeId.toString(), presentedOwnHash.isEmpty() ? QString() : QStringLiteral(" (the one given is not it)")));
        }
        Result<Json> row = before.is_null()
            ? queryJson(db, QStringLiteral(
                  "INSERT INTO nodes (id, cluster_name, provider, region, instance_type, spot, status, status_message, model_name,"
                  " endpoint_url, agent_version, max_concurrency, last_heartbeat_at, node_token_hash)"
                  " VALUES (coalesce(?::uuid, gen_random_uuid()), ?, coalesce(?, 'manual'), coalesce(?, ''), coalesce(?, ''), ?, 'active',"
                  " 'registered', ?, ?, ?, coalesce(?, 256), now(), ?) RETURNING json_build_object('id', id, 'status', status)"),
                  {nodeId, cluster, provider, region, instance, spot, model, endpoint, version, maxConcurrency, tokenHash})
            : queryJson(db, QStringLiteral(
                  "UPDATE nodes SET cluster_name = ?, provider = coalesce(?, provider), region = coalesce(?, region),"
                  " instance_type = coalesce(?, instance_type), spot = ?, status = 'active', status_message = 're-registered',"
                  " model_name = ?, endpoint_url = ?, agent_version = ?, max_concurrency = coalesce(?, max_concurrency),"
                  " health_score = 100, last_heartbeat_at = now(), node_token_hash = ?, updated_at = now() WHERE id = ?"
                  " RETURNING json_build_object('id', id, 'status', status)"),
                  {cluster, provider, region, instance, spot, model, endpoint, version, maxConcurrency, tokenHash, nodeId});
        if (!row) {
            db.rollback();
            return row;
        }
        // Who joined the fleet, and where customers' requests will now go: audited like an operator's change.
        const AdminAction audit{before.is_null() ? QStringLiteral("node.register") : QStringLiteral("node.reregister"),
                                QString::fromStdString((*row)["id"].get<std::string>()),
                                Json{{"cluster_name", cluster.toString().toStdString()}, {"model_name", model.toString().toStdString()},
                                     {"endpoint_url", endpoint.toString().toStdString()},
                                     {"previous_status", before}},
                                AdminIdentity{QStringLiteral("node-agent"), QStringLiteral("node")}};
        if (auto a = insertAuditRow(db, audit, QStringLiteral("ok"), false, requestId); !a) {
            db.rollback();
            return a.failure();
        }
        if (!db.commit())
            return fail(QStringLiteral("commit failed"));
        Json answer = *row;
        answer["previous_status"] = before;
        return answer;
    }, [=](Result<Json> r) {
        if (!guard)
            return;
        if (!r.ok() && r.failure().isTyped()) {
            const Error &e = r.failure();
            refuseRegistration(s, guard, e.status, e.message, e.code);
            return;
        }
        if (!r.ok()) {
            spdlog::error("node register failed (request {}): {}", qs(QString::fromLatin1(guard->requestId())), qs(r.error()));
            respondFailure(guard, r.failure());
            return;
        }
        const std::string id = (*r)["id"].get<std::string>();
        const Json &prev = (*r)["previous_status"];
        spdlog::info("node register: node {} {} (cluster={}, model={}, endpoint={}); status {} -> active", id,
                     prev.is_null() ? "registered" : "re-registered", qs(cluster.toString()), qs(model.toString()),
                     qs(endpoint.toString()), prev.is_null() ? std::string("(new)") : prev.get<std::string>());
        guard->respondJson(prev.is_null() ? 201 : 200, Json{{"id", id}, {"status", "active"}, {"heartbeat_interval_s", interval},
                                                            {"node_token", nodeToken.toStdString()}});
    });
}

void acceptHeartbeat(const FleetRouteDeps &s, HttpExchange *ex)
{
    const QString id = ex->request().param("id");
    if (!isUuid(id)) {
        refuse(ex, "heartbeat", 404, QStringLiteral("no node with id '%1'; register again").arg(id.left(64)), "node_not_found");
        return;
    }
    auto parsed = jsonBody(ex);
    if (!parsed)
        return;
    const Json &body = *parsed;
    QStringList errors;
    auto healthyIt = body.find("engine_healthy");
    if (healthyIt != body.end() && !healthyIt->is_boolean())
        errors << QStringLiteral("'engine_healthy' must be true or false");
    const bool healthy = healthyIt == body.end() || !healthyIt->is_boolean() || healthyIt->get<bool>();
    const int running = int(number(body, "running", 0, 1e6, errors));
    const int waiting = int(number(body, "waiting", 0, 1e6, errors));
    const double kv = number(body, "kv_cache_usage", 0, 1, errors);
    const double errorRate = number(body, "error_rate", 0, 1, errors);
    const double ttft = number(body, "ttft_ms", 0, 1e7, errors);
    if (!errors.isEmpty()) {
        refuse(ex, "heartbeat", 400, QStringLiteral("invalid heartbeat payload: ") + errors.join(QLatin1String("; ")), "invalid_heartbeat");
        return;
    }
    HealthInputs in;
    in.heartbeatAgeS = 0;
    in.staleAfterS = s.config->nodeStaleSeconds;
    in.engineHealthy = healthy;
    in.errorRate = errorRate;
    in.ttftMs = ttft;
    const double score = healthScore(in);
    const QVariant version = body.contains("agent_version") && body["agent_version"].is_string()
                                 ? QVariant(QString::fromStdString(body["agent_version"].get<std::string>()).left(100))
                                 : QVariant(QMetaType::fromType<QString>());
    const QString requestId = QString::fromLatin1(ex->requestId());
    QPointer<HttpExchange> guard(ex);
    s.db->run(ex, [=](QSqlDatabase &db) -> Result<Json> {
        // An engine that stops answering takes its node out of routing (unhealthy) and back when it recovers;
        // draining, terminated and failed nodes keep their status.
        return queryJson(db, QStringLiteral(
            "WITH old AS (SELECT id, status FROM nodes WHERE id = ? FOR UPDATE),"
            " u AS (UPDATE nodes n SET last_heartbeat_at = now(), engine_running = ?, engine_waiting = ?, kv_cache_usage = ?,"
            " health_score = ?, agent_version = coalesce(?, n.agent_version), updated_at = now(),"
            " status = CASE WHEN old.status = 'active' AND NOT ? THEN 'unhealthy'"
            "               WHEN old.status = 'unhealthy' AND ? THEN 'active' ELSE old.status END,"
            " status_message = CASE WHEN old.status = 'active' AND NOT ? THEN 'engine_unhealthy'"
            "               WHEN old.status = 'unhealthy' AND ? THEN 'engine_recovered' ELSE n.status_message END"
            " FROM old WHERE n.id = old.id"
            " RETURNING n.id, n.status, old.status AS old_status, n.health_score, n.status_message),"
            // A heartbeat that takes a node out of routing (or back) is a status change like an operator's: audited.
            " audited AS (INSERT INTO audit_log (token_name, role, action, target, parameters, result, request_id)"
            "  SELECT 'node-agent', 'node', 'node.status_change', u.id::text,"
            "   jsonb_build_object('from', u.old_status, 'to', u.status, 'reason', u.status_message), 'ok', ?"
            "  FROM u WHERE u.status <> u.old_status)"
            " SELECT json_build_object('id', u.id, 'status', u.status, 'old_status', u.old_status, 'health_score', u.health_score) FROM u"),
            {id, running, waiting, kv, score, version, healthy, healthy, healthy, healthy, requestId});
    }, [=](Result<Json> r) {
        if (!guard)
            return;
        if (!r.ok()) {
            spdlog::error("node heartbeat failed for {}: {}", qs(id), qs(r.error()));
            respondFailure(guard, r.failure());
            return;
        }
        if (r->is_null()) {
            refuse(guard, "heartbeat", 404, QStringLiteral("no node with id %1; register again").arg(id), "node_not_found");
            return;
        }
        const std::string status = (*r)["status"].get<std::string>(), old = (*r)["old_status"].get<std::string>();
        if (status != old)
            spdlog::warn("node {}: status {} -> {} (reason: {})", qs(id), old, status, healthy ? "engine_recovered" : "engine_unhealthy");
        spdlog::debug("node heartbeat: {} running={} waiting={} kv={} health={}", qs(id), running, waiting, kv, score);
        guard->respondJson(200, Json{{"id", id.toStdString()}, {"status", status}, {"health_score", score},
                                     {"heartbeat_interval_s", s.config->nodeHeartbeatIntervalSeconds}});
    });
}

void heartbeat(const FleetRouteDeps &s, HttpExchange *ex)
{
    // The node's own token; the registration token only for a node that has none (agents from before node tokens).
    requireOwnNodeToken(s, ex, ex->request().param("id"), "heartbeat", true, [s, ex]{ acceptHeartbeat(s, ex); });
}

} // namespace

void registerNodeAgentRoutes(Router &router, const FleetRouteDeps &s)
{
    router.add("POST", "/admin/nodes/register", [s](HttpExchange *ex) { registerNode(s, ex); });
    router.add("POST", "/admin/nodes/{id}/heartbeat", [s](HttpExchange *ex) { heartbeat(s, ex); });
}

} // namespace crosslogic
