// GET/DELETE /admin/ratelimits/{level}/{id}: live counters against configured limits, and the runbook's clears.
#pragma once

#include "base/adminaction.h"

namespace crosslogic {

class Router;
class ConfigSlot;
class RedisClient;

struct RateLimitRouteDeps : AdminRoutes
{
    const ConfigSlot &config; // the configured default limits
    RedisClient *redis;       // the counters
};

void registerRateLimitRoutes(Router &router, const RateLimitRouteDeps &deps);

} // namespace crosslogic
