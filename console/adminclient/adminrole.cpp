// The role of the console's admin token, found by probing (403 means the role lacks a permission).
#include "adminclient/adminrole.h"

#include "adminclient/adminclient.h"

#include <QByteArrayList>
#include <QUrlQuery>

namespace crosslogic {

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
