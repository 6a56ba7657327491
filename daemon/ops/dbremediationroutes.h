// Audited database remediations (runbook §4): terminate/cancel a backend, VACUUM ANALYZE a table, create a
// missing index.
#pragma once

#include "base/adminaction.h"

namespace crosslogic {

class Router;

void registerDbRemediationRoutes(Router &router, const AdminRoutes &admin);

} // namespace crosslogic
