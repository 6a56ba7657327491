// Admin routes for the fleet: list/show nodes, drain, terminate, drain-stale, launch, and the routing strategy.
#include "fleet/fleetroutes.h"

#include "config/configslot.h"
#include "base/adminaction.h"
#include "base/requestfields.h"
#include "core/log.h"
#include "fleet/loadbalancer.h"
#include "fleet/nodelauncher.h"
#include "fleet/nodepicker.h"
#include "fleet/nodesql.h"
#include "fleet/nodetoken.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace crosslogic {
namespace {

// Adds this replica's live counters (in flight, circuit breaker, effective health) to node JSON objects.
void addLiveCounters(Json &nodes, LoadBalancer *balancer)
{
    if (!balancer)
        return;
    QHash<QString, NodeCounters> byId;
    for (NodeCounters &c : balancer->snapshot())
        byId.insert(c.id, std::move(c));
    auto add = [&](Json &n) {
        auto it = byId.constFind(QString::fromStdString(n.value("id", std::string())));
        if (it == byId.constEnd())
            return;
        quint64 requests = 0;
        for (quint64 v : it->requestsByStrategy)
            requests += v;
        n["load"]["in_flight"] = it->inFlight;
        n["routing"] = {{"requests", requests}, {"failures", it->failures}, {"circuit_breaker", it->breaker},
                        {"consecutive_failures", it->consecutiveFailures}, {"effective_health", it->effectiveHealth},
                        {"load", it->load}, {"strategy", balancer->strategyFor(it->model).toStdString()},
                        {"ttft_ewma_ms", it->ttftEwmaMs < 0 ? Json(nullptr) : Json(it->ttftEwmaMs)}};
    };
    if (nodes.is_array())
        for (Json &n : nodes)
            add(n);
    else if (nodes.is_object())
        add(nodes);
}

void listNodes(const FleetRouteDeps &s, HttpExchange *ex, LoadBalancer *balancer)
{
    const QString status = ex->request().queryValue(QStringLiteral("status"));
    const QString model = ex->request().queryValue(QStringLiteral("model"));
    const int limit = ex->request().queryLimit(500, 5000);
    const int stale = s.config->nodeStaleSeconds;
    QPointer<HttpExchange> guard(ex);
    s.db->run(ex, [=](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral("SELECT coalesce(json_agg(x.j ORDER BY x.created_at DESC), '[]') FROM (SELECT ")
                                 + nodeJsonSql()
                                 + QStringLiteral(" AS j, n.created_at FROM nodes n WHERE (coalesce(?::text, '') = '' OR n.status = ?::text)"
                                                  " AND (coalesce(?::text, '') = '' OR n.model_name = ?::text) ORDER BY n.created_at DESC LIMIT ?) x"),
                         {stale, status, status, model, model, limit});
    }, [guard, balancer](Result<Json> r) {
        if (!guard)
            return;
        if (!r.ok()) {
            respondFailure(guard, r.failure());
            return;
        }
        Json nodes = *r;
        addLiveCounters(nodes, balancer);
        guard->respondJson(200, Json{{"nodes", nodes}, {"count", nodes.size()}});
    });
}

void showNode(const FleetRouteDeps &s, HttpExchange *ex, LoadBalancer *balancer)
{
    const QString id = ex->request().param("id");
    if (!uuidOr404(ex, id, QStringLiteral("node")))
        return;
    const int stale = s.config->nodeStaleSeconds;
    QPointer<HttpExchange> guard(ex);
    s.db->run(ex, [=](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral("SELECT ") + nodeJsonSql() + QStringLiteral(" FROM nodes n WHERE n.id = ?"), {stale, id});
    }, [guard, balancer, id](Result<Json> r) {
        if (!guard)
            return;
        if (!r.ok())
            respondFailure(guard, r.failure());
        else if (r->is_null())
            guard->respondError(404, QStringLiteral("no node with id %1").arg(id), "not_found");
        else {
            Json node = *r;
            addLiveCounters(node, balancer);
            guard->respondJson(200, node);
        }
    });
}

