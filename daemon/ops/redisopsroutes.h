// Redis diagnostics and emergency actions (runbook §5): INFO summary, FLUSHDB and clearing all rate-limit
// keys.
#pragma once

#include "base/adminaction.h"

#include <QByteArray>
#include <QHash>

namespace crosslogic {

class Router;
class RedisClient;
class ServiceMetrics;

struct RedisOpsRouteDeps : AdminRoutes
{
    RedisClient *redis;
    ServiceMetrics *metrics;
};

void registerRedisOpsRoutes(Router &router, const RedisOpsRouteDeps &deps);
// "field:value" lines of an INFO reply.
QHash<QByteArray, QByteArray> parseRedisInfo(const QByteArray &info);

} // namespace crosslogic
