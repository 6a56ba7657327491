// Admin routes for tenants and environments: create, list, show, suspend/activate, disable/activate, limits.
#include "admin/customerroutes.h"

#include "admin/corsorigins.h"
#include "base/adminaction.h"
#include "base/requestfields.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

namespace crosslogic {
namespace {

const QString kTenantJson = QStringLiteral(
    "json_build_object('id', t.id, 'name', t.name, 'email', t.email, 'status', t.status, 'status_reason', t.status_reason,"
    " 'stripe_customer_id', t.stripe_customer_id, 'rate_limit_requests_per_min', t.rate_limit_requests_per_min,"
    " 'rate_limit_tokens_per_min', t.rate_limit_tokens_per_min, 'concurrency_limit', t.concurrency_limit,"
    " 'cors_allowed_origins', to_json(t.cors_allowed_origins), 'created_at', t.created_at, 'updated_at', t.updated_at)");
const QString kEnvJson = QStringLiteral(
    "json_build_object('id', e.id, 'tenant_id', e.tenant_id, 'name', e.name, 'status', e.status,"
    " 'rate_limit_requests_per_min', e.rate_limit_requests_per_min, 'rate_limit_tokens_per_min', e.rate_limit_tokens_per_min,"
    " 'concurrency_limit', e.concurrency_limit, 'created_at', e.created_at, 'updated_at', e.updated_at)");

bool checkId(HttpExchange *ex, const QString &id, const char *what)
{
    if (isUuid(id))
        return true;
    ex->respondError(404, QStringLiteral("no %1 with id '%2'").arg(QLatin1String(what), id.left(64)), "not_found");
    return false;
}

// Key hashes under a tenant or environment, so their cached validations can be dropped everywhere.
Result<Json> keyHashes(QSqlDatabase &db, const char *column, const QString &id)
{
    return queryJson(db, QStringLiteral("SELECT coalesce(json_agg(key_hash), '[]') FROM api_keys WHERE %1 = ?").arg(QLatin1String(column)), {id});
}

void invalidateFrom(const CustomerRouteDeps &s, const Json &answer)
{
    QList<QByteArray> hashes;
    for (const auto &h : answer.value("_key_hashes", Json::array()))
        hashes << QByteArray::fromStdString(h.get<std::string>());
    s.keys->invalidate(hashes);
}

void respondRead(HttpExchange *ex, Result<Json> r, const QString &notFound)
{
    if (!r.ok())
        respondFailure(ex, r.failure());
    else if (r->is_null())
        ex->respondError(404, notFound, "not_found");
    else
        ex->respondJson(200, *r);
}

// suspend/activate a tenant, disable/activate an environment.
void setStatus(const CustomerRouteDeps &s, HttpExchange *ex, const AdminIdentity &who, const char *table, const char *what, const QString &status)
{
    const QString id = ex->request().param("id");
    if (!checkId(ex, id, what))
        return;
    const auto body = reasonBody(ex);
    if (!body)
        return;
    const QVariant reason = body->reason;
    const bool tenant = QByteArray(table) == "tenants";
    const QString action = QStringLiteral("%1.%2").arg(QLatin1String(what), status == QLatin1String("active") ? QStringLiteral("activate")
                                                                          : tenant ? QStringLiteral("suspend") : QStringLiteral("disable"));
    runAdminAction(s, ex, AdminAction{action, id, body->body, who}, [=](QSqlDatabase &db) -> Result<Json> {
        auto before = queryJson(db, QStringLiteral("SELECT to_json(status) FROM %1 WHERE id = ? FOR UPDATE").arg(QLatin1String(table)), {id});
        if (!before)
            return before;
        if (before->is_null())
            return fail(404, "not_found", QStringLiteral("no %1 with id %2").arg(QLatin1String(what), id));
        const QString sql = tenant
            ? QStringLiteral("UPDATE tenants t SET status = ?, status_reason = ?, updated_at = now() WHERE id = ? RETURNING ") + kTenantJson
            : QStringLiteral("UPDATE environments e SET status = ?, updated_at = now() WHERE id = ? RETURNING ") + kEnvJson;
        auto after = tenant ? queryJson(db, sql, {status, reason, id}) : queryJson(db, sql, {status, id});
        if (!after)
            return after;
        auto hashes = keyHashes(db, tenant ? "tenant_id" : "environment_id", id);
        if (!hashes)
            return hashes;
        // What the operator should know before confirming (the dry run's preview): who will be refused, and how
        // much traffic that is.
        Json consequences = Json::array();
        if (status != QLatin1String("active") && *before == "active") {
            auto traffic = queryJson(db, QStringLiteral("SELECT to_json(count(*)) FROM request_logs WHERE %1 = ?::uuid"
                                                        " AND created_at > now() - interval '1 hour'")
                                             .arg(tenant ? QStringLiteral("tenant_id") : QStringLiteral("environment_id")), {id});
            if (!traffic)
                return traffic;
            const std::string code = tenant ? "tenant_suspended" : "environment_disabled";
            consequences.push_back({{"code", "requests_refused"}, {"severity", "warning"}, {"keys", hashes->size()},
                                    {"requests_last_hour", *traffic},
                                    {"message", std::to_string(hashes->size()) + " key(s) will be refused with 403 " + code
                                                    + "; they sent " + std::to_string(traffic->get<qint64>()) + " request(s) in the last hour"}});
        }
        Json answer{{what, *after}, {"before", {{"status", *before}}}, {"after", {{"status", status.toStdString()}}},
                    {"keys_affected", hashes->size()}, {"consequences", consequences}, {"_key_hashes", *hashes}};
        // Undo puts the previous status back: activate after a suspension, suspend/disable after an activation.
        const QString base = QStringLiteral("/admin/%1/%2/").arg(tenant ? QStringLiteral("tenants") : QStringLiteral("environments"), id);
        if (*before == "active" && status != QLatin1String("active"))
            answer["undo"] = undoCall("POST", base + QStringLiteral("activate"));
        else if (*before != "active" && status == QLatin1String("active"))
            answer["undo"] = undoCall("POST", base + (tenant ? QStringLiteral("suspend") : QStringLiteral("disable")),
                                      {{"reason", "undo of the activation"}});
        return answer;
    }, 200, [s](const Json &answer) { invalidateFrom(s, answer); });
}

// Which tenant a Stripe customer's payments and failures act on is money: only the admin role links a customer id
// (audited with the change); the database keeps each id on one tenant (idx_tenants_stripe_customer_unique).
bool mayLinkStripe(HttpExchange *ex, const AdminIdentity &who)
{
    if (who.role == QLatin1String("admin"))
        return true;
    ex->respondError(403, QStringLiteral("setting 'stripe_customer_id' needs the admin role; the %1 role may change the other fields").arg(who.role),
                     "missing_permission");
    return false;
}

void createTenant(const CustomerRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    auto body = jsonBody(ex);
    if (!body)
        return;
    RequestFields f(*body);
    f.allowOnly({"name", "email", "stripe_customer_id", "rate_limit_requests_per_min", "rate_limit_tokens_per_min", "concurrency_limit"});
    const QVariant name = f.name("name", 200, true);
    QVariant email = f.text("email", 320, false);
    const QVariant stripe = f.text("stripe_customer_id", 200, false);
    const QVariant rpm = f.limit("rate_limit_requests_per_min"), tpm = f.limit("rate_limit_tokens_per_min"), conc = f.limit("concurrency_limit");
    if (!email.isNull() && !email.toString().contains(QLatin1Char('@')))
        ex->respondError(400, QStringLiteral("'email' must be an e-mail address"), "invalid_value");
    else if (!stripe.isNull() && !mayLinkStripe(ex, who))
        return;
    else if (!f.ok())
        ex->respondError(400, f.errors(), "invalid_value");
    else
        runAdminAction(s, ex, AdminAction{QStringLiteral("tenant.create"), name.toString(), *body, who}, [=](QSqlDatabase &db) {
            return queryJson(db, QStringLiteral("INSERT INTO tenants AS t (name, email, stripe_customer_id, rate_limit_requests_per_min,"
                                                " rate_limit_tokens_per_min, concurrency_limit) VALUES (?, coalesce(?, ''), ?, ?, ?, ?) RETURNING ")
                                     + kTenantJson,
                             {name, email, stripe, rpm, tpm, conc});
        }, 201);
}

void patchLimits(const CustomerRouteDeps &s, HttpExchange *ex, const AdminIdentity &who, bool tenant)
{
    const QString id = ex->request().param("id");
    if (!checkId(ex, id, tenant ? "tenant" : "environment"))
        return;
    auto body = jsonBody(ex);
    if (!body)
        return;
    RequestFields f(*body);
    if (tenant)
        f.allowOnly({"name", "email", "stripe_customer_id", "rate_limit_requests_per_min", "rate_limit_tokens_per_min", "concurrency_limit",
                     "cors_allowed_origins"});
    else
        f.allowOnly({"name", "rate_limit_requests_per_min", "rate_limit_tokens_per_min", "concurrency_limit"});
    // Each column is updated only when its field is present; null clears a limit back to the default.
    QStringList sets;
    QList<QVariant> values;
    auto add = [&](const char *field, const QVariant &v) {
        if (f.has(field)) {
            sets << QString::fromLatin1(field) + QStringLiteral(" = ?");
            values << v;
        }
    };
    add("name", f.name("name", tenant ? 200 : 100, false));
    if (tenant) {
        add("email", f.text("email", 320, false));
        add("stripe_customer_id", f.text("stripe_customer_id", 200, false));
    }
    add("rate_limit_requests_per_min", f.limit("rate_limit_requests_per_min"));
    add("rate_limit_tokens_per_min", f.limit("rate_limit_tokens_per_min"));
    add("concurrency_limit", f.limit("concurrency_limit"));
    if (tenant && f.has("stripe_customer_id") && !mayLinkStripe(ex, who))
        return;
    if (tenant && body->contains("cors_allowed_origins")) {
        auto origins = corsOriginsJson((*body)["cors_allowed_origins"]);
        if (!origins) {
            ex->respondError(origins.failure());
            return;
        }
        sets << QStringLiteral("cors_allowed_origins = ARRAY(SELECT json_array_elements_text(?::json))");
        values << *origins;
    }
    if (!f.ok() || sets.isEmpty()) {
        ex->respondError(400, sets.isEmpty() && f.ok() ? QStringLiteral("nothing to change") : f.errors(), "invalid_value");
        return;
    }
    const QString table = tenant ? QStringLiteral("tenants t") : QStringLiteral("environments e");
    const QString sql = QStringLiteral("UPDATE %1 SET %2, updated_at = now() WHERE id = ? RETURNING ").arg(table, sets.join(QLatin1String(", ")))
                        + (tenant ? kTenantJson : kEnvJson);
    values << id;
    runAdminAction(s, ex, AdminAction{tenant ? QStringLiteral("tenant.update") : QStringLiteral("environment.update"), id, *body, who},
                   [=](QSqlDatabase &db) -> Result<Json> {
        auto before = queryJson(db, QStringLiteral("SELECT %1 FROM %2 WHERE id = ? FOR UPDATE").arg(tenant ? kTenantJson : kEnvJson, table), {id});
        if (!before)
            return before;
        QSqlQuery q(db);
        if (auto r = runSql(q, sql, values); !r)
            return r.failure();
        if (!q.next())
            return fail(404, "not_found", QStringLiteral("no such %1").arg(tenant ? QLatin1String("tenant") : QLatin1String("environment")));
        Json row = Json::parse(q.value(0).toString().toStdString());
        if (before->is_object())
            row["undo"] = undoCall("PATCH", QStringLiteral("/admin/%1/%2").arg(tenant ? QStringLiteral("tenants") : QStringLiteral("environments"), id),
                                   previousValues(*before, *body));
        auto hashes = keyHashes(db, tenant ? "tenant_id" : "environment_id", id);
        if (!hashes)
            return hashes;
        row["_key_hashes"] = *hashes;
        return row;
    }, 200, [s](const Json &answer) { invalidateFrom(s, answer); });
}

} // namespace

void registerTenantRoutes(Router &router, const CustomerRouteDeps &s)
{
    auto guarded = [s](const char *permission, std::function<void(HttpExchange *, const AdminIdentity &)> fn) {
        return adminRoute(s, permission, std::move(fn));
    };
    router.add("POST", "/admin/tenants", guarded("tenants", [s](HttpExchange *ex, const AdminIdentity &who) { createTenant(s, ex, who); }));
    router.add("GET", "/admin/tenants", guarded("tenants", [s](HttpExchange *ex, const AdminIdentity &) {
        const QString status = ex->request().queryValue(QStringLiteral("status"));
        const QString q = ex->request().queryValue(QStringLiteral("q"));
        const int limit = ex->request().queryLimit();
        s.db->run(ex, [=](QSqlDatabase &db) {
            return queryJson(db, QStringLiteral("SELECT json_build_object('data', coalesce(json_agg(x.j), '[]')) FROM (SELECT ") + kTenantJson
                                     + QStringLiteral(" AS j FROM tenants t WHERE (coalesce(?, '') = '' OR t.status = ?) AND (coalesce(?, '') = '' OR t.name ILIKE '%' || ? || '%')"
                                                      " ORDER BY t.created_at DESC LIMIT ?) x"),
                             {status, status, q, q, limit});
        }, [ex](Result<Json> r) { respondRead(ex, std::move(r), {}); });
    }));
    router.add("GET", "/admin/tenants/{id}", guarded("tenants", [s](HttpExchange *ex, const AdminIdentity &) {
        const QString id = ex->request().param("id");
        if (!checkId(ex, id, "tenant"))
            return;
        s.db->run(ex, [id](QSqlDatabase &db) {
            return queryJson(db, QStringLiteral("SELECT ") + kTenantJson.chopped(1)
                                     + QStringLiteral(", 'environments', (SELECT coalesce(json_agg(") + kEnvJson
                                     + QStringLiteral(" ORDER BY e.created_at), '[]') FROM environments e WHERE e.tenant_id = t.id),"
                                                      " 'api_key_count', (SELECT count(*) FROM api_keys k WHERE k.tenant_id = t.id)) FROM tenants t WHERE t.id = ?"),
                             {id});
        }, [ex, id](Result<Json> r) { respondRead(ex, std::move(r), QStringLiteral("no tenant with id %1").arg(id)); });
    }));
    router.add("PATCH", "/admin/tenants/{id}", guarded("limits", [s](HttpExchange *ex, const AdminIdentity &who) { patchLimits(s, ex, who, true); }));
    router.add("POST", "/admin/tenants/{id}/suspend", guarded("tenants", [s](HttpExchange *ex, const AdminIdentity &who) {
        setStatus(s, ex, who, "tenants", "tenant", QStringLiteral("suspended"));
    }));
    router.add("POST", "/admin/tenants/{id}/activate", guarded("tenants", [s](HttpExchange *ex, const AdminIdentity &who) {
        setStatus(s, ex, who, "tenants", "tenant", QStringLiteral("active"));
    }));
    router.add("POST", "/admin/tenants/{id}/environments", guarded("tenants", [s](HttpExchange *ex, const AdminIdentity &who) {
        const QString tenantId = ex->request().param("id");
        if (!checkId(ex, tenantId, "tenant"))
            return;
        auto body = jsonBody(ex);
        if (!body)
            return;
        RequestFields f(*body);
        f.allowOnly({"name", "rate_limit_requests_per_min", "rate_limit_tokens_per_min", "concurrency_limit"});
        const QVariant name = f.name("name", 100, true);
        const QVariant rpm = f.limit("rate_limit_requests_per_min"), tpm = f.limit("rate_limit_tokens_per_min"), conc = f.limit("concurrency_limit");
        if (!f.ok()) {
            ex->respondError(400, f.errors(), "invalid_value");
            return;
        }
        runAdminAction(s, ex, AdminAction{QStringLiteral("environment.create"), tenantId, *body, who}, [=](QSqlDatabase &db) -> Result<Json> {
            auto exists = queryJson(db, QStringLiteral("SELECT to_json(id) FROM tenants WHERE id = ?"), {tenantId});
            if (!exists)
                return exists;
            if (exists->is_null())
                return fail(404, "not_found", QStringLiteral("no tenant with id %1").arg(tenantId));
            return queryJson(db, QStringLiteral("INSERT INTO environments AS e (tenant_id, name, rate_limit_requests_per_min, rate_limit_tokens_per_min,"
                                                " concurrency_limit) VALUES (?, ?, ?, ?, ?) RETURNING ") + kEnvJson,
                             {tenantId, name, rpm, tpm, conc});
        }, 201);
    }));
    router.add("GET", "/admin/tenants/{id}/environments", guarded("tenants", [s](HttpExchange *ex, const AdminIdentity &) {
        const QString id = ex->request().param("id");
        if (!checkId(ex, id, "tenant"))
            return;
        s.db->run(ex, [id](QSqlDatabase &db) {
            return queryJson(db, QStringLiteral("SELECT json_build_object('data', coalesce(json_agg(") + kEnvJson
                                     + QStringLiteral(" ORDER BY e.created_at), '[]')) FROM environments e WHERE e.tenant_id = ?"), {id});
        }, [ex](Result<Json> r) { respondRead(ex, std::move(r), {}); });
    }));
    router.add("GET", "/admin/environments/{id}", guarded("tenants", [s](HttpExchange *ex, const AdminIdentity &) {
        const QString id = ex->request().param("id");
        if (!checkId(ex, id, "environment"))
            return;
        s.db->run(ex, [id](QSqlDatabase &db) {
            return queryJson(db, QStringLiteral("SELECT ") + kEnvJson + QStringLiteral(" FROM environments e WHERE e.id = ?"), {id});
        }, [ex, id](Result<Json> r) { respondRead(ex, std::move(r), QStringLiteral("no environment with id %1").arg(id)); });
    }));
    router.add("PATCH", "/admin/environments/{id}", guarded("limits", [s](HttpExchange *ex, const AdminIdentity &who) { patchLimits(s, ex, who, false); }));
    router.add("POST", "/admin/environments/{id}/disable", guarded("tenants", [s](HttpExchange *ex, const AdminIdentity &who) {
        setStatus(s, ex, who, "environments", "environment", QStringLiteral("disabled"));
    }));
    router.add("POST", "/admin/environments/{id}/activate", guarded("tenants", [s](HttpExchange *ex, const AdminIdentity &who) {
        setStatus(s, ex, who, "environments", "environment", QStringLiteral("active"));
    }));
}

} // namespace crosslogic