// drain / terminate: one audited status transition, logged with its reason.
void transition(const FleetRouteDeps &s, HttpExchange *ex, const AdminIdentity &who, const QString &to, NodeLauncher *launcher)
{
    const QString id = ex->request().param("id");
    if (!uuidOr404(ex, id, QStringLiteral("node")))
        return;
    const auto body = reasonBody(ex);
    if (!body)
        return;
    const bool drain = to == QLatin1String("draining");
    const QString reason = !body->reason.isNull() ? body->reason.toString()
                           : who.role == QLatin1String("node") ? QStringLiteral("requested by the node agent")
                                                               : QStringLiteral("%1 by %2").arg(drain ? QStringLiteral("drained") : QStringLiteral("terminated"), who.tokenName);
    const QString action = drain ? QStringLiteral("node.drain") : QStringLiteral("node.terminate");
    const int lateSeconds = 3 * s.config->nodeHeartbeatIntervalSeconds; // as the alert engine's "routable"
    runAdminAction(s, ex, AdminAction{action, id, body->body, who}, [=](QSqlDatabase &db) -> Result<Json> {
        auto before = queryJson(db, QStringLiteral("SELECT json_build_object('status', status, 'launch_spec', launch_spec,"
                                                   " 'model', model_name, 'cluster_name', cluster_name,"
                                                   " 'others', (SELECT count(*) FROM nodes o WHERE o.model_name = n.model_name AND o.id <> n.id"
                                                   "  AND o.status = 'active'"
                                                   "  AND coalesce(o.last_heartbeat_at, o.created_at) > now() - make_interval(secs => ?::int)))"
                                                   " FROM nodes n WHERE id = ? FOR UPDATE"), {lateSeconds, id});
        if (!before)
            return before;
        if (before->is_null())
            return fail(404, "not_found", QStringLiteral("no node with id %1").arg(id));
        const std::string old = (*before)["status"].get<std::string>();
        if (old == "terminated")
            return fail(409, "node_terminated", QStringLiteral("node %1 is already terminated").arg(id));
        if (drain && (old == "failed"))
            return fail(409, "invalid_transition", QStringLiteral("node %1 is %2 and cannot be drained").arg(id, QString::fromStdString(old)));
        auto after = queryJson(db, QStringLiteral("UPDATE nodes SET status = ?, status_message = ?, updated_at = now() WHERE id = ?"
                                                  " RETURNING json_build_object('id', id, 'status', status, 'status_message', status_message)"),
                               {to, reason, id});
        if (!after)
            return after;
        // What the operator should know before confirming (shown in the dry run's preview).
        Json consequences = Json::array();
        const std::string model = (*before)["model"].is_string() ? (*before)["model"].get<std::string>() : std::string();
        const qint64 others = (*before)["others"].get<qint64>();
        if (old == "active" && !model.empty()) {
            if (others == 0)
                consequences.push_back({{"code", "last_routable_node"}, {"model", model}, {"severity", "critical"},
                                        {"message", "last routable node for model " + model + ": its requests will get 503 until another node serves it"}});
            else
                consequences.push_back({{"code", "capacity_reduced"}, {"model", model}, {"severity", "info"}, {"others", others},
                                        {"message", std::to_string(others) + " other routable node(s) keep serving model " + model}});
        }
        Json answer{{"node", *after}, {"before", {{"status", old}}}, {"after", {{"status", to.toStdString()}}},
                    {"consequences", consequences}, {"_launch_spec", (*before)["launch_spec"]}};
        if (drain && old == "active")
            answer["undo"] = undoCall("POST", QStringLiteral("/admin/nodes/%1/activate").arg(id));
        return answer;
    }, 200, [id, to, reason, launcher, drain](const Json &answer) {
        spdlog::info("node {}: status {} -> {} (reason: {})", qs(id), answer["before"]["status"].get<std::string>(), qs(to), qs(reason));
        if (!drain && launcher && answer["_launch_spec"].is_object())
            launcher->terminate(id, answer["_launch_spec"]);
    });
}

