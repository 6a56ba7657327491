// The role of the console's admin token, found by probing (403 means the role lacks a permission).
#include "adminclient/adminrole.h"

#include "adminclient/adminclient.h"

#include <QByteArrayList>
#include <QUrlQuery>

namespace crosslogic {

QByteArray permissionForPath(const QString &path)
{
    // Longest prefixes first: the emergency Redis actions before the rest of /admin/redis.
    static const QList<QPair<QString, QByteArray>> prefixes{
        {QStringLiteral("/admin/redis/flushdb"), "emergency"},  {QStringLiteral("/admin/redis/ratelimits/clear"), "emergency"},
        {QStringLiteral("/admin/redis/"), "redis"},             {QStringLiteral("/admin/api-keys"), "keys"},
        {QStringLiteral("/admin/tenants"), "tenants"},          {QStringLiteral("/admin/environments"), "tenants"},
        {QStringLiteral("/admin/ratelimits/"), "limits"},       {QStringLiteral("/admin/nodes"), "nodes"},
        {QStringLiteral("/admin/routing"), "routing"},          {QStringLiteral("/admin/db/"), "database"},
        {QStringLiteral("/admin/billing/"), "billing"},         {QStringLiteral("/admin/usage"), "usage"},
        {QStringLiteral("/admin/alerts/rules"), "alert_config"}, {QStringLiteral("/admin/alerts/targets"), "alert_config"},
        {QStringLiteral("/admin/alerts"), "alerts"},            {QStringLiteral("/admin/audit"), "audit"},
        {QStringLiteral("/admin/tokens"), "tokens"},
    };
    for (const auto &[prefix, permission] : prefixes)
        if (path.startsWith(prefix))
            return permission;
    return {};
}

bool adminRoleHas(AdminRole role, const char *permission)
{
    static const QByteArrayList support = {"tenants", "keys", "limits", "usage", "alerts"};
    static const QByteArrayList sre = {"tenants", "keys",     "limits", "usage",     "nodes", "routing",     "database",
                                       "redis",   "billing", "emergency", "audit", "alerts", "alert_config"};
    switch (role) {
    case AdminRole::Admin:
        return true;
    case AdminRole::Sre:
        return sre.contains(QByteArray(permission));
    case AdminRole::Support:
        return support.contains(QByteArray(permission));
    case AdminRole::Unknown:
        break;
    }
    return false;
}

QString adminRoleName(AdminRole role)
{
    switch (role) {
    case AdminRole::Admin:
        return QStringLiteral("admin");
    case AdminRole::Sre:
        return QStringLiteral("sre");
    case AdminRole::Support:
        return QStringLiteral("support");
    case AdminRole::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

void probeAdminRole(AdminClient *client, QObject *context, std::function<void(AdminRole, int)> done)
{
    QUrlQuery one;
    one.addQueryItem(QStringLiteral("limit"), QStringLiteral("1"));
    client->get(QStringLiteral("/admin/tokens"), context, [client, context, done](const AdminResponse &r) {
        if (r.ok()) {
            done(AdminRole::Admin, r.status);
            return;
        }
        if (!r.forbidden()) {
            done(AdminRole::Unknown, r.status);
            return;
        }
        client->get(QStringLiteral("/admin/nodes"), context, [done](const AdminResponse &s) {
            if (s.ok())
                done(AdminRole::Sre, s.status);
            else if (s.forbidden())
                done(AdminRole::Support, s.status);
            else
                done(AdminRole::Unknown, s.status);
        }, QUrlQuery(QStringLiteral("limit=1")));
    }, one);
}

} // namespace crosslogic
