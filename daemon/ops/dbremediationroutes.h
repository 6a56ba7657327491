// Audited database remediations (runbook §4): terminate/cancel a backend, VACUUM ANALYZE a table, create a
// missing index.
#pragma once

namespace crosslogic {

class Router;
struct Services;

void registerDbRemediationRoutes(Router &router, Services &services);

} // namespace crosslogic
