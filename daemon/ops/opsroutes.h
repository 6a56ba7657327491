// Wires the operations API (issue 7): admin tokens, audit log, database and Redis diagnostics and
// remediations, the health check and outage checklist, and GET /metrics.
#pragma once

class QObject;

namespace crosslogic {

class Router;
struct Services;

// parent owns the objects this creates (the token revocation listener).
void registerOpsRoutes(Router &router, Services &services, QObject *parent);

} // namespace crosslogic
