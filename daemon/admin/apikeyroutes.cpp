// Admin routes for customer API keys: create (secret shown once), look up by prefix with validity, revoke/activate, limits, cache.
#include "admin/customerroutes.h"

#include "base/adminaction.h"
#include "base/requestfields.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "security/apikey.h"
#include "store/sqljson.h"

namespace crosslogic {
namespace {

// One key as the admin API shows it, with the reason it is or is not valid (runbook §1.1 in one answer).
const QString kInvalidReason = QStringLiteral(
    "CASE WHEN k.status <> 'active' THEN 'revoked' WHEN k.expires_at IS NOT NULL AND k.expires_at <= now() THEN 'expired'"
    " WHEN t.status <> 'active' THEN 'tenant_suspended' WHEN e.status <> 'active' THEN 'environment_disabled' END");
// What the gateway answers a request with this key right now, before rate limits: the status, code and message of
// gateway/authenticator.cpp's verdict (a suspended tenant's key gets 403 tenant_suspended, not 401).
const QString kGatewayAnswer = QStringLiteral(
    "CASE WHEN k.status <> 'active' THEN json_build_object('status', 401, 'code', 'api_key_revoked',"
    "  'message', 'API key ' || k.key_prefix || '… has been revoked')"
    " WHEN k.expires_at IS NOT NULL AND k.expires_at <= now() THEN json_build_object('status', 401, 'code', 'api_key_expired',"
    "  'message', 'API key ' || k.key_prefix || '… expired at ' || to_char(k.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
    " WHEN t.status <> 'active' THEN json_build_object('status', 403, 'code', 'tenant_suspended',"
    "  'message', 'the account this key belongs to is suspended', 'reason', t.status_reason)"
    " WHEN e.status <> 'active' THEN json_build_object('status', 403, 'code', 'environment_disabled',"
    "  'message', 'the environment this key belongs to is disabled')"
    " ELSE json_build_object('status', 200, 'code', NULL, 'message', 'accepted, within its rate limits') END");
const QString kKeyJson = QStringLiteral(
    "json_build_object('id', k.id, 'tenant_id', k.tenant_id, 'environment_id', k.environment_id, 'name', k.name,"
    " 'key_prefix', k.key_prefix, 'status', k.status, 'expires_at', k.expires_at,"
    " 'rate_limit_requests_per_min', k.rate_limit_requests_per_min, 'rate_limit_tokens_per_min', k.rate_limit_tokens_per_min,"
    " 'concurrency_limit', k.concurrency_limit, 'created_at', k.created_at, 'updated_at', k.updated_at,"
    " 'revoked_at', k.revoked_at, 'last_used_at', k.last_used_at, 'tenant_name', t.name, 'tenant_status', t.status,"
    " 'environment_name', e.name, 'environment_status', e.status, 'invalid_reason', %1, 'valid', (%1) IS NULL,"
    " 'tenant_status_reason', t.status_reason, 'gateway_answer', %2)")
                               .arg(kInvalidReason, kGatewayAnswer);
const QString kKeyFrom = QStringLiteral(" FROM api_keys k JOIN tenants t ON t.id = k.tenant_id JOIN environments e ON e.id = k.environment_id ");

Result<Json> loadKey(QSqlDatabase &db, const QString &id)
{
    return queryJson(db, QStringLiteral("SELECT ") + kKeyJson + kKeyFrom + QStringLiteral("WHERE k.id = ?"), {id});
}

// One key with what its last minute looked like at the gateway (GET /admin/api-keys/{id} only: the list would pay
// this per key): requests, and how many were answered 429, 401 or 403.
Result<Json> loadKeyWithRecent(QSqlDatabase &db, const QString &id)
{
    return queryJson(db, QStringLiteral("SELECT (") + kKeyJson
                             + QStringLiteral(")::jsonb || jsonb_build_object('recent', (SELECT jsonb_build_object('window_seconds', 60,"
                                              " 'requests', count(*), '429', count(*) FILTER (WHERE l.status_code = 429),"
                                              " '401', count(*) FILTER (WHERE l.status_code = 401), '403', count(*) FILTER (WHERE l.status_code = 403))"
                                              " FROM request_logs l WHERE l.api_key_id = k.id AND l.created_at > now() - interval '60 seconds'))")
                             + kKeyFrom + QStringLiteral("WHERE k.id = ?"),
                     {id});
}

bool checkId(HttpExchange *ex, QString *id)
{
    *id = ex->request().param("id");
    if (isUuid(*id))
        return true;
    ex->respondError(404, QStringLiteral("no API key with id '%1'").arg(id->left(64)), "not_found");
    return false;
}

void invalidateOne(const CustomerRouteDeps &s, const Json &answer)
{
    if (answer.contains("_key_hash"))
        s.keys->invalidate({QByteArray::fromStdString(answer["_key_hash"].get<std::string>())});
}

void createKey(const CustomerRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    auto body = jsonBody(ex);
    if (!body)
        return;
    RequestFields f(*body);
    f.allowOnly({"tenant_id", "environment_id", "name", "rate_limit_requests_per_min", "rate_limit_tokens_per_min", "concurrency_limit",
                 "expires_at", "live"});
    const QVariant tenant = f.uuid("tenant_id", true), env = f.uuid("environment_id", true);
    QVariant name = f.name("name", 200, false);
    const QVariant rpm = f.limit("rate_limit_requests_per_min"), tpm = f.limit("rate_limit_tokens_per_min"), conc = f.limit("concurrency_limit");
    const QVariant expires = f.timestamp("expires_at");
    const bool live = f.boolean("live", true);
    if (!f.ok()) {
        ex->respondError(400, f.errors(), "invalid_value");
        return;
    }
    const ApiKeyParts key = ApiKey::generate(live);
    runAdminAction(s, ex, AdminAction{QStringLiteral("api_key.create"), env.toString(), *body, who}, [=](QSqlDatabase &db) -> Result<Json> {
        auto owner = queryJson(db, QStringLiteral("SELECT json_build_object('tenant', t.id) FROM environments e JOIN tenants t ON t.id = e.tenant_id"
                                                  " WHERE e.id = ?"), {env});
        if (!owner)
            return owner;
        if (owner->is_null())
            return fail(404, "not_found", QStringLiteral("no environment with id %1").arg(env.toString()));
        if ((*owner)["tenant"].get<std::string>() != tenant.toString().toStdString())
            return fail(400, "invalid_value", QStringLiteral("environment %1 does not belong to tenant %2").arg(env.toString(), tenant.toString()));
        QSqlQuery q(db);
        auto r = runSql(q, QStringLiteral("INSERT INTO api_keys (tenant_id, environment_id, name, key_hash, key_prefix, expires_at,"
                                          " rate_limit_requests_per_min, rate_limit_tokens_per_min, concurrency_limit)"
                                          " VALUES (?, ?, coalesce(?, ''), ?, ?, ?::timestamptz, ?, ?, ?) RETURNING id"),
                        {tenant, env, name, QString::fromLatin1(key.hash), QString::fromLatin1(key.prefix), expires, rpm, tpm, conc});
        if (!r)
            return r.failure();
        q.next();
        auto row = loadKey(db, q.value(0).toString());
        if (!row)
            return row;
        Json answer = *row;
        answer["key"] = key.key.toStdString(); // the only time the secret is ever shown
        return answer;
    }, 201);
}

// A route that changes one key (/admin/api-keys/{id}…): a malformed id is answered 404, a body that is not a
// JSON object 400, before handler runs.
using KeyChange = std::function<void(HttpExchange *, const AdminIdentity &, const QString &id, const Json &body)>;
std::function<void(HttpExchange *)> keyChangeRoute(const CustomerRouteDeps &s, const char *permission,
                                                   KeyChange handler)
{
    return adminRoute(s, permission, [handler = std::move(handler)](HttpExchange *ex, const AdminIdentity &who) {
        QString id;
        if (!checkId(ex, &id))
            return;
        if (const auto body = jsonBody(ex))
            handler(ex, who, id, *body);
    });
}

void setKeyStatus(const CustomerRouteDeps &s, HttpExchange *ex, const AdminIdentity &who, const QString &id,
                  const Json &body, bool activate)
{
    runAdminAction(s, ex, AdminAction{activate ? QStringLiteral("api_key.activate") : QStringLiteral("api_key.revoke"), id, body, who},
                   [=](QSqlDatabase &db) -> Result<Json> {
        auto before = queryJson(db, QStringLiteral("SELECT json_build_object('status', status, 'hash', key_hash) FROM api_keys WHERE id = ? FOR UPDATE"), {id});
        if (!before)
            return before;
        if (before->is_null())
            return fail(404, "not_found", QStringLiteral("no API key with id %1").arg(id));
        QSqlQuery q(db);
        auto r = activate ? runSql(q, QStringLiteral("UPDATE api_keys SET status = 'active', revoked_at = NULL, updated_at = now() WHERE id = ?"), {id})
                          : runSql(q, QStringLiteral("UPDATE api_keys SET status = 'revoked', revoked_at = coalesce(revoked_at, now()), updated_at = now() WHERE id = ?"), {id});
        if (!r)
            return r.failure();
        auto after = loadKey(db, id);
        if (!after)
            return after;
        Json answer{{"api_key", *after}, {"before", {{"status", (*before)["status"]}}}, {"after", {{"status", (*after)["status"]}}},
                    {"_key_hash", (*before)["hash"]}};
        if ((*before)["status"] != (*after)["status"])
            answer["undo"] = undoCall("POST", QStringLiteral("/admin/api-keys/%1/%2").arg(id, activate ? QStringLiteral("revoke") : QStringLiteral("activate")));
        return answer;
    }, 200, [s](const Json &answer) { invalidateOne(s, answer); });
}

void patchKey(const CustomerRouteDeps &s, HttpExchange *ex, const AdminIdentity &who, const QString &id,
              const Json &body)
{
    RequestFields f(body);
    f.allowOnly({"name", "rate_limit_requests_per_min", "rate_limit_tokens_per_min", "concurrency_limit", "expires_at"});
    QStringList sets;
    QList<QVariant> values;
    auto add = [&](const char *field, const QString &expr, const QVariant &v) {
        if (f.has(field)) {
            sets << QString::fromLatin1(field) + QStringLiteral(" = ") + expr;
            values << v;
        }
    };
    add("name", QStringLiteral("coalesce(?, '')"), f.name("name", 200, false));
    add("rate_limit_requests_per_min", QStringLiteral("?"), f.limit("rate_limit_requests_per_min"));
    add("rate_limit_tokens_per_min", QStringLiteral("?"), f.limit("rate_limit_tokens_per_min"));
    add("concurrency_limit", QStringLiteral("?"), f.limit("concurrency_limit"));
    add("expires_at", QStringLiteral("?::timestamptz"), f.timestamp("expires_at"));
    if (!f.ok() || sets.isEmpty()) {
        ex->respondError(400, sets.isEmpty() && f.ok() ? QStringLiteral("nothing to change") : f.errors(), "invalid_value");
        return;
    }
    values << id;
    const QString sql = QStringLiteral("UPDATE api_keys SET %1, updated_at = now() WHERE id = ? RETURNING key_hash").arg(sets.join(QLatin1String(", ")));
    runAdminAction(s, ex, AdminAction{QStringLiteral("api_key.update"), id, body, who}, [=](QSqlDatabase &db) -> Result<Json> {
        auto before = loadKey(db, id);
        if (!before)
            return before;
        if (before->is_null())
            return fail(404, "not_found", QStringLiteral("no API key with id %1").arg(id));
        QSqlQuery q(db);
        if (auto r = runSql(q, sql, values); !r)
            return r.failure();
        q.next();
        const std::string hash = q.value(0).toString().toStdString();
        auto after = loadKey(db, id);
        if (!after)
            return after;
        return Json{{"api_key", *after}, {"before", *before}, {"_key_hash", hash},
                    {"undo", undoCall("PATCH", QStringLiteral("/admin/api-keys/%1").arg(id), previousValues(*before, body))}};
    }, 200, [s](const Json &answer) { invalidateOne(s, answer); });
}

} // namespace

void registerApiKeyRoutes(Router &router, const CustomerRouteDeps &s)
{
    router.add("POST", "/admin/api-keys", adminRoute(s, "keys", [s](HttpExchange *ex, const AdminIdentity &who) { createKey(s, ex, who); }));
    router.add("GET", "/admin/api-keys", adminRoute(s, "keys", [s](HttpExchange *ex, const AdminIdentity &) {
        const HttpRequest &req = ex->request();
        const QString prefix = req.queryValue(QStringLiteral("prefix"));
        const QString tenant = req.queryValue(QStringLiteral("tenant_id"));
        const QString env = req.queryValue(QStringLiteral("environment_id"));
        if ((!tenant.isEmpty() && !isUuid(tenant)) || (!env.isEmpty() && !isUuid(env))) {
            ex->respondError(400, QStringLiteral("tenant_id and environment_id must be UUIDs"), "invalid_value");
            return;
        }
        if (prefix.size() > ApiKey::kPrefixLength) {
            ex->respondError(400, QStringLiteral("prefix is the first %1 characters of a key, not the whole key").arg(ApiKey::kPrefixLength), "invalid_value");
            return;
        }
        const int limit = req.queryLimit();
        s.db->run(ex, [=](QSqlDatabase &db) {
            return queryJson(db, QStringLiteral("SELECT json_build_object('data', coalesce(json_agg(x.j), '[]')) FROM (SELECT ") + kKeyJson
                                     + QStringLiteral(" AS j") + kKeyFrom
                                     + QStringLiteral("WHERE (coalesce(?, '') = '' OR k.key_prefix = ?) AND (coalesce(?, '') = '' OR k.tenant_id::text = ?)"
                                                      " AND (coalesce(?, '') = '' OR k.environment_id::text = ?) ORDER BY k.created_at DESC LIMIT ?) x"),
                             {prefix, prefix, tenant, tenant, env, env, limit});
        }, [ex](Result<Json> r) {
            if (!r.ok())
                respondFailure(ex, r.failure());
            else
                ex->respondJson(200, *r);
        });
    }));
    router.add("GET", "/admin/api-keys/{id}", adminRoute(s, "keys", [s](HttpExchange *ex, const AdminIdentity &) {
        QString id;
        if (!checkId(ex, &id))
            return;
        s.db->run(ex, [id](QSqlDatabase &db) { return loadKeyWithRecent(db, id); }, [ex, id](Result<Json> r) {
            if (!r.ok())
                respondFailure(ex, r.failure());
            else if (r->is_null())
                ex->respondError(404, QStringLiteral("no API key with id %1").arg(id), "not_found");
            else
                ex->respondJson(200, *r);
        });
    }));
    router.add("PATCH", "/admin/api-keys/{id}",
               keyChangeRoute(s, "limits", [s](HttpExchange *ex, const AdminIdentity &who, const QString &id,
                                               const Json &body) { patchKey(s, ex, who, id, body); }));
    router.add("POST", "/admin/api-keys/{id}/revoke",
               keyChangeRoute(s, "keys", [s](HttpExchange *ex, const AdminIdentity &who, const QString &id,
                                             const Json &body) { setKeyStatus(s, ex, who, id, body, false); }));
    router.add("POST", "/admin/api-keys/{id}/activate",
               keyChangeRoute(s, "keys", [s](HttpExchange *ex, const AdminIdentity &who, const QString &id,
                                             const Json &body) { setKeyStatus(s, ex, who, id, body, true); }));
    router.add("DELETE", "/admin/api-keys/{id}/cache", adminRoute(s, "keys", [s](HttpExchange *ex, const AdminIdentity &who) {
        QString id;
        if (!checkId(ex, &id))
            return;
        runAdminAction(s, ex, AdminAction{QStringLiteral("api_key.clear_cache"), id, Json::object(), who}, [id](QSqlDatabase &db) -> Result<Json> {
            auto hash = queryJson(db, QStringLiteral("SELECT to_json(key_hash) FROM api_keys WHERE id = ?"), {id});
            if (!hash)
                return hash;
            if (hash->is_null())
                return fail(404, "not_found", QStringLiteral("no API key with id %1").arg(id));
            return Json{{"cleared", true}, {"redis_key", "api_key:" + hash->get<std::string>()}, {"_key_hash", *hash}};
        }, 200, [s](const Json &answer) { invalidateOne(s, answer); });
    }));
}

} // namespace crosslogic
