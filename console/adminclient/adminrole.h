// The role of the console's admin token, found by probing (403 means the role lacks a permission).
#pragma once

#include <QObject>
#include <QString>
#include <functional>

namespace crosslogic {

class AdminClient;

enum class AdminRole { Unknown, Support, Sre, Admin };

// True when role holds permission (the daemon's names: tenants, keys, limits, usage, nodes, routing, database,
// redis, billing, emergency, audit, tokens). Unknown holds nothing.
bool adminRoleHas(AdminRole role, const char *permission);
QString adminRoleName(AdminRole role);
// The permission the daemon requires for an admin path (as its route table assigns them: /admin/nodes/… nodes,
// /admin/db/… database, /admin/redis/flushdb emergency, …); empty when unknown (the daemon then decides).
QByteArray permissionForPath(const QString &path);

// GET /admin/tokens (admin only), then GET /admin/health-check (sre); the first 200 decides. Unknown when the
// daemon did not answer or rejected the token (401).
void probeAdminRole(AdminClient *client, QObject *context, std::function<void(AdminRole, int status)> done);

} // namespace crosslogic
