// GET /admin/audit: the audit log, newest first, filtered by action, token name, target and time.
#pragma once

#include "base/adminaction.h"

namespace crosslogic {

class Router;

void registerAuditRoutes(Router &router, const AdminRoutes &admin);

} // namespace crosslogic
