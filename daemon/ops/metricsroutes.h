// GET /metrics (Prometheus text format) and the hook that counts every HTTP request by method, route pattern
// and status.
#pragma once

#include "http/httpconnection.h"

#include <memory>

namespace crosslogic {

class Router;
class ServiceMetrics;
class DbPool;

struct MetricsRouteDeps
{
    DbPool *db; // its pool gauges are read at scrape time
    std::shared_ptr<ServiceMetrics> metrics;
};

// Registers GET /metrics and the scrape-time gauges (db pool, Redis errors).
void registerMetricsRoutes(Router &router, const MetricsRouteDeps &deps);
// Wraps the server's handler: counts http_requests_total{method,route,status} and
// http_request_duration_seconds when each exchange finishes (status 499 when the client went away first).
// route is the matched pattern, never the path.
HttpHandler countRequests(std::shared_ptr<ServiceMetrics> metrics, HttpHandler inner);

} // namespace crosslogic
