// One extra I/O thread: its own event loop, its share of the client connections (an HttpServer lane fed by the
// main thread's listener), its own Redis connection, rate limiter and upstream client. Customer routes run here
// from start to finish; every other request is relayed to the main thread (MainThreadRelay).
#pragma once

#include "gateway/gatewaylane.h"
#include "http/httplimits.h"
#include "http/router.h"
#include "ratelimit/ratelimiter.h"

#include <QThread>
#include <atomic>
#include <memory>

namespace crosslogic {

class Counter;
class HttpServer;
class LocalWindow;
class MainThreadRelay;
class ServiceMetrics;

class IoThread
{
public:
    struct Setup
    {
        HttpLimits limits;
        RateLimitDefaults rateLimits;
        std::shared_ptr<LocalWindow> localWindow; // shared by every thread's rate limiter
        MainThreadRelay *relay = nullptr;
    };

    // shared outlives the thread; metrics counts its requests and Redis errors.
    IoThread(int index, const GatewayShared &shared, std::shared_ptr<ServiceMetrics> metrics, Setup setup);
    ~IoThread();
    IoThread(const IoThread &) = delete;
    IoThread &operator=(const IoThread &) = delete;

    // Starts the thread and builds its objects there; returns once they exist.
    void start();
    // Closes this thread's connections (requests in progress see their client gone and are billed), deletes its
    // objects in the thread and joins it. Idempotent.
    void stop();

    HttpServer *server() const { return m_server; }
    // Whether this thread's Redis connection has been up at least once (readiness); any thread may ask.
    bool redisSeen() const { return m_redisSeen.load(); }
    // Requests its rate limiter admitted without Redis (fail-open); any thread may ask while the thread runs.
    quint64 fallbackAdmissions() const { return m_lane.limiter ? m_lane.limiter->fallbackAdmissions() : 0; }

private:
    void build();
    void tearDown();

    const GatewayShared &m_shared;
    std::shared_ptr<ServiceMetrics> m_metrics;
    Setup m_setup;
    QThread m_thread;
    QObject *m_anchor = nullptr; // lives in the thread; context for work posted to it
    GatewayLane m_lane;
    Router m_router;              // the customer routes, bound to m_lane
    HttpServer *m_server = nullptr;
    Counter *m_requests = nullptr; // http_io_thread_requests_total{thread}
    std::atomic<bool> m_redisSeen{false};
    bool m_running = false;
};

} // namespace crosslogic
