// Admin tokens: create (secret shown once, stored as SHA-256 + prefix), list, show, revoke (instant on every
// replica).
#include "admin/admintokenroutes.h"

#include "base/adminaction.h"
#include "admin/adminauth.h"
#include "base/requestfields.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "base/opsaction.h"
#include "security/apikey.h"
#include "store/redisclient.h"
#include "store/sqljson.h"

#include <QRandomGenerator>

namespace crosslogic {
namespace {

constexpr int kTokenPrefixLength = 12;
const QString kTokenJson =
    QStringLiteral("json_build_object('id', id, 'name', name, 'role', role, 'token_prefix', token_prefix, "
                   "'created_by', created_by,"
                   " 'created_at', created_at, 'last_used_at', last_used_at, 'revoked_at', revoked_at,"
                   " 'status', CASE WHEN revoked_at IS NULL THEN 'active' ELSE 'revoked' END)");

bool checkId(HttpExchange *ex, QString *id)
{
    *id = ex->request().param("id");
    if (isUuid(*id))
        return true;
    ex->respondError(404, QStringLiteral("no admin token with id '%1'").arg(id->left(64)), "not_found");
    return false;
}

void createToken(const AdminTokenRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    auto body = jsonBody(ex);
    if (!body)
        return;
    RequestFields f(*body);
    f.allowOnly({"name", "role"});
    const QVariant name = f.name("name", 100, true);
    const QVariant role = f.text("role", 20, true);
    if (f.ok() && role.toString() != QLatin1String("support") && role.toString() != QLatin1String("sre") &&
        role.toString() != QLatin1String("admin")) {
        ex->respondError(400, QStringLiteral("'role' must be support, sre or admin"),
                         "invalid_value");
        return;
    }
    if (!f.ok()) {
        ex->respondError(400, f.errors(), "invalid_value");
        return;
    }
    const QByteArray token = generateAdminToken();
    const QString hash = QString::fromLatin1(ApiKey::sha256Hex(token));
    const QString prefix = QString::fromLatin1(token.left(kTokenPrefixLength));
    const bool dryRun = isDryRun(ex);
    const QString creator = who.tokenName;
    runAdminAction(
        s, ex, AdminAction{QStringLiteral("admin_token.create"), name.toString(), *body, who},
        [=](QSqlDatabase &db) -> Result<Json> {
            auto row = queryJson(db,
                                 QStringLiteral("INSERT INTO admin_tokens (name, role, token_hash, "
                                                "token_prefix, created_by) VALUES (?, ?, ?, ?, ?) "
                                                "RETURNING ") +
                                     kTokenJson,
                                 {name, role, hash, prefix, creator});
            if (!row)
                return row;
            Json answer = *row;
            if (!dryRun)
                answer["token"] = token.toStdString(); // the only time the secret is ever shown
            return answer;
        },
        201,
        [s](const Json &answer) {
            // Unknown tokens are remembered as unknown for a while: every replica forgets, so the new one works
            // at once everywhere.
            s.adminAuth->forget();
            s.redis->command({"PUBLISH", kAdminTokenRevokedChannel, "created:" + QByteArray::fromStdString(answer.value("id", std::string()))},
                             s.adminAuth, [](const RedisReply &) {});
        });
}

void revokeToken(const AdminTokenRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    QString id;
    if (!checkId(ex, &id))
        return;
    runAdminAction(
        s, ex, AdminAction{QStringLiteral("admin_token.revoke"), id, Json::object(), who},
        [id](QSqlDatabase &db) -> Result<Json> {
            auto before = queryJson(db,
                                    QStringLiteral("SELECT ") + kTokenJson +
                                        QStringLiteral(" FROM admin_tokens WHERE id = ? FOR UPDATE"),
                                    {id});
            if (!before)
                return before;
            if (before->is_null())
                return fail(404, "not_found", QStringLiteral("no admin token with id %1").arg(id));
            auto after = queryJson(db,
                                   QStringLiteral("UPDATE admin_tokens SET revoked_at = coalesce(revoked_at, "
                                                  "now()) WHERE id = ? RETURNING ") +
                                       kTokenJson,
                                   {id});
            if (!after)
                return after;
            return Json{{"admin_token", *after},
                        {"before", {{"status", (*before)["status"]}}},
                        {"after", {{"status", (*after)["status"]}}}};
        },
        200,
        [s, id](const Json &) {
            // This replica at once; the others through Redis pub/sub (or, if Redis is down, when their 5 s
            // cache expires).
            s.adminAuth->forget();
            s.redis->command({"PUBLISH", kAdminTokenRevokedChannel, id.toLatin1()}, s.adminAuth,
                             [](const RedisReply &) {});
        });
}

} // namespace

QByteArray generateAdminToken()
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray token("clat_");
    QRandomGenerator *rng = QRandomGenerator::system();
    for (int i = 0; i < 40; ++i)
        token += alphabet[rng->bounded(62)];
    return token;
}

void registerAdminTokenRoutes(Router &router, const AdminTokenRouteDeps &s)
{
    router.add("POST", "/admin/tokens",
               adminRoute(s, "tokens",
                          [s](HttpExchange *ex, const AdminIdentity &who) { createToken(s, ex, who); }));
    router.add(
        "GET", "/admin/tokens", adminRoute(s, "tokens", [s](HttpExchange *ex, const AdminIdentity &) {
            const int limit = ex->request().queryLimit();
            const bool includeRevoked =
                ex->request().queryValue(QStringLiteral("include_revoked")) != QLatin1String("false");
            respondQuery(s.db, ex,
                        QStringLiteral("SELECT json_build_object('data', coalesce(json_agg(x.j ORDER BY "
                                       "x.created_at DESC), '[]')) FROM ("
                                       "SELECT ") +
                            kTokenJson +
                            QStringLiteral(
                                " AS j, created_at FROM admin_tokens"
                                " WHERE (? OR revoked_at IS NULL) ORDER BY created_at DESC LIMIT ?) x"),
                        {includeRevoked, limit});
        }));
    router.add("GET", "/admin/tokens/{id}",
               adminRoute(s, "tokens", [s](HttpExchange *ex, const AdminIdentity &) {
                   QString id;
                   if (!checkId(ex, &id))
                       return;
                   s.db->run(
                       ex,
                       [id](QSqlDatabase &db) {
                           return queryJson(db,
                                            QStringLiteral("SELECT ") + kTokenJson +
                                                QStringLiteral(" FROM admin_tokens WHERE id = ?"),
                                            {id});
                       },
                       [ex, id](Result<Json> r) {
                           if (r.ok() && r->is_null())
                               ex->respondError(404, QStringLiteral("no admin token with id %1").arg(id), "not_found");
                           else
                               respondResult(ex, r);
                       });
               }));
    router.add("DELETE", "/admin/tokens/{id}",
               adminRoute(s, "tokens",
                          [s](HttpExchange *ex, const AdminIdentity &who) { revokeToken(s, ex, who); }));
}

} // namespace crosslogic