// activate: a draining node back into routing (the undo of a drain). Only from draining: an unhealthy node comes
// back by its own heartbeat, a terminated or failed one by registering again.
void activate(const FleetRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    const QString id = ex->request().param("id");
    if (!uuidOr404(ex, id, QStringLiteral("node")))
        return;
    const auto body = reasonBody(ex);
    if (!body)
        return;
    const QString reason = body->reason.isNull() ? QStringLiteral("activated by %1").arg(who.tokenName) : body->reason.toString();
    const int lateSeconds = 3 * s.config->nodeHeartbeatIntervalSeconds;
    runAdminAction(s, ex, AdminAction{QStringLiteral("node.activate"), id, body->body, who}, [=](QSqlDatabase &db) -> Result<Json> {
        auto before = queryJson(db, QStringLiteral("SELECT json_build_object('status', status, 'model', model_name,"
                                                   " 'heartbeat_age', extract(epoch FROM now() - coalesce(last_heartbeat_at, created_at))::int)"
                                                   " FROM nodes WHERE id = ? FOR UPDATE"), {id});
        if (!before)
            return before;
        if (before->is_null())
            return fail(404, "not_found", QStringLiteral("no node with id %1").arg(id));
        const std::string old = (*before)["status"].get<std::string>();
        if (old != "draining")
            return fail(409, "invalid_transition", QStringLiteral("node %1 is %2; only a draining node can be activated").arg(id, QString::fromStdString(old)));
        auto after = queryJson(db, QStringLiteral("UPDATE nodes SET status = 'active', status_message = ?, updated_at = now() WHERE id = ?"
                                                  " RETURNING json_build_object('id', id, 'status', status, 'status_message', status_message)"),
                               {reason, id});
        if (!after)
            return after;
        Json consequences = Json::array();
        const qint64 age = (*before)["heartbeat_age"].get<qint64>();
        if (age > lateSeconds)
            consequences.push_back({{"code", "heartbeat_late"}, {"severity", "warning"}, {"heartbeat_age_seconds", age},
                                    {"message", "its last heartbeat is " + std::to_string(age) + " s old: the stale-node reconciler will drain it "
                                                "again unless its agent is running"}});
        return Json{{"node", *after}, {"before", {{"status", old}}}, {"after", {{"status", "active"}}}, {"consequences", consequences},
                    {"undo", undoCall("POST", QStringLiteral("/admin/nodes/%1/drain").arg(id), {{"reason", "undo of the activation"}})}};
    }, 200, [id, reason](const Json &) { spdlog::info("node {}: status draining -> active (reason: {})", qs(id), qs(reason)); });
}

void drainStale(const FleetRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    auto body = jsonBody(ex);
    if (!body)
        return;
    RequestFields f(*body);
    f.allowOnly({"older_than_seconds"});
    const QVariant olderThan = f.limit("older_than_seconds");
    if (!f.ok()) {
        ex->respondError(400, f.errors(), "invalid_value");
        return;
    }
    const int seconds = olderThan.isNull() ? s.config->nodeStaleSeconds : int(olderThan.toLongLong());
    runAdminAction(s, ex, AdminAction{QStringLiteral("node.drain_stale"), QStringLiteral("nodes"), *body, who}, [=](QSqlDatabase &db) {
        // The runbook's §3.1 statement, as one audited action (a never-heartbeating active node counts as stale too).
        return queryJson(db, QStringLiteral(
            "WITH drained AS (UPDATE nodes SET status = 'draining', status_message = 'stale_heartbeat', updated_at = now()"
            " WHERE status = 'active' AND (last_heartbeat_at IS NULL OR last_heartbeat_at < now() - make_interval(secs => ?::int))"
            " RETURNING id, cluster_name, last_heartbeat_at)"
            " SELECT json_build_object('drained', (SELECT coalesce(json_agg(json_build_object('id', id, 'cluster_name', cluster_name,"
            " 'last_heartbeat_at', last_heartbeat_at)), '[]') FROM drained), 'count', (SELECT count(*) FROM drained),"
            " 'older_than_seconds', ?::int)"),
            {seconds, seconds});
    }, 200, [](const Json &answer) {
        for (const auto &n : answer["drained"])
            spdlog::warn("node {}: status active -> draining (reason: stale_heartbeat, via drain-stale)", n["id"].get<std::string>());
    });
}

