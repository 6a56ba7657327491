// Registers the fleet's HTTP routes: node agent (register, heartbeat), node admin, launch, and routing strategy.
#pragma once

#include "base/adminaction.h"
#include "metrics/metricfamily.h"

namespace crosslogic {

class LoadBalancer;
class NodeLauncher;
class Router;
class ConfigSlot;

// Node agent routes check node tokens against config (NODE_REGISTRATION_TOKEN) and db; admin routes go through
// the admin toolkit.
struct FleetRouteDeps : AdminRoutes
{
    const ConfigSlot &config;
    CounterFamily *registrationFailures = nullptr; // node_registration_failures_total{reason}, when counted
};

// Node agent routes (node token): POST /admin/nodes/register, /admin/nodes/{id}/heartbeat.
void registerNodeAgentRoutes(Router &router, const FleetRouteDeps &services);
// Admin routes (permission "nodes"/"routing"): list, show, drain, terminate, drain-stale, launch, GET/PUT /admin/routing.
void registerNodeAdminRoutes(Router &router, const FleetRouteDeps &services, LoadBalancer *balancer, NodeLauncher *launcher);

inline void registerFleetRoutes(Router &router, const FleetRouteDeps &services, LoadBalancer *balancer, NodeLauncher *launcher)
{
    registerNodeAgentRoutes(router, services); // literal /admin/nodes/register before /admin/nodes/{id}
    registerNodeAdminRoutes(router, services, balancer, launcher);
}

} // namespace crosslogic
