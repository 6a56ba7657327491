// The daemon's own metrics registry (daemon/metrics) against prometheus-cpp 1.0.1's core registry and
// TextSerializer: the request path's calls (a labelled counter, a histogram; looked up per request as
// proxyrequest.cpp does, or resolved once) and the rendering of /metrics with the daemon's metric set.
//   metricsregistrybench time <threads> <rounds> <n>   alternating rounds, median ns per operation
//   metricsregistrybench run <case> <n>                one case alone, for valgrind --tool=callgrind
//   metricsregistrybench render own|prom               one exposition on stdout (for promtool and diff)
#include "benchclock.h"
#include "metrics/servicemetrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

using namespace crosslogic;
using namespace crosslogic::bench;

namespace {

// What a busy replica has after a while: 4 models on 8 nodes, 24 routes, the usual statuses.
const std::vector<std::string> kModels = {"meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-70B-Instruct",
                                          "mistralai/Mistral-7B-Instruct-v0.3", "Qwen/Qwen2.5-32B-Instruct"};
std::string nodeName(int i) { return "node-" + std::to_string(1000 + i) + "-a1b2c3"; }
const std::vector<std::pair<std::string, std::string>> kRoutes = {
    {"POST", "/v1/chat/completions"}, {"POST", "/v1/completions"}, {"POST", "/v1/embeddings"}, {"GET", "/v1/models"},
    {"GET", "/health"}, {"GET", "/ready"}, {"GET", "/metrics"}, {"GET", "/admin/tenants"},
    {"POST", "/admin/tenants"}, {"GET", "/admin/tenants/{id}"}, {"PATCH", "/admin/tenants/{id}"},
    {"GET", "/admin/api-keys"}, {"POST", "/admin/api-keys"}, {"DELETE", "/admin/api-keys/{id}"},
    {"GET", "/admin/nodes"}, {"POST", "/admin/nodes/{id}/drain"}, {"POST", "/admin/nodes/register"},
    {"POST", "/admin/nodes/heartbeat"}, {"GET", "/admin/usage"}, {"GET", "/admin/audit"},
    {"POST", "/webhooks/stripe"}, {"GET", "/admin/ops/db/locks"}, {"GET", "/admin/ops/redis/keys"},
    {"POST", "/admin/ops/ratelimit/reset"}};
const std::vector<std::string> kStatuses = {"200", "400", "429"};
QByteArray qb(const std::string &s) { return QByteArray::fromStdString(s); }

void fillOwn(ServiceMetrics &m)
{
    for (const auto &[method, route] : kRoutes) {
        for (const auto &status : kStatuses)
            m.httpRequests.labels({qb(method), qb(route), qb(status)}).inc(17);
        m.httpRequestDuration.labels({qb(method), qb(route)}).observe(0.042);
    }
    for (const auto &model : kModels)
        for (int n = 0; n < 8; ++n) {
            m.loadbalancerRequests.labels({qb(model), qb(nodeName(n)), "least_loaded"}).inc(3);
            m.loadbalancerLatency.labels({qb(model), qb(nodeName(n))}).observe(1.7);
            m.loadbalancerRetries.labels({qb(model), qb(nodeName(n)), "connect_failed"}).inc();
        }
    for (const char *level : {"key", "env", "tenant"})
        for (const char *kind : {"requests", "tokens", "concurrency"})
            m.ratelimitRejections.labels({level, kind}).inc(2);
    for (const char *reason : {"missing", "malformed", "unknown", "revoked", "expired", "tenant_suspended"})
        m.authFailures.labels({reason}).inc();
    for (int n = 0; n < 8; ++n)
        m.nodeHealthScore.labels({qb(nodeName(n))}).set(87.5);
    for (int t = 0; t < 4; ++t)
        m.ioThreadRequests.labels({QByteArray::number(t)}).inc(1234);
    m.nodesActive.get().set(8);
    m.dbPoolSize.get().set(16);
    m.ioThreads.get().set(3);
}

// The same families in prometheus-cpp, named, helped and labelled as ServiceMetrics has them.
struct PromMetrics
{
    std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
    prometheus::Family<prometheus::Counter> &counter(const std::string &name, const std::string &help)
    {
        return prometheus::BuildCounter().Name(name).Help(help).Register(*registry);
    }
    prometheus::Family<prometheus::Gauge> &gauge(const std::string &name, const std::string &help)
    {
        return prometheus::BuildGauge().Name(name).Help(help).Register(*registry);
    }
    prometheus::Family<prometheus::Histogram> &histogram(const std::string &name, const std::string &help)
    {
        return prometheus::BuildHistogram().Name(name).Help(help).Register(*registry);
    }
    const prometheus::Histogram::BucketBoundaries buckets{MetricRegistry::latencyBuckets()};