void launchNode(const FleetRouteDeps &s, HttpExchange *ex, const AdminIdentity &who, NodeLauncher *launcher)
{
    auto body = jsonBody(ex);
    if (!body)
        return;
    RequestFields f(*body);
    f.allowOnly({"model_name", "provider", "region", "instance_type", "spot", "cluster_name", "accelerators", "simulate",
                 "engine_command", "engine_url", "simulate_args"});
    const QVariant model = f.text("model_name", 300, true);
    QVariant provider = f.text("provider", 50, false);
    const QVariant region = f.text("region", 100, false);
    const QVariant instance = f.text("instance_type", 100, false);
    const bool spot = f.boolean("spot", false);
    QVariant cluster = f.text("cluster_name", 63, false);
    f.text("accelerators", 100, false);
    const bool simulate = f.boolean("simulate", true);
    const QVariant engineCommand = f.text("engine_command", 2000, false);
    const QVariant engineUrl = f.text("engine_url", 500, false);
    QStringList errors;
    if (!f.ok())
        errors << f.errors();
    if (provider.isNull())
        provider = s.config->nodeDefaultProvider;
    if (!NodeLauncher::isKnownProvider(provider.toString()))
        errors << QStringLiteral("'provider' must be one of local, aws, gcp, azure, lambda, kubernetes");
    if (!cluster.isNull() && !QRegularExpression(QStringLiteral("^[a-z][a-z0-9-]*$")).match(cluster.toString()).hasMatch())
        errors << QStringLiteral("'cluster_name' must start with a letter and hold only a-z, 0-9 and '-'");
    if (body->contains("simulate_args") && !((*body)["simulate_args"].is_array()))
        errors << QStringLiteral("'simulate_args' must be an array of strings");
    if (provider == QLatin1String("local") && !simulate && engineCommand.isNull())
        errors << QStringLiteral("provider 'local' with \"simulate\": false needs 'engine_command' and 'engine_url'");
    if (!engineCommand.isNull() && engineUrl.isNull())
        errors << QStringLiteral("'engine_command' needs 'engine_url' (where the started engine listens)");
    if (!errors.isEmpty()) {
        ex->respondError(400, errors.join(QLatin1String("; ")), "invalid_value");
        return;
    }
    if (cluster.isNull())
        cluster = QStringLiteral("cl-%1-%2").arg(provider.toString()).arg(QRandomGenerator::global()->generate() & 0xffffff, 6, 16, QLatin1Char('0'));
    Json spec = *body;
    spec["provider"] = provider.toString().toStdString();
    spec["cluster_name"] = cluster.toString().toStdString();
    spec["spot"] = spot;
    const QString specText = QString::fromStdString(spec.dump());
    runAdminAction(s, ex, AdminAction{QStringLiteral("node.launch"), cluster.toString(), *body, who}, [=](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral(
            "INSERT INTO nodes AS n (cluster_name, provider, region, instance_type, spot, status, status_message, model_name, launch_spec)"
            " VALUES (?, ?, coalesce(?, ''), coalesce(?, ''), ?, 'initializing', 'launch requested', ?, ?::jsonb)"
            " RETURNING json_build_object('node', json_build_object('id', n.id, 'cluster_name', n.cluster_name, 'provider', n.provider,"
            " 'region', n.region, 'instance_type', n.instance_type, 'spot', n.spot, 'status', n.status, 'status_message', n.status_message,"
            " 'model_name', n.model_name, 'launch_spec', n.launch_spec, 'created_at', n.created_at))"),
            {cluster, provider, region, instance, spot, model, specText});
    }, 202, [launcher, spec](const Json &answer) {
        const QString id = QString::fromStdString(answer["node"]["id"].get<std::string>());
        spdlog::info("node {}: status (new) -> initializing (reason: launch requested, provider {})", qs(id), spec["provider"].get<std::string>());
        if (launcher)
            launcher->launch(id, spec);
    });
}

