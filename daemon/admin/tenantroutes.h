// Admin routes for tenants and environments: create, list, show, suspend/activate, disable/activate, limits.
#pragma once

#include "base/adminaction.h"
#include "base/keycache.h"

namespace crosslogic {

class Router;

struct TenantRouteDeps : AdminRoutes
{
    KeyCache *keys = nullptr; // dropped from every replica's caches after a change
};

void registerTenantRoutes(Router &router, const TenantRouteDeps &deps);

} // namespace crosslogic
