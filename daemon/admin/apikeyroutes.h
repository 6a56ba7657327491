// Admin routes for customer API keys: create (secret shown once), look up by prefix with validity, revoke/activate, limits, cache.
#pragma once

#include "base/adminaction.h"
#include "base/keycache.h"

namespace crosslogic {

class Router;

struct ApiKeyRouteDeps : AdminRoutes
{
    KeyCache *keys = nullptr; // dropped from every replica's caches after a change
};

void registerApiKeyRoutes(Router &router, const ApiKeyRouteDeps &deps);

} // namespace crosslogic
