// Every metric the daemon exports, registered once with HELP text; subsystems keep references to the children
// they feed.
#pragma once

#include "metrics/metricregistry.h"

namespace crosslogic {

// Usage from the request path (resolve label sets once, keep the reference; inc/observe are lock-free
// atomics):
//   Counter &served = metrics.loadbalancerRequests.labels({model, nodeId, strategy});   // once per
//   node/model served.inc(); metrics.loadbalancerLatency.labels({model, nodeId}).observe(seconds);
class ServiceMetrics
{
    // First member: the references below are initialised from it.
    MetricRegistry m_registry;

public:
    ServiceMetrics();

    MetricRegistry &registry() { return m_registry; }
    QByteArray render() const { return m_registry.render(); }

    // http_requests_total{method,route,status} — route is the pattern (/admin/tenants/{id}), never the raw
    // path.
    CounterFamily &httpRequests;
    // http_request_duration_seconds{method,route} — from dispatch to the end of the response (streams
    // included).
    HistogramFamily &httpRequestDuration;
    // loadbalancer_requests_total{model,node,strategy} — one per request routed to a node.
    CounterFamily &loadbalancerRequests;
    // loadbalancer_latency_seconds{model,node} — upstream latency of routed requests.
    HistogramFamily &loadbalancerLatency;
    // loadbalancer_retries_total{model,node,reason} — requests sent to another node after node failed before answering
    // (reason connect_failed, connect_timeout, http_5xx, ...).
    CounterFamily &loadbalancerRetries;
    // ratelimit_rejections_total{level,kind} — level key|env|tenant, kind requests|tokens|concurrency.
    CounterFamily &ratelimitRejections;
    // ratelimit_redis_calls_total{script} — Redis calls of the rate limiters, all threads: admit, release, batch
    // (several admissions and releases in one call, RATE_LIMIT_BATCH), reap.
    CounterFamily &ratelimitRedisCalls;
    // auth_failures_total{reason} — missing, malformed, unknown, revoked, expired, tenant_suspended, ...
    CounterFamily &authFailures;
    GaugeFamily &nodesActive;
    GaugeFamily &nodesStale;
    // node_health_score{node} — 0..100 as in nodes.health_score; remove() the child when a node terminates.
    GaugeFamily &nodeHealthScore;
    // inflight_requests — computed at scrape time from the HTTP server's busy connections.
    GaugeFamily &inflightRequests;
    GaugeFamily &usageSpoolDepth;
    GaugeFamily &usageWriteLagSeconds;
    CounterFamily &billingRetries;
    // db_pool_in_use — computed at scrape time from DbPool::busy().
    GaugeFamily &dbPoolInUse;
    GaugeFamily &dbPoolSize;
    GaugeFamily &dbPoolQueued;
    // redis_errors_total — every RedisClient of the daemon (main and I/O threads) counts into it.
    CounterFamily &redisErrors;
    // http_io_thread_requests_total{thread} — requests received per I/O thread (thread 0 is the main thread).
    CounterFamily &ioThreadRequests;
    GaugeFamily &ioThreads;
    // Signals the alert engine (alerts/) and the packaged Prometheus rules share.
    // redis_connected — 1 while this replica's main Redis connection is up.
    GaugeFamily &redisConnected;
    // ratelimit_fail_open — 1 while this replica admits requests without Redis (RATE_LIMIT_FAIL_OPEN).
    GaugeFamily &ratelimitFailOpen;
    // loadbalancer_circuit_open{node} — 1 while this replica's circuit breaker keeps node out of routing.
    GaugeFamily &circuitOpen;
    // node_heartbeat_age_seconds{node,model} — seconds since each non-terminated node's last heartbeat.
    GaugeFamily &nodeHeartbeatAge;
    // nodes_routable{model} — active nodes with a fresh heartbeat, per model.
    GaugeFamily &nodesRoutable;
    // billing_events_failed — Stripe webhook events stored with an error and not processed.
    GaugeFamily &billingEventsFailed;
    // db_slow_queries_total — database jobs that took longer than DB_SLOW_QUERY_MS on this replica.
    CounterFamily &dbSlowQueries;
    CounterFamily &dbJobs;
    CounterFamily &authBudgetRefusals;
    // engine_usage_implausible_total{node} — answers whose engine usage was not believed (billed from the gateway's count).
    CounterFamily &engineUsageImplausible;
    // admin_auth_failures_total — admin API requests refused for a missing, unknown or revoked token.
    CounterFamily &adminAuthFailures;
    // node_registration_failures_total{reason} — node registrations refused.
    CounterFamily &nodeRegistrationFailures;
    // tls_certificate_expiry_timestamp_seconds — notAfter of the served certificate (absent without TLS).
    GaugeFamily &tlsCertificateExpiry;
    // spend_reconcile_drift_micros{level} — micro-units the last spend reconciliation found Redis counters below what
    // usage_records bills (key, environment, tenant, credit), summed per level; raised to it (billing/spendreconciler.h).
    GaugeFamily &spendReconcileDrift;
    // crosslogic_alerts_firing{rule,severity} — alerts firing now (set on every replica from the alerts table).
    GaugeFamily &alertsFiring;
};

} // namespace crosslogic
