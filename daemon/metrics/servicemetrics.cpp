// Every metric the daemon exports, registered once with HELP text; subsystems keep references to the children
// they feed.
#include "metrics/servicemetrics.h"

namespace crosslogic {

ServiceMetrics::ServiceMetrics()
    : httpRequests(m_registry.counter("http_requests_total",
                                      "HTTP requests answered, by method, route pattern and status.",
                                      {"method", "route", "status"})),
      httpRequestDuration(m_registry.histogram(
          "http_request_duration_seconds",
          "Time from routing a request to the end of its response, by method and route pattern.",
          {"method", "route"})),
      loadbalancerRequests(
          m_registry.counter("loadbalancer_requests_total",
                             "Inference requests routed to a node, by model, node and routing strategy.",
                             {"model", "node", "strategy"})),
      loadbalancerLatency(m_registry.histogram(
          "loadbalancer_latency_seconds",
          "Latency of inference requests routed to a node, by model and node.", {"model", "node"})),
      loadbalancerRetries(m_registry.counter(
          "loadbalancer_retries_total",
          "Inference requests retried on another node because a node failed before answering, by model, failed node "
          "and reason.",
          {"model", "node", "reason"})),
      ratelimitRejections(m_registry.counter("ratelimit_rejections_total",
                                             "Requests rejected with 429, by limit level (key, env, tenant) "
                                             "and kind (requests, tokens, concurrency).",
                                             {"level", "kind"})),
      ratelimitRedisCalls(m_registry.counter("ratelimit_redis_calls_total",
                                             "Redis script calls made by the rate limiter, by script (admit, release, "
                                             "batch: several admissions and releases in one call, reap).",
                                             {"script"})),
      authFailures(m_registry.counter("auth_failures_total",
                                      "Customer API authentication failures, by reason.", {"reason"})),
      nodesActive(m_registry.gauge("nodes_active", "Nodes in status active.")),
      nodesStale(
          m_registry.gauge("nodes_stale", "Active nodes whose last heartbeat is older than 2 minutes.")),
      nodeHealthScore(m_registry.gauge("node_health_score", "Health score (0-100) of each node.", {"node"})),
      inflightRequests(
          m_registry.gauge("inflight_requests", "HTTP requests being answered right now on this replica.")),
      usageSpoolDepth(
          m_registry.gauge("usage_spool_depth", "Usage records waiting in the local spool to be written.")),
      usageWriteLagSeconds(m_registry.gauge("usage_write_lag_seconds",
                                            "Age of the oldest usage record not yet written to PostgreSQL.")),
      billingRetries(m_registry.counter("billing_retries_total", "Retried Stripe billing calls.")),
      dbPoolInUse(m_registry.gauge("db_pool_in_use", "PostgreSQL pool connections running a job right now.")),
      dbPoolSize(m_registry.gauge("db_pool_size", "PostgreSQL pool connections (DB_MAX_CONNECTIONS).")),
      dbPoolQueued(m_registry.gauge("db_pool_queued", "Database jobs waiting for a free pool connection.")),
      redisErrors(m_registry.counter("redis_errors_total",
                                     "Redis command and connection errors on the main connection.")),
      ioThreadRequests(m_registry.counter("http_io_thread_requests_total",
                                          "HTTP requests received on connections owned by each I/O thread (0: the main "
                                          "thread), whichever thread answered them.",
                                          {"thread"})),
      ioThreads(m_registry.gauge("http_io_threads", "I/O threads serving client connections (GATEWAY_IO_THREADS).")),
      redisConnected(m_registry.gauge("redis_connected", "1 while this replica's main Redis connection is up.")),
      ratelimitFailOpen(m_registry.gauge("ratelimit_fail_open",
                                         "1 while this replica admits requests without Redis (RATE_LIMIT_FAIL_OPEN).")),
      circuitOpen(m_registry.gauge("loadbalancer_circuit_open",
                                   "1 while this replica's circuit breaker keeps the node out of routing.", {"node"})),
      nodeHeartbeatAge(m_registry.gauge("node_heartbeat_age_seconds",
                                        "Seconds since the last heartbeat of each node that is not terminated.",
                                        {"node", "model"})),
      nodesRoutable(m_registry.gauge("nodes_routable", "Active nodes with a fresh heartbeat, by model.", {"model"})),
      billingEventsFailed(m_registry.gauge("billing_events_failed",
                                           "Stripe webhook events stored with an error and not processed.")),
      dbSlowQueries(m_registry.counter("db_slow_queries_total",
                                       "Database jobs slower than DB_SLOW_QUERY_MS on this replica.")),
      dbJobs(m_registry.counter("db_jobs_total", "Database jobs (each one transaction or statement) run by this replica's main pool.")),
      authBudgetRefusals(m_registry.counter("auth_budget_refusals_total",
                                            "Requests answered 429 too_many_auth_failures: their address presented too many "
                                            "unknown credentials (AUTH_FAILURE_BUDGET_PER_MINUTE).")),
      engineUsageImplausible(m_registry.counter("engine_usage_implausible_total",
                                                "Answers whose engine reported negative or impossible usage; billed from the "
                                                "gateway's own count and flagged in usage_records.", {"node"})),
      adminAuthFailures(m_registry.counter("admin_auth_failures_total",
                                           "Admin API requests refused for a missing, unknown or revoked token.")),
      nodeRegistrationFailures(m_registry.counter("node_registration_failures_total",
                                                  "Node registrations refused, by reason.", {"reason"})),
      tlsCertificateExpiry(m_registry.gauge("tls_certificate_expiry_timestamp_seconds",
                                            "Expiry (notAfter, Unix time) of the certificate this replica serves.")),
      spendReconcileDrift(m_registry.gauge("spend_reconcile_drift_micros",
                                           "Micro-units by which the last spend reconciliation found Redis spend counters "
                                           "below what usage_records bills, summed per budget level (raised to it).",
                                           {"level"})),
      alertsFiring(m_registry.gauge("crosslogic_alerts_firing", "Alerts firing now, by rule and severity.",
                                    {"rule", "severity"}))
{
    // Families without labels show a sample (0) from the first scrape, so dashboards and alerts see them at
    // once.
    for (GaugeFamily *g : {&nodesActive, &nodesStale, &inflightRequests, &usageSpoolDepth, &usageWriteLagSeconds,
                           &dbPoolInUse, &dbPoolSize, &dbPoolQueued, &redisConnected, &ratelimitFailOpen,
                           &billingEventsFailed})
        g->get();
    billingRetries.get();
    dbSlowQueries.get();
    dbJobs.get();
    authBudgetRefusals.get();
    adminAuthFailures.get();
    redisErrors.get();
    ioThreads.get();
    for (const char *level : {"key", "environment", "tenant", "credit"})
        spendReconcileDrift.labels({QByteArray(level)});
}

} // namespace crosslogic