void getRouting(const FleetRouteDeps &s, HttpExchange *ex)
{
    QPointer<HttpExchange> guard(ex);
    s.db->run(ex, [](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral(
            "SELECT json_build_object('strategy', coalesce((SELECT strategy FROM routing_config WHERE model_name = '*'), 'health_weighted'),"
            " 'per_model', (SELECT coalesce(json_object_agg(model_name, strategy), '{}') FROM routing_config WHERE model_name <> '*'),"
            " 'strategies', json_build_array('round_robin', 'least_loaded', 'least_latency', 'health_weighted'))"));
    }, [guard](Result<Json> r) {
        if (!guard)
            return;
        if (!r.ok())
            respondFailure(guard, r.failure());
        else
            guard->respondJson(200, *r);
    });
}

void putRouting(const FleetRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    auto body = jsonBody(ex);
    if (!body)
        return;
    QStringList errors;
    QVariant global(QMetaType::fromType<QString>());
    for (auto it = body->begin(); it != body->end(); ++it)
        if (it.key() != "strategy" && it.key() != "per_model")
            errors << QStringLiteral("unknown field '%1'").arg(QString::fromStdString(it.key()).left(60));
    const QString valid = QStringLiteral("round_robin, least_loaded, least_latency or health_weighted");
    if (body->contains("strategy")) {
        const Json &v = (*body)["strategy"];
        if (!v.is_string() || !parseRoutingStrategy(QString::fromStdString(v.get<std::string>())))
            errors << QStringLiteral("'strategy' must be %1").arg(valid);
        else
            global = QString::fromStdString(v.get<std::string>());
    }
    QStringList models, strategies; // strategy "" or null removes a per-model override
    if (body->contains("per_model")) {
        const Json &pm = (*body)["per_model"];
        if (!pm.is_object())
            errors << QStringLiteral("'per_model' must be an object of model name to strategy");
        else
            for (auto it = pm.begin(); it != pm.end(); ++it) {
                const QString m = QString::fromStdString(it.key());
                if (m.isEmpty() || m == QLatin1String("*") || m.size() > 300)
                    errors << QStringLiteral("'per_model' has an invalid model name '%1'").arg(m.left(60));
                else if (it->is_null())
                    models << m, strategies << QString();
                else if (!it->is_string() || !parseRoutingStrategy(QString::fromStdString(it->get<std::string>())))
                    errors << QStringLiteral("'per_model.%1' must be %2 (or null to remove it)").arg(m.left(60), valid);
                else
                    models << m, strategies << QString::fromStdString(it->get<std::string>());
            }
    }
    if (errors.isEmpty() && global.isNull() && models.isEmpty())
        errors << QStringLiteral("give 'strategy' and/or 'per_model'");
    if (!errors.isEmpty()) {
        ex->respondError(400, errors.join(QLatin1String("; ")), "invalid_value");
        return;
    }
    runAdminAction(s, ex, AdminAction{QStringLiteral("routing.update"), QStringLiteral("routing_config"), *body, who}, [=](QSqlDatabase &db) -> Result<Json> {
        QSqlQuery q(db);
        if (!global.isNull())
            if (auto r = runSql(q, QStringLiteral("INSERT INTO routing_config (model_name, strategy) VALUES ('*', ?) ON CONFLICT (model_name)"
                                                  " DO UPDATE SET strategy = excluded.strategy, updated_at = now()"), {global}); !r)
                return r.failure();
        for (qsizetype i = 0; i < models.size(); ++i) {
            auto r = strategies[i].isEmpty()
                ? runSql(q, QStringLiteral("DELETE FROM routing_config WHERE model_name = ?"), {models[i]})
                : runSql(q, QStringLiteral("INSERT INTO routing_config (model_name, strategy) VALUES (?, ?) ON CONFLICT (model_name)"
                                           " DO UPDATE SET strategy = excluded.strategy, updated_at = now()"), {models[i], strategies[i]});
            if (!r)
                return r.failure();
        }
        return queryJson(db, QStringLiteral(
            "SELECT json_build_object('strategy', coalesce((SELECT strategy FROM routing_config WHERE model_name = '*'), 'health_weighted'),"
            " 'per_model', (SELECT coalesce(json_object_agg(model_name, strategy), '{}') FROM routing_config WHERE model_name <> '*'))"));
    }, 200, [](const Json &answer) { spdlog::info("routing strategy changed: {}", answer.dump()); });
}

} // namespace

