// Redis diagnostics and emergency actions (runbook §5): INFO summary, FLUSHDB and clearing all rate-limit
// keys.
#pragma once

#include <QByteArray>
#include <QHash>

namespace crosslogic {

class Router;
struct Services;

void registerRedisOpsRoutes(Router &router, Services &services);
// "field:value" lines of an INFO reply.
QHash<QByteArray, QByteArray> parseRedisInfo(const QByteArray &info);

} // namespace crosslogic
