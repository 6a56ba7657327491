// Admin routes for tenants and environments: create, list, show, suspend/activate, disable/activate, limits.
#pragma once

namespace crosslogic {

class Router;
struct Services;

void registerTenantRoutes(Router &router, Services &services);

} // namespace crosslogic
