// Wires the operations API (issue 7): admin tokens, audit log, database and Redis diagnostics and
// remediations, the health check and outage checklist, and GET /metrics.
#include "ops/opsroutes.h"

#include "app/services.h"
#include "ops/admintokenroutes.h"
#include "ops/auditroutes.h"
#include "ops/dbdiagnosticroutes.h"
#include "ops/dbremediationroutes.h"
#include "ops/healthcheckroutes.h"
#include "ops/metricsroutes.h"
#include "ops/redisopsroutes.h"
#include "ops/tokenrevocationlistener.h"

namespace crosslogic {

void registerOpsRoutes(Router &router, Services &services, QObject *parent)
{
    registerMetricsRoutes(router, services);
    registerAdminTokenRoutes(router, services);
    registerAuditRoutes(router, services);
    registerDbDiagnosticRoutes(router, services);
    registerDbRemediationRoutes(router, services);
    registerRedisOpsRoutes(router, services);
    registerHealthCheckRoutes(router, services);
    new TokenRevocationListener(services, parent);
}

} // namespace crosslogic
