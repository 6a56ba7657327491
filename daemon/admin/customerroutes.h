// Admin routes for what customers own: tenants and environments (create, list, show, suspend/activate,
// disable/activate, limits; admin/tenantroutes.cpp) and their API keys (create, look up by prefix with validity,
// revoke/activate, limits, cache; admin/apikeyroutes.cpp).
#pragma once

#include "base/adminaction.h"
#include "base/keycache.h"

namespace crosslogic {

class Router;

struct CustomerRouteDeps : AdminRoutes
{
    KeyCache *keys = nullptr; // a changed key, tenant or environment is dropped from every replica's caches
};

void registerTenantRoutes(Router &router, const CustomerRouteDeps &deps);
void registerApiKeyRoutes(Router &router, const CustomerRouteDeps &deps);

} // namespace crosslogic