    prometheus::Family<prometheus::Counter> &httpRequests =
        counter("http_requests_total", "HTTP requests answered, by method, route pattern and status.");
    prometheus::Family<prometheus::Histogram> &httpRequestDuration = histogram(
        "http_request_duration_seconds",
        "Time from routing a request to the end of its response, by method and route pattern.");
    prometheus::Family<prometheus::Counter> &loadbalancerRequests = counter(
        "loadbalancer_requests_total", "Inference requests routed to a node, by model, node and routing strategy.");
    prometheus::Family<prometheus::Histogram> &loadbalancerLatency = histogram(
        "loadbalancer_latency_seconds", "Latency of inference requests routed to a node, by model and node.");
    prometheus::Family<prometheus::Counter> &loadbalancerRetries =
        counter("loadbalancer_retries_total", "Inference requests retried on another node because a node failed "
                                              "before answering, by model, failed node and reason.");
    prometheus::Family<prometheus::Counter> &ratelimitRejections =
        counter("ratelimit_rejections_total", "Requests rejected with 429, by limit level (key, env, tenant) and "
                                              "kind (requests, tokens, concurrency).");
    prometheus::Family<prometheus::Counter> &authFailures =
        counter("auth_failures_total", "Customer API authentication failures, by reason.");
    prometheus::Family<prometheus::Gauge> &nodesActive = gauge("nodes_active", "Nodes in status active.");
    prometheus::Family<prometheus::Gauge> &nodesStale =
        gauge("nodes_stale", "Active nodes whose last heartbeat is older than 2 minutes.");
    prometheus::Family<prometheus::Gauge> &nodeHealthScore =
        gauge("node_health_score", "Health score (0-100) of each node.");
    prometheus::Family<prometheus::Gauge> &inflightRequests =
        gauge("inflight_requests", "HTTP requests being answered right now on this replica.");
    prometheus::Family<prometheus::Gauge> &usageSpoolDepth =
        gauge("usage_spool_depth", "Usage records waiting in the local spool to be written.");
    prometheus::Family<prometheus::Gauge> &usageWriteLagSeconds =
        gauge("usage_write_lag_seconds", "Age of the oldest usage record not yet written to PostgreSQL.");
    prometheus::Family<prometheus::Counter> &billingRetries =
        counter("billing_retries_total", "Retried Stripe billing calls.");
    prometheus::Family<prometheus::Gauge> &dbPoolInUse =
        gauge("db_pool_in_use", "PostgreSQL pool connections running a job right now.");
    prometheus::Family<prometheus::Gauge> &dbPoolSize =
        gauge("db_pool_size", "PostgreSQL pool connections (DB_MAX_CONNECTIONS).");
    prometheus::Family<prometheus::Gauge> &dbPoolQueued =
        gauge("db_pool_queued", "Database jobs waiting for a free pool connection.");
    prometheus::Family<prometheus::Counter> &redisErrors =
        counter("redis_errors_total", "Redis command and connection errors on the main connection.");
    prometheus::Family<prometheus::Counter> &ioThreadRequests =
        counter("http_io_thread_requests_total", "HTTP requests received on connections owned by each I/O thread "
                                                 "(0: the main thread), whichever thread answered them.");
    prometheus::Family<prometheus::Gauge> &ioThreads =
        gauge("http_io_threads", "I/O threads serving client connections (GATEWAY_IO_THREADS).");

    PromMetrics()
    {
        for (auto *g : {&nodesActive, &nodesStale, &inflightRequests, &usageSpoolDepth, &usageWriteLagSeconds,
                        &dbPoolInUse, &dbPoolSize, &dbPoolQueued, &ioThreads})
            g->Add({});
        billingRetries.Add({});
        redisErrors.Add({});
    }
    std::string render() const { return prometheus::TextSerializer().Serialize(registry->Collect()); }
};

void fillProm(PromMetrics &m)
{
    for (const auto &[method, route] : kRoutes) {
        for (const auto &status : kStatuses)
            m.httpRequests.Add({{"method", method}, {"route", route}, {"status", status}}).Increment(17);
        m.httpRequestDuration.Add({{"method", method}, {"route", route}}, m.buckets).Observe(0.042);
    }
    for (const auto &model : kModels)
        for (int n = 0; n < 8; ++n) {
            m.loadbalancerRequests.Add({{"model", model}, {"node", nodeName(n)}, {"strategy", "least_loaded"}})
                .Increment(3);
            m.loadbalancerLatency.Add({{"model", model}, {"node", nodeName(n)}}, m.buckets).Observe(1.7);
            m.loadbalancerRetries.Add({{"model", model}, {"node", nodeName(n)}, {"reason", "connect_failed"}})
                .Increment();
        }
    for (const char *level : {"key", "env", "tenant"})
        for (const char *kind : {"requests", "tokens", "concurrency"})
            m.ratelimitRejections.Add({{"level", level}, {"kind", kind}}).Increment(2);
    for (const char *reason : {"missing", "malformed", "unknown", "revoked", "expired", "tenant_suspended"})
        m.authFailures.Add({{"reason", reason}}).Increment();
    for (int n = 0; n < 8; ++n)
        m.nodeHealthScore.Add({{"node", nodeName(n)}}).Set(87.5);
    for (int t = 0; t < 4; ++t)
        m.ioThreadRequests.Add({{"thread", std::to_string(t)}}).Increment(1234);
    m.nodesActive.Add({}).Set(8);
    m.dbPoolSize.Add({}).Set(16);
    m.ioThreads.Add({}).Set(3);
}

volatile std::size_t g_sink;

} // namespace

