// GET /admin/health-check: the runbook's quick health check (§9) in one answer, and with ?checklist=true (or
// GET /admin/outage-checklist) the §8.1 outage checklist as live checks, each ok/warn/fail.
#pragma once

#include "base/adminaction.h"

namespace crosslogic {

class Router;
class ConfigSlot;
class RedisClient;
struct Lifecycle;

struct HealthCheckRouteDeps : AdminRoutes
{
    const ConfigSlot &config;
    RedisClient *redis;
    const Lifecycle *lifecycle;
};

void registerHealthCheckRoutes(Router &router, const HealthCheckRouteDeps &deps);

} // namespace crosslogic
