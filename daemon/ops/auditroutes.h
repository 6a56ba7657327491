// GET /admin/audit: the audit log, newest first, filtered by action, token name, target and time.
#pragma once

namespace crosslogic {

class Router;
struct Services;

void registerAuditRoutes(Router &router, Services &services);

} // namespace crosslogic
