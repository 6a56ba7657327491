// One extra I/O thread: event loop, connection share, Redis connection, rate limiter and upstream client.
#include "app/iothread.h"

#include "core/epolldispatcher.h"

#include "app/mainthreadrelay.h"
#include "config/configslot.h"
#include "metrics/servicemetrics.h"
#include "core/threadpost.h"
#include "gateway/corspolicy.h"
#include "gateway/gatewayroutes.h"
#include "http/contentcoding.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "ops/metricsroutes.h"
#include "store/redisclusterclient.h"
#include "upstream/upstreamclient.h"

namespace crosslogic {

IoThread::IoThread(int index, const GatewayShared &shared, std::shared_ptr<ServiceMetrics> metrics, Setup setup)
    : m_shared(shared), m_metrics(std::move(metrics)), m_setup(std::move(setup)), m_lane{shared}
{
    m_lane.index = index;
    m_thread.setObjectName(QStringLiteral("io-%1").arg(index));
    m_requests = &m_metrics->ioThreadRequests.labels({QByteArray::number(index)});
}

IoThread::~IoThread()
{
    stop();
}

void IoThread::start()
{
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    if (QAbstractEventDispatcher *dispatcher = newEventDispatcherForThread()) // epoll (core/epolldispatcher.h)
        m_thread.setEventDispatcher(dispatcher);
    m_thread.start();
    runBlockingOn(m_anchor, [this] { build(); });
    m_running = true;
}

void IoThread::build()
{
    const Config &cfg = *m_shared.config;
    auto *redis = createRedisClient(cfg.redis, QStringLiteral("io-%1").arg(m_lane.index), m_anchor);
    redis->countErrorsIn(&m_metrics->redisErrors.get()); // redis_errors_total covers every thread
    QObject::connect(redis, &RedisClient::connected, m_anchor, [this] { m_redisSeen.store(true); });
    redis->start();
    m_lane.redis = redis;
    m_lane.upstream = new UpstreamClient(m_anchor);
    m_lane.limiter = new RateLimiter(redis, m_setup.rateLimits, m_setup.localWindow, m_anchor);
    registerGatewayRoutes(m_router, m_lane);

    // A gzip body is decoded before routing (415/400/413 when it cannot be), counted like any answer; a request
    // relayed to the main thread is decoded there.
    auto counted = countRequests(m_metrics, [this](HttpExchange *ex) {
        if (decodeBodyOrAnswer(ex, m_setup.limits.maxBodyBytes))
            m_router.dispatch(ex);
    });
    m_server = new HttpServer(m_setup.limits, [this, counted](HttpExchange *ex) {
        m_requests->inc();
        if (m_shared.cors)
            m_shared.cors->onArrival(ex); // before anything can answer: errors carry the CORS headers too
        if (m_router.routes(ex->request()))
            counted(ex);
        else
            m_setup.relay->relay(ex, m_anchor);
    }, m_anchor);
}

void IoThread::stop()
{
    if (!m_running)
        return;
    m_running = false;
    runBlockingOn(m_anchor, [this] { tearDown(); });
    m_thread.quit();
    m_thread.wait();
    delete m_anchor; // its thread has finished: nothing can be delivered to it any more
    m_anchor = nullptr;
}

void IoThread::tearDown()
{
    // Requests still open are cut here (each records what it delivered), before what they use goes.
    m_server->closeAll();
    delete m_server;
    m_server = nullptr;
    delete m_lane.limiter;
    delete m_lane.upstream;
    delete m_lane.redis;
    m_lane.limiter = nullptr;
    m_lane.upstream = nullptr;
    m_lane.redis = nullptr;
}

} // namespace crosslogic