void registerNodeAdminRoutes(Router &router, const FleetRouteDeps &s, LoadBalancer *balancer, NodeLauncher *launcher)
{
    router.add("GET", "/admin/nodes", adminRoute(s, "nodes", [s, balancer](HttpExchange *ex, const AdminIdentity &) { listNodes(s, ex, balancer); }));
    router.add("POST", "/admin/nodes/launch", adminRoute(s, "nodes", [s, launcher](HttpExchange *ex, const AdminIdentity &who) {
        launchNode(s, ex, who, launcher);
    }));
    router.add("POST", "/admin/nodes/drain-stale", adminRoute(s, "nodes", [s](HttpExchange *ex, const AdminIdentity &who) { drainStale(s, ex, who); }));
    router.add("GET", "/admin/nodes/{id}", adminRoute(s, "nodes", [s, balancer](HttpExchange *ex, const AdminIdentity &) { showNode(s, ex, balancer); }));
    // A node agent may ask for its own drain with the node token (spot-termination notice, SIGTERM).
    router.add("POST", "/admin/nodes/{id}/drain", [s, launcher](HttpExchange *ex) {
        if (ex->request().header("x-admin-token").isEmpty() && !presentedNodeToken(ex).isEmpty()) {
            // Only the node's own token: one node's agent must not drain another node.
            requireOwnNodeToken(s, ex, ex->request().param("id"), "drain", false, [s, ex, launcher]{
                transition(s, ex, AdminIdentity{QStringLiteral("node-agent"), QStringLiteral("node")}, QStringLiteral("draining"), launcher);
            });
            return;
        }
        adminRoute(s, "nodes", [s, launcher](HttpExchange *e, const AdminIdentity &who) {
            transition(s, e, who, QStringLiteral("draining"), launcher);
        })(ex);
    });
    router.add("POST", "/admin/nodes/{id}/activate", adminRoute(s, "nodes", [s](HttpExchange *ex, const AdminIdentity &who) { activate(s, ex, who); }));
    router.add("POST", "/admin/nodes/{id}/terminate", adminRoute(s, "nodes", [s, launcher](HttpExchange *ex, const AdminIdentity &who) {
        transition(s, ex, who, QStringLiteral("terminated"), launcher);
    }));
    router.add("GET", "/admin/routing", adminRoute(s, "routing", [s](HttpExchange *ex, const AdminIdentity &) { getRouting(s, ex); }));
    router.add("PUT", "/admin/routing", adminRoute(s, "routing", [s](HttpExchange *ex, const AdminIdentity &who) { putRouting(s, ex, who); }));
}

} // namespace crosslogic
