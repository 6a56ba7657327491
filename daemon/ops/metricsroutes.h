// GET /metrics (Prometheus text format) and the hook that counts every HTTP request by method, route pattern
// and status.
#pragma once

#include "http/httpconnection.h"

#include <memory>

namespace crosslogic {

class Router;
class ServiceMetrics;
struct Services;

// Registers GET /metrics and the scrape-time gauges (db pool, Redis errors).
void registerMetricsRoutes(Router &router, Services &services);
// Wraps the server's handler: counts http_requests_total{method,route,status} and
// http_request_duration_seconds when each exchange finishes (status 499 when the client went away first).
// route is the matched pattern, never the path.
HttpHandler countRequests(std::shared_ptr<ServiceMetrics> metrics, HttpHandler inner);

} // namespace crosslogic
