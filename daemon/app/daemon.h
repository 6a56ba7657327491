// crosslogicd serve: wires configuration, stores, routes and the HTTP server; drains on SIGTERM, reloads on SIGHUP.
#pragma once

#include "app/services.h"
#include "core/result.h"
#include "gateway/gatewaylane.h"
#include "http/router.h"

#include <QObject>
#include <QTimer>
#include <memory>
#include <vector>

namespace crosslogic {

class HttpServer;
class IoThread;
class LocalWindow;
struct HttpLimits;
struct RateLimitDefaults;
class MainThreadRelay;
class RedisClient;
class SignalWatcher;
class UsageBatchWriter;

class Daemon : public QObject
{
    Q_OBJECT
public:
    // envFile: reloaded on SIGHUP (empty: environment only).
    Daemon(std::shared_ptr<const Config> config, QString envFile, QObject *parent = nullptr);
    ~Daemon() override;

    Result<void> start();
    quint16 port() const;
    Services &services() { return m_services; }
    Router &router() { return m_router; }

    // For `crosslogicd routes`: start() stops after registering routes (no listening, no signal handling).
    void setRoutesOnly(bool on) { m_routesOnly = on; }

    void beginDrain();
    void reloadConfig();

signals:
    void stopped(int exitCode);

private:
    void checkDependencies();
    void finishUsage();
    // GATEWAY_IO_THREADS - 1 extra threads (the main thread is I/O thread 0), each a lane of m_server.
    void startIoThreads(const HttpLimits &limits, const RateLimitDefaults &rateLimits);
    void stopIoThreads();

    QString m_envFile;
    Services m_services;
    Router m_router;
    std::unique_ptr<HttpServer> m_server;
    GatewayLane m_mainLane{m_services}; // the customer routes on the main thread (I/O thread 0)
    std::shared_ptr<LocalWindow> m_localWindow;
    MainThreadRelay *m_relay = nullptr;
    std::vector<std::unique_ptr<IoThread>> m_ioThreads;
    SignalWatcher *m_signals = nullptr;
    RedisClient *m_subscriber = nullptr;
    UsageBatchWriter *m_usageWriter = nullptr;
    QTimer m_readinessProbe;
    QTimer m_graceTimer;
    bool m_dbSeen = false;
    bool m_redisSeen = false;
    bool m_routesOnly = false;
};

// Loads configuration from the environment and, when present, the env file (whose values win).
Result<std::shared_ptr<const Config>> loadConfig(const QString &envFile, bool envFileExplicit);

} // namespace crosslogic
