// GET /admin/health-check: the runbook's quick health check (§9) in one answer, and with ?checklist=true (or
// GET /admin/outage-checklist) the §8.1 outage checklist as live checks, each ok/warn/fail.
#pragma once

namespace crosslogic {

class Router;
struct Services;

void registerHealthCheckRoutes(Router &router, Services &services);

} // namespace crosslogic
