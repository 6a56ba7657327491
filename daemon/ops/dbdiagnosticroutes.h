// Read-only database diagnostics (runbook §4): connections by state, long-running queries, hot-table indexes.
#pragma once

#include "base/adminaction.h"

namespace crosslogic {

class Router;

void registerDbDiagnosticRoutes(Router &router, const AdminRoutes &admin);

} // namespace crosslogic
