// crosslogicd serve: wires configuration, stores, routes and the HTTP server; drains on SIGTERM, reloads on SIGHUP.
#pragma once

#include "config/configslot.h"
#include "base/lifecycle.h"
#include "core/result.h"
#include "gateway/gatewaylane.h"
#include "http/router.h"

#include <QObject>
#include <QElapsedTimer>
#include <QTimer>
#include <memory>
#include <vector>

namespace crosslogic {

class AdminAuth;
class AlertEngine;
class AlertFeed;
class AuthFailureBudget;
class Authenticator;
class DbPool;
class HttpServer;
class IoThread;
class LoadBalancer;
class LocalWindow;
struct HttpLimits;
struct RateLimitDefaults;
class MainThreadRelay;
class NodeLauncher;
class RateLimiter;
class RedisClient;
class ServiceMetrics;
class SignalWatcher;
class UpstreamClient;
class UsageBatchWriter;
class WebhookProcessor;

class Daemon : public QObject
{
    Q_OBJECT
public:
    // envFile: reloaded on SIGHUP (empty: environment only).
    Daemon(std::shared_ptr<const Config> config, QString envFile, QObject *parent = nullptr);
    ~Daemon() override;

    Result<void> start();
    quint16 port() const;
    Router &router() { return m_router; }
    ServiceMetrics &metrics() { return *m_metrics; }

    // For `crosslogicd routes`: start() stops after registering routes (no listening, no signal handling).
    void setRoutesOnly(bool on) { m_routesOnly = on; }

    void beginDrain();
    void reloadConfig();

signals:
    void stopped(int exitCode);

private:
    // app/wiring.cpp: builds the subsystems, each handed what it uses, and registers their routes.
    Result<void> buildSubsystems();
    void registerRoutes();
    void startBillingWorkers();
    void buildAlerts();
    void checkDependencies();
    void finishUsage();
    // GATEWAY_IO_THREADS - 1 extra threads (the main thread is I/O thread 0), each a lane of m_server.
    void startIoThreads(const HttpLimits &limits, const RateLimitDefaults &rateLimits);
    void stopIoThreads();

    QString m_envFile;
    ConfigSlot m_config; // replaced as a whole on SIGHUP; readable from any thread
    // Every exported metric; shared with the usage writer's threads, which may outlive the daemon's teardown.
    std::shared_ptr<ServiceMetrics> m_metrics;
    Lifecycle m_lifecycle;
    DbPool *m_db = nullptr;
    RedisClient *m_redis = nullptr; // the main thread's connection
    AdminAuth *m_adminAuth = nullptr;
    Authenticator *m_authenticator = nullptr;
    std::unique_ptr<AuthFailureBudget> m_authBudget; // unknown credentials per client address (both gates)
    RateLimiter *m_limiter = nullptr;
    UpstreamClient *m_upstream = nullptr;
    LoadBalancer *m_balancer = nullptr;
    NodeLauncher *m_launcher = nullptr;
    WebhookProcessor *m_billingEvents = nullptr;
    Router m_router;
    std::unique_ptr<HttpServer> m_server;
    std::unique_ptr<GatewayShared> m_gateway; // what every I/O thread's customer routes share
    std::unique_ptr<GatewayLane> m_mainLane;  // the customer routes on the main thread (I/O thread 0)
    std::shared_ptr<LocalWindow> m_localWindow;
    MainThreadRelay *m_relay = nullptr;
    std::vector<std::unique_ptr<IoThread>> m_ioThreads;
    SignalWatcher *m_signals = nullptr;
    RedisClient *m_subscriber = nullptr;
    UsageBatchWriter *m_usageWriter = nullptr;
    DbPool *m_alertsDb = nullptr; // the alert engine's own connections (a saturated main pool cannot silence it)
    AlertEngine *m_alerts = nullptr;
    AlertFeed *m_alertFeed = nullptr;
    void checkSpendCounters();
    QTimer m_readinessProbe;
    QTimer m_graceTimer;
    bool m_dbSeen = false;
    bool m_redisSeen = false;
    bool m_spendSeen = false;  // spend:ready (the spend counters rebuilt), or no longer waited for
    bool m_spendAsked = false; // an EXISTS for it on its way
    QElapsedTimer m_startClock;
    bool m_routesOnly = false;
};

// Loads configuration from the environment and, when present, the env file (whose values win).
Result<std::shared_ptr<const Config>> loadConfig(const QString &envFile, bool envFileExplicit);

} // namespace crosslogic
