// GET /health (database, Redis, active nodes; 503 naming what fails) and GET /ready.
#pragma once

namespace crosslogic {

class Router;
class DbPool;
class RedisClient;
struct Lifecycle;

struct HealthRouteDeps
{
    DbPool *db;
    RedisClient *redis;
    const Lifecycle *lifecycle;
};

void registerHealthRoutes(Router &router, const HealthRouteDeps &deps);

} // namespace crosslogic
