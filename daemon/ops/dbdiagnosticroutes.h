// Read-only database diagnostics (runbook §4): connections by state, long-running queries, hot-table indexes.
#pragma once

namespace crosslogic {

class Router;
struct Services;

void registerDbDiagnosticRoutes(Router &router, Services &services);

} // namespace crosslogic
