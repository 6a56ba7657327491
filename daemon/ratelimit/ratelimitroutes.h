// GET/DELETE /admin/ratelimits/{level}/{id}: live counters against configured limits, and the runbook's clears.
#pragma once

namespace crosslogic {

class Router;
struct Services;

void registerRateLimitRoutes(Router &router, Services &services);

} // namespace crosslogic
