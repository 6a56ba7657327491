// GET /metrics (Prometheus text format) and the hook that counts every HTTP request by method, route pattern
// and status.
#include "ops/metricsroutes.h"

#include "core/decimal.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "metrics/servicemetrics.h"
#include "store/dbpool.h"
#include "store/redisclient.h"

#include <QHash>
#include <chrono>

namespace crosslogic {
namespace {

struct RequestSeries
{
    Counter *counter = nullptr;
    Histogram *duration = nullptr;
};

// Each label set is resolved in the registry once per thread; after that a request costs a hash lookup and
// atomics.
void record(ServiceMetrics &m, const QByteArray &method, const QByteArray &route, int status, double seconds)
{
    thread_local QHash<QByteArray, RequestSeries> cache;
    thread_local const ServiceMetrics *cacheOwner = nullptr;
    if (cacheOwner != &m) {
        cache.clear();
        cacheOwner = &m;
    }
    const QByteArray statusText = decimal(status);
    const QByteArray key = method + ' ' + route + ' ' + statusText;
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.insert(key, RequestSeries{&m.httpRequests.labels({method, route, statusText}),
                                             &m.httpRequestDuration.labels({method, route})});
    it->counter->inc();
    it->duration->observe(seconds);
}

} // namespace

HttpHandler countRequests(std::shared_ptr<ServiceMetrics> metrics, HttpHandler inner)
{
    return [metrics, inner = std::move(inner)](HttpExchange *ex) {
        const auto started = std::chrono::steady_clock::now();
        auto counted = std::make_shared<bool>(false);
        auto finish = [metrics, ex, started, counted](int status) {
            if (*counted)
                return;
            *counted = true;
            const QByteArray &route = ex->request().route;
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            record(*metrics, ex->request().method, route.isEmpty() ? QByteArray("(unrouted)") : route, status,
                   seconds);
        };
        QObject::connect(ex, &HttpExchange::finished, ex, [ex, finish] { finish(ex->status()); });
        QObject::connect(ex, &HttpExchange::clientGone, ex,
                         [finish] { finish(499); }); // nginx's "client closed request"
        inner(ex);
    };
}

void registerMetricsRoutes(Router &router, const MetricsRouteDeps &s)
{
    // A raw pointer: the registry lives inside ServiceMetrics, so a shared_ptr captured here would keep it alive
    // forever (a reference cycle LeakSanitizer reports).
    ServiceMetrics *metrics = s.metrics.get();
    // The pool alone is captured, not `s`, which holds that shared_ptr too.
    DbPool *db = s.db;
    metrics->registry().onScrape([db, metrics] {
        if (db) {
            metrics->dbPoolInUse.get().set(db->busy());
            metrics->dbPoolSize.get().set(db->size());
            metrics->dbPoolQueued.get().set(db->queued());
        }
    });
    // Public, as API.md says: no secrets or tenant data are labels here.
    router.add("GET", "/metrics", [metrics](HttpExchange *ex) {
        ex->respond(200, "text/plain; version=0.0.4; charset=utf-8", metrics->render());
    });
}

} // namespace crosslogic
