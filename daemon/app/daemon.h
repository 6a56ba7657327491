// crosslogicd serve: wires configuration, stores, routes and the HTTP server; drains on SIGTERM, reloads on SIGHUP.
#pragma once

#include "app/services.h"
#include "core/result.h"
#include "http/router.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace crosslogic {

class HttpServer;
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

    QString m_envFile;
    Services m_services;
    Router m_router;
    std::unique_ptr<HttpServer> m_server;
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
