// The agent's control-plane life cycle: register (reusing the marker file's id), heartbeat, drain on notice or SIGTERM.
#pragma once

#include "registration/agentoptions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>

namespace crosslogic::agent {

class ControlPlaneClient;
class EngineMonitor;
class SpotWatcher;

class NodeAgent : public QObject
{
    Q_OBJECT
public:
    // engineUrl: where the engine answers (for /metrics); the advertised URL comes from the options.
    NodeAgent(AgentOptions options, QString engineUrl, QObject *parent = nullptr);
    void start();
    // SIGTERM: ask to be drained, wait (bounded) for in-flight requests to end, then finished(0).
    void shutdown();
    QString nodeId() const { return m_nodeId; }

signals:
    void registered(const QString &nodeId);
    void finished(int exitCode);

private:
    QString markerPath() const;
    void registerNode();
    void retryRegistration();
    void sendHeartbeat();
    void requestDrain(const QString &reason, std::function<void()> then);
    void waitForIdle();

    AgentOptions m_options;
    QString m_engineUrl;
    ControlPlaneClient *m_client = nullptr;
    EngineMonitor *m_engine = nullptr;
    SpotWatcher *m_spot = nullptr;
    QTimer m_heartbeat;
    QTimer m_retry;
    QElapsedTimer m_drainClock;
    QString m_nodeId;
    int m_failures = 0;
    bool m_heartbeatInFlight = false;
    bool m_shuttingDown = false;
};

} // namespace crosslogic::agent
