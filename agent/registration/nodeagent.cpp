// The agent's control-plane life cycle: register (reusing the marker file's id), heartbeat, drain on notice or SIGTERM.
#include "registration/nodeagent.h"

#include "core/log.h"
#include "registration/controlplaneclient.h"
#include "registration/enginemonitor.h"
#include "registration/spotwatcher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <algorithm>

namespace crosslogic::agent {

NodeAgent::NodeAgent(AgentOptions options, QString engineUrl, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_engineUrl(std::move(engineUrl))
{
    if (m_options.advertiseUrl.isEmpty())
        m_options.advertiseUrl = m_engineUrl;
    m_client = new ControlPlaneClient(m_options.controlPlaneUrl, m_options.token, this);
    if (!m_options.caCertPath.isEmpty())
        m_client->addCaCertificates(m_options.caCertPath);
    m_engine = new EngineMonitor(m_engineUrl, this);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &NodeAgent::registerNode);
    connect(&m_heartbeat, &QTimer::timeout, this, &NodeAgent::sendHeartbeat);
}

QString NodeAgent::markerPath() const
{
    return m_options.stateDir + QStringLiteral("/registered");
}

void NodeAgent::start()
{
    // The marker holds the node id, then the node's own token (older agents wrote the id only).
    QFile marker(markerPath());
    if (marker.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = marker.readAll().split('\n');
        m_nodeId = QString::fromUtf8(lines.value(0).trimmed());
        m_client->setNodeToken(lines.value(1).trimmed());
        spdlog::info("register: reusing node id {} from {}", qs(m_nodeId), qs(markerPath()));
    }
    if (!m_options.nodeId.isEmpty() && m_options.nodeId != m_nodeId) {
        m_nodeId = m_options.nodeId; // the launcher's id wins
        m_client->setNodeToken({});
    }
    if (!m_options.spotMetadataUrl.isEmpty()) {
        m_spot = new SpotWatcher(m_options.spotMetadataUrl, m_options.spotProvider, m_options.spotPollMs, this);
        connect(m_spot, &SpotWatcher::noticeReceived, this, [this](const QString &notice) {
            spdlog::warn("spot termination notice: {}; asking the control plane to drain node {}", qs(notice), qs(m_nodeId));
            requestDrain(QStringLiteral("spot_termination: ") + notice, [] {});
        });
        m_spot->start();
    }
    registerNode();
}

void NodeAgent::registerNode()
{
    if (m_shuttingDown)
        return;
    nlohmann::json body{{"cluster_name", m_options.clusterName.toStdString()},
                        {"provider", m_options.provider.toStdString()},
                        {"spot", m_options.spot},
                        {"model_name", m_options.model.toStdString()},
                        {"endpoint_url", m_options.advertiseUrl.toStdString()},
                        {"agent_version", QCoreApplication::applicationVersion().toStdString()}};
    if (!m_options.region.isEmpty())
        body["region"] = m_options.region.toStdString();
    if (!m_options.instanceType.isEmpty())
        body["instance_type"] = m_options.instanceType.toStdString();
    if (!m_nodeId.isEmpty())
        body["node_id"] = m_nodeId.toStdString();
    if (!m_nodeId.isEmpty() && !m_client->nodeToken().isEmpty())
        body["node_token"] = m_client->nodeToken().toStdString(); // proves the id is ours
    spdlog::info("register: registering with {} (model {}, endpoint {}{})", qs(m_client->baseUrl()), qs(m_options.model),
                 qs(m_options.advertiseUrl), m_nodeId.isEmpty() ? std::string() : ", node id " + m_nodeId.toStdString());
    m_client->post(QStringLiteral("/admin/nodes/register"), body, [this](const ControlPlaneReply &r) {
        if (r.status == 200 || r.status == 201) {
            m_failures = 0;
            m_nodeId = QString::fromStdString(r.body.value("id", std::string()));
            m_client->setNodeToken(QByteArray::fromStdString(r.body.value("node_token", std::string())));
            const int interval = m_options.heartbeatIntervalS;
            QDir().mkpath(m_options.stateDir);
            QSaveFile marker(markerPath());
            // Owner-only: the file holds the node's own token.
            const bool opened = marker.open(QIODevice::WriteOnly) && marker.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            if (!opened || marker.write(m_nodeId.toUtf8() + '\n' + m_client->nodeToken() + '\n') < 0 || !marker.commit())
                spdlog::warn("register: cannot write the marker file {}: {}", qs(markerPath()), qs(marker.errorString()));
            spdlog::info("register: registered as node {} (heartbeat every {} s)", qs(m_nodeId), interval);
            m_heartbeat.start(interval * 1000);
            emit registered(m_nodeId);
            sendHeartbeat();
            return;
        }
        if (r.status == 0)
            spdlog::error("register failed: network: cannot reach the control plane at {}: {}", qs(m_client->baseUrl()), qs(r.networkError));
        else if (r.status == 401)
            spdlog::error("register failed: auth: the control plane rejected the node token (401: {}); check NODE_REGISTRATION_TOKEN",
                          qs(r.message()));
        else if (r.status == 400)
            spdlog::error("register failed: payload: the control plane rejected the registration (400): {}", qs(r.message()));
        else if (r.status == 410 || (r.status == 403 && r.code() == "node_token_required")) {
            spdlog::error("register failed: node {} {} ({}); registering as a new node", qs(m_nodeId),
                          r.status == 410 ? "was terminated" : "has a token this agent does not hold", qs(r.message()));
            QFile::remove(markerPath());
            m_nodeId.clear();
            m_options.nodeId.clear();
            m_client->setNodeToken({});
        } else
            spdlog::error("register failed: the control plane answered {}: {}", r.status, qs(r.message()));
        retryRegistration();
    });
}

void NodeAgent::retryRegistration()
{
    ++m_failures;
    const int delayMs = std::min(30000, 500 << std::min(m_failures, 6));
    spdlog::info("register: retrying in {} ms (attempt {})", delayMs, m_failures + 1);
    m_retry.start(delayMs);
}

void NodeAgent::sendHeartbeat()
{
    if (m_heartbeatInFlight || m_nodeId.isEmpty() || m_retry.isActive())
        return;
    m_heartbeatInFlight = true;
    m_engine->poll([this](const EngineLoad &load) {
        nlohmann::json body{{"engine_healthy", load.healthy}, {"running", load.running}, {"waiting", load.waiting},
                            {"kv_cache_usage", std::clamp(load.kvCacheUsage, 0.0, 1.0)},
                            {"agent_version", QCoreApplication::applicationVersion().toStdString()}};
        if (!load.healthy)
            spdlog::warn("heartbeat: engine at {} is unhealthy: {}", qs(m_engineUrl), qs(load.error));
        m_client->post(QStringLiteral("/admin/nodes/%1/heartbeat").arg(m_nodeId), body, [this](const ControlPlaneReply &r) {
            m_heartbeatInFlight = false;
            if (r.status == 200) {
                spdlog::debug("heartbeat: ok, status {}", r.body.value("status", std::string("?")));
                return;
            }
            if (r.status == 404) {
                spdlog::warn("heartbeat: the control plane does not know node {} (404); registering again", qs(m_nodeId));
                m_heartbeat.stop();
                registerNode();
            } else if (r.status == 0)
                spdlog::warn("heartbeat failed: network: {}", qs(r.networkError));
            else
                spdlog::warn("heartbeat failed: {} {}", r.status, qs(r.message()));
        });
    });
}

void NodeAgent::requestDrain(const QString &reason, std::function<void()> then)
{
    if (m_nodeId.isEmpty()) {
        then();
        return;
    }
    m_client->post(QStringLiteral("/admin/nodes/%1/drain").arg(m_nodeId), {{"reason", reason.left(500).toStdString()}},
                   [this, then = std::move(then)](const ControlPlaneReply &r) {
        if (r.status == 200)
            spdlog::info("drain: node {} is draining", qs(m_nodeId));
        else
            spdlog::error("drain: the control plane did not drain node {}: {} {}", qs(m_nodeId), r.status, qs(r.message()));
        then();
    }, 5000);
}

void NodeAgent::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_retry.stop();
    m_heartbeat.stop();
    spdlog::info("SIGTERM: asking to be drained, then waiting up to {} s for in-flight requests", m_options.drainTimeoutS);
    m_drainClock.start();
    requestDrain(QStringLiteral("agent shutting down (SIGTERM)"), [this] {
        // The gateway stops sending new requests within its refresh interval; give it that long before counting.
        QTimer::singleShot(1200, this, &NodeAgent::waitForIdle);
    });
}

void NodeAgent::waitForIdle()
{
    m_engine->poll([this](const EngineLoad &load) {
        const bool idle = !load.healthy || load.running + load.waiting <= 0;
        if (idle || m_drainClock.elapsed() >= qint64(m_options.drainTimeoutS) * 1000) {
            if (!idle)
                spdlog::warn("drain: {} requests still running after {} s; exiting anyway", load.running + load.waiting,
                             m_options.drainTimeoutS);
            else
                spdlog::info("drain: no requests in flight; exiting");
            emit finished(0);
            return;
        }
        QTimer::singleShot(200, this, &NodeAgent::waitForIdle);
    });
}

} // namespace crosslogic::agent
