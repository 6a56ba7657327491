// Admin routes for customer API keys: create (secret shown once), look up by prefix with validity, revoke/activate, limits, cache.
#pragma once

namespace crosslogic {

class Router;
struct Services;

void registerApiKeyRoutes(Router &router, Services &services);

} // namespace crosslogic
