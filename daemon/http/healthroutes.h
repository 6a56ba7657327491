// GET /health (database, Redis, active nodes; 503 naming what fails) and GET /ready.
#pragma once

namespace crosslogic {

class Router;
struct Services;

void registerHealthRoutes(Router &router, Services &services);

} // namespace crosslogic
