// Admin authentication and roles: X-Admin-Token (bootstrap token or a named, hashed token) → identity, or 401/403.
#include "admin/adminauth.h"

#include "base/authfailurebudget.h"
#include "config/configslot.h"
#include "http/httpexchange.h"
#include "metrics/metricvalue.h"
#include "security/apikey.h"
#include "store/dbpool.h"
#include "store/sqljson.h"

#include <QDateTime>
#include <QPointer>

namespace crosslogic {
namespace {
constexpr qint64 kTokenCacheMs = 5000;
constexpr qint64 kUnknownTokenMs = 30000;   // an unknown token stays unknown this long (forget() on creation)
constexpr qsizetype kUnknownTokensMax = 10000;
} // namespace

AdminAuth::AdminAuth(const ConfigSlot &config, DbPool *db, QObject *parent) : QObject(parent), m_config(config), m_db(db) {}

bool AdminAuth::roleHas(const QString &role, const char *permission)
{
    static const QList<QByteArray> support = {"tenants", "keys", "limits", "usage", "alerts"};
    static const QList<QByteArray> sre = {"tenants", "keys",     "limits",  "usage",   "nodes",     "routing",     "database",
                                          "redis",   "billing",  "emergency", "audit", "alerts",    "alert_config"};
    if (role == QLatin1String("admin"))
        return true;
    if (role == QLatin1String("sre"))
        return sre.contains(QByteArray(permission));
    if (role == QLatin1String("support"))
        return support.contains(QByteArray(permission));
    return false;
}

void AdminAuth::require(HttpExchange *ex, const char *permission, std::function<void(const AdminIdentity &)> granted)
{
    const QByteArray token = ex->request().header("x-admin-token").trimmed(); // runbook §1.2: stray whitespace
    if (token.isEmpty()) {
        if (m_failures)
            m_failures->inc();
        ex->respondError(401, QStringLiteral("missing X-Admin-Token header"), "missing_admin_token");
        return;
    }
    auto decide = [ex, permission, granted](const AdminIdentity &who) {
        if (!roleHas(who.role, permission)) {
            ex->respondError(403, QStringLiteral("role '%1' lacks the '%2' permission").arg(who.role, QString::fromLatin1(permission)), "missing_permission");
            return;
        }
        granted(who);
    };
    const QByteArray bootstrap = m_config->adminApiToken.toUtf8();
    if (ApiKey::equalConstantTime(token, bootstrap)) {
        decide(AdminIdentity{QStringLiteral("bootstrap"), QStringLiteral("admin")});
        return;
    }
    const QByteArray hash = ApiKey::sha256Hex(token);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (auto it = m_cache.constFind(hash); it != m_cache.constEnd() && it->expiresAtMs > now) {
        decide(it->identity);
        return;
    }
    auto refuseUnknown = [this](HttpExchange *e) {
        if (m_failures)
            m_failures->inc();
        e->respondError(401, QStringLiteral("invalid admin token"), "invalid_admin_token");
    };
    if (auto it = m_unknown.constFind(hash); it != m_unknown.constEnd() && *it > now) {
        refuseUnknown(ex);
        return;
    }
    const QHostAddress peer = ex->request().peer;
    if (m_budget) {
        if (const int wait = m_budget->admit(peer, now); wait > 0) {
            if (m_failures)
                m_failures->inc();
            ex->respondError(429, QStringLiteral("too many failed authentications from this address: retry in %1 s").arg(wait),
                             "too_many_auth_failures");
            return;
        }
    }
    QPointer<HttpExchange> guard(ex);
    m_db->run(ex, [hash](QSqlDatabase &db) -> Result<Json> {
        return queryJson(db, QStringLiteral("UPDATE admin_tokens SET last_used_at = now() WHERE token_hash = ? AND revoked_at IS NULL "
                                            "RETURNING json_build_object('name', name, 'role', role)"),
                         {QString::fromLatin1(hash)});
    }, [this, guard, hash, decide, refuseUnknown, peer](Result<Json> r) {
        if (!guard)
            return;
        if (!r.ok()) {
            guard->respondError(503, QStringLiteral("cannot verify the admin token: database unavailable"),
                                "database_unavailable");
            return;
        }
        if (r->is_null()) {
            const qint64 at = QDateTime::currentMSecsSinceEpoch();
            if (m_unknown.size() >= kUnknownTokensMax)
                m_unknown.clear();
            m_unknown.insert(hash, at + kUnknownTokenMs);
            if (m_budget)
                m_budget->recordFailure(peer, at);
            refuseUnknown(guard);
            return;
        }
        AdminIdentity who{QString::fromStdString((*r)["name"].get<std::string>()), QString::fromStdString((*r)["role"].get<std::string>())};
        m_cache.insert(hash, Cached{who, QDateTime::currentMSecsSinceEpoch() + kTokenCacheMs});
        decide(who);
    });
}

} // namespace crosslogic
