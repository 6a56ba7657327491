// Registers the fleet's HTTP routes: node agent (register, heartbeat), node admin, launch, and routing strategy.
#pragma once

namespace crosslogic {

class LoadBalancer;
class NodeLauncher;
class Router;
struct Services;

// Node agent routes (node token): POST /admin/nodes/register, /admin/nodes/{id}/heartbeat.
void registerNodeAgentRoutes(Router &router, Services &services);
// Admin routes (permission "nodes"/"routing"): list, show, drain, terminate, drain-stale, launch, GET/PUT /admin/routing.
void registerNodeAdminRoutes(Router &router, Services &services, LoadBalancer *balancer, NodeLauncher *launcher);

inline void registerFleetRoutes(Router &router, Services &services, LoadBalancer *balancer, NodeLauncher *launcher)
{
    registerNodeAgentRoutes(router, services); // literal /admin/nodes/register before /admin/nodes/{id}
    registerNodeAdminRoutes(router, services, balancer, launcher);
}

} // namespace crosslogic