int main(int argc, char **argv)
{
    ServiceMetrics own;
    fillOwn(own);
    PromMetrics prom;
    fillProm(prom);
    if (argc == 3 && std::string(argv[1]) == "render") {
        std::cout << (std::string(argv[2]) == "own" ? own.render().toStdString() : prom.render());
        return 0;
    }

    // The request path's label values, as proxyrequest.cpp has them per request.
    const QByteArray model = qb(kModels[1]), node = qb(nodeName(3)), strategy = "least_loaded";
    const std::string modelS = kModels[1], nodeS = nodeName(3), strategyS = "least_loaded";
    Counter &ownCounter = own.loadbalancerRequests.labels({model, node, strategy});
    Histogram &ownHistogram = own.loadbalancerLatency.labels({model, node});
    prometheus::Counter &promCounter =
        prom.loadbalancerRequests.Add({{"model", modelS}, {"node", nodeS}, {"strategy", strategyS}});
    prometheus::Histogram &promHistogram = prom.loadbalancerLatency.Add({{"model", modelS}, {"node", nodeS}}, prom.buckets);

    const std::vector<BenchCase> hotPath = {
        {"own/counter_inc", [&](long n) { for (long i = 0; i < n; ++i) ownCounter.inc(); }},
        {"prom/counter_inc", [&](long n) { for (long i = 0; i < n; ++i) promCounter.Increment(); }},
        {"own/counter_labels_inc",
         [&](long n) { for (long i = 0; i < n; ++i) own.loadbalancerRequests.labels({model, node, strategy}).inc(); }},
        {"prom/counter_add_inc",
         [&](long n) {
             for (long i = 0; i < n; ++i)
                 prom.loadbalancerRequests.Add({{"model", modelS}, {"node", nodeS}, {"strategy", strategyS}}).Increment();
         }},
        {"own/histogram_observe", [&](long n) { for (long i = 0; i < n; ++i) ownHistogram.observe(0.3 + double(i & 7)); }},
        {"prom/histogram_observe",
         [&](long n) { for (long i = 0; i < n; ++i) promHistogram.Observe(0.3 + double(i & 7)); }},
        {"own/histogram_labels_observe",
         [&](long n) { for (long i = 0; i < n; ++i) own.loadbalancerLatency.labels({model, node}).observe(1.5); }},
        {"prom/histogram_add_observe",
         [&](long n) {
             for (long i = 0; i < n; ++i)
                 prom.loadbalancerLatency.Add({{"model", modelS}, {"node", nodeS}}, prom.buckets).Observe(1.5);
         }},
    };
    const std::vector<BenchCase> render = {
        {"own/render", [&](long n) { for (long i = 0; i < n; ++i) g_sink = std::size_t(own.render().size()); }},
        {"prom/render", [&](long n) { for (long i = 0; i < n; ++i) g_sink = prom.render().size(); }},
    };

    const std::string mode = argc > 1 ? argv[1] : "time";
    if (mode == "run" && argc == 4) {
        std::vector<BenchCase> all = hotPath;
        all.insert(all.end(), render.begin(), render.end());
        return runNamed(all, argv[2], std::atol(argv[3]));
    }
    const int threads = argc > 2 ? std::atoi(argv[2]) : 1;
    const int rounds = argc > 3 ? std::atoi(argv[3]) : 9;
    const long n = argc > 4 ? std::atol(argv[4]) : 200000;
    runAlternating(hotPath, n, threads, rounds);
    if (threads == 1)
        runAlternating(render, std::max(1L, n / 20000), 1, rounds);
    return 0;
}
