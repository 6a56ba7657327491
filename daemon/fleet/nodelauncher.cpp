// Starts and stops engine nodes in the background: `local` agent processes, or cloud instances through SkyPilot.
#include "fleet/nodelauncher.h"

#include "config/configslot.h"
#include "core/log.h"
#include "fleet/skypilottask.h"
#include "store/sqljson.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>
#include <csignal>

namespace crosslogic {
namespace {

QString str(const Json &spec, const char *name, const QString &fallback = QString())
{
    auto it = spec.find(name);
    return it != spec.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : fallback;
}

QString lastLines(const QByteArray &output, int n)
{
    QStringList lines = QString::fromUtf8(output).trimmed().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.mid(std::max<qsizetype>(0, lines.size() - n)).join(QLatin1String(" | ")).left(1000);
}

} // namespace

NodeLauncher::NodeLauncher(const ConfigSlot &config, DbPool *db, QObject *parent) : QObject(parent), m_config(config), m_db(db) {}

NodeLauncher::~NodeLauncher()
{
    for (auto &p : m_local) {
        if (p && p->state() != QProcess::NotRunning) {
            p->disconnect(this);
            p->terminate();
            p->waitForFinished(3000);
        }
    }
}

bool NodeLauncher::isCloudProvider(const QString &provider)
{
    static const QStringList clouds = {QStringLiteral("aws"), QStringLiteral("gcp"), QStringLiteral("azure"), QStringLiteral("lambda"),
                                       QStringLiteral("kubernetes")};
    return clouds.contains(provider);
}

bool NodeLauncher::isKnownProvider(const QString &provider)
{
    return provider == QLatin1String("local") || isCloudProvider(provider);
}

QString NodeLauncher::controlPlaneUrl() const
{
    const auto cfg = m_config.get();
    if (!cfg->controlPlaneUrl.isEmpty())
        return cfg->controlPlaneUrl;
    const QString host = cfg->serverHost == QLatin1String("0.0.0.0") ? QStringLiteral("127.0.0.1") : cfg->serverHost;
    return QStringLiteral("http://%1:%2").arg(host).arg(cfg->serverPort);
}

QString NodeLauncher::agentPath() const
{
    if (!m_config->nodeAgentPath.isEmpty())
        return m_config->nodeAgentPath;
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/crosslogic-node-agent");
    if (QFileInfo(beside).isExecutable())
        return beside;
    // Build trees keep the agent in a sibling folder.
    const QString sibling = QCoreApplication::applicationDirPath() + QStringLiteral("/../agent/crosslogic-node-agent");
    if (QFileInfo(sibling).isExecutable())
        return QFileInfo(sibling).canonicalFilePath();
    return QStandardPaths::findExecutable(QStringLiteral("crosslogic-node-agent"));
}

void NodeLauncher::record(const QString &nodeId, const QString &status, const QString &message, const QString &onlyFrom,
                          const Json &specPatch)
{
    if (!status.isEmpty())
        spdlog::info("node {}: status -> {} (reason: {})", qs(nodeId), qs(status), qs(message));
    else
        spdlog::info("node {}: {}", qs(nodeId), qs(message));
    const QString patch = QString::fromStdString(specPatch.is_object() ? specPatch.dump() : std::string("{}"));
    const QVariant st = status.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(status);
    const QVariant from = onlyFrom.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(onlyFrom);
    m_db->run(this, [=](QSqlDatabase &db) -> Result<Json> {
        QSqlQuery q(db);
        // SET expressions all read the old row, so the status test applies to both status and message.
        auto r = runSql(q, QStringLiteral("UPDATE nodes SET"
                                          " status = CASE WHEN ?::text IS NULL OR status = ?::text THEN coalesce(?, status) ELSE status END,"
                                          " status_message = CASE WHEN ?::text IS NULL OR status = ?::text THEN ? ELSE status_message END,"
                                          " launch_spec = coalesce(launch_spec, '{}'::jsonb) || ?::jsonb, updated_at = now()"
                                          " WHERE id = ?"),
                        {from, from, st, from, from, message.left(2000), patch, nodeId});
        if (!r)
            return r.failure();
        return Json(q.numRowsAffected());
    }, [nodeId](Result<Json> r) {
        if (!r.ok())
            spdlog::error("node {}: cannot record launch progress: {}", qs(nodeId), qs(r.error()));
    });
}

void NodeLauncher::launch(const QString &nodeId, const Json &spec)
{
    const QString provider = str(spec, "provider");
    spdlog::info("node {}: launching (provider {}, model {})", qs(nodeId), qs(provider), qs(str(spec, "model_name")));
    if (provider == QLatin1String("local"))
        launchLocal(nodeId, spec);
    else
        launchCloud(nodeId, spec);
    QTimer::singleShot(std::chrono::seconds(m_config->nodeLaunchTimeoutSeconds), this,
                       [this, nodeId, spec] { onLaunchTimeout(nodeId, spec); });
}

void NodeLauncher::onLaunchTimeout(const QString &nodeId, const Json &spec)
{
    const int seconds = m_config->nodeLaunchTimeoutSeconds;
    const bool skyRunning = m_skyLaunch.value(nodeId) && m_skyLaunch.value(nodeId)->state() != QProcess::NotRunning;
    const QString message = QStringLiteral("launch timed out after %1 s (NODE_LAUNCH_TIMEOUT_SECONDS): %2").arg(seconds)
                                .arg(skyRunning ? QStringLiteral("sky launch was still running and was stopped")
                                                : QStringLiteral("the node agent never registered"));
    m_db->run(this, [nodeId, message](QSqlDatabase &db) {
        // Whether the launch timed out: now, or by the reconciler's sweep (same message prefix) a moment ago. A launch
        // that registered in time, failed for another reason or was terminated is left alone.
        return queryJson(db, QStringLiteral(
            "WITH u AS (UPDATE nodes SET status = 'failed', status_message = ?, updated_at = now()"
            " WHERE id = ? AND status = 'initializing' RETURNING id)"
            " SELECT to_json(EXISTS (SELECT 1 FROM u) OR EXISTS (SELECT 1 FROM nodes WHERE id = ? AND status = 'failed'"
            " AND status_message LIKE 'launch timed out%'))"),
            {message, nodeId, nodeId});
    }, [this, nodeId, spec, message](Result<Json> r) {
        if (!r.ok()) {
            spdlog::error("node {}: cannot check the launch timeout: {}", qs(nodeId), qs(r.error()));
            return;
        }
        if (!r->is_boolean() || !r->get<bool>())
            return;
        spdlog::warn("node {}: status initializing -> failed (reason: {})", qs(nodeId), qs(message));
        if (QPointer<QProcess> sky = m_skyLaunch.take(nodeId); sky && sky->state() != QProcess::NotRunning) {
            sky->disconnect(this);
            sky->kill();
            sky->deleteLater();
        }
        if (QPointer<QProcess> agent = m_local.value(nodeId); agent && agent->state() != QProcess::NotRunning) {
            m_terminating.insert(nodeId, nodeId);
            agent->terminate();
        }
        if (isCloudProvider(str(spec, "provider")) && !str(spec, "cluster_name").isEmpty())
            skyDown(nodeId, str(spec, "cluster_name"), message);
    });
}

void NodeLauncher::launchLocal(const QString &nodeId, const Json &spec)
{
    const QString agent = agentPath();
    if (agent.isEmpty()) {
        record(nodeId, QStringLiteral("failed"), QStringLiteral("crosslogic-node-agent not found (set NODE_AGENT_PATH)"));
        return;
    }
    if (m_config->nodeRegistrationToken.isEmpty()) {
        record(nodeId, QStringLiteral("failed"), QStringLiteral("NODE_REGISTRATION_TOKEN is not set, so a node cannot register"));
        return;
    }
    const QString stateDir = QDir::temp().filePath(QStringLiteral("crosslogic-local-nodes/") + nodeId);
    QDir().mkpath(stateDir);
    QStringList args{QStringLiteral("--control-plane"), controlPlaneUrl(), QStringLiteral("--node-id"), nodeId,
                     QStringLiteral("--model"), str(spec, "model_name"), QStringLiteral("--cluster-name"), str(spec, "cluster_name"),
                     QStringLiteral("--provider"), QStringLiteral("local"), QStringLiteral("--state-dir"), stateDir};
    const QString engineCommand = str(spec, "engine_command");
    if (!engineCommand.isEmpty()) {
        args << QStringLiteral("--engine-command") << engineCommand << QStringLiteral("--engine-url") << str(spec, "engine_url");
    } else {
        args << QStringLiteral("--simulate") << QStringLiteral("--port") << QStringLiteral("0");
        for (const auto &a : spec.value("simulate_args", Json::array()))
            if (a.is_string())
                args << QString::fromStdString(a.get<std::string>());
    }
    auto *process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_REGISTRATION_TOKEN"), m_config->nodeRegistrationToken); // not on the command line
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setStandardOutputFile(stateDir + QStringLiteral("/agent.log"), QIODevice::Append);
    m_local.insert(nodeId, process);
    connect(process, &QProcess::errorOccurred, this, [this, nodeId, process](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            record(nodeId, QStringLiteral("failed"), QStringLiteral("cannot start the local agent: %1").arg(process->errorString()));
    });
    connect(process, &QProcess::finished, this, [this, nodeId, process, stateDir](int code, QProcess::ExitStatus) {
        process->deleteLater();
        m_local.remove(nodeId);
        if (m_terminating.remove(nodeId) > 0)
            return;
        QFile log(stateDir + QStringLiteral("/agent.log"));
        const QByteArray tail = log.open(QIODevice::ReadOnly) ? log.readAll().right(2000) : QByteArray();
        record(nodeId, QStringLiteral("failed"),
               QStringLiteral("local agent exited with code %1: %2").arg(code).arg(lastLines(tail, 3)), QStringLiteral("initializing"));
    });
    process->start(agent, args);
    record(nodeId, QString(), QStringLiteral("local agent started; waiting for it to register"), QStringLiteral("initializing"),
           Json{{"local_agent_pid", process->processId()}, {"state_dir", stateDir.toStdString()}});
}

void NodeLauncher::launchCloud(const QString &nodeId, const Json &spec)
{
    const QString sky = QStandardPaths::findExecutable(m_config->skyPath);
    if (sky.isEmpty()) {
        record(nodeId, QStringLiteral("failed"),
               QStringLiteral("SkyPilot CLI '%1' not found on PATH; install SkyPilot (pip install skypilot) and configure cloud "
                              "credentials, or set SKY_PATH").arg(m_config->skyPath));
        return;
    }
    SkyPilotTask task;
    task.clusterName = str(spec, "cluster_name");
    task.nodeId = nodeId;
    task.provider = str(spec, "provider");
    task.region = str(spec, "region");
    task.instanceType = str(spec, "instance_type");
    task.accelerators = str(spec, "accelerators");
    task.spot = spec.value("spot", false);
    task.modelName = str(spec, "model_name");
    task.controlPlaneUrl = controlPlaneUrl();
    const QString dir = QDir::temp().filePath(QStringLiteral("crosslogic-sky"));
    QDir().mkpath(dir);
    const QString taskFile = dir + QLatin1Char('/') + task.clusterName + QStringLiteral(".yaml");
    QFile f(taskFile);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(task.toYaml()) < 0) {
        record(nodeId, QStringLiteral("failed"), QStringLiteral("cannot write the SkyPilot task file %1").arg(taskFile));
        return;
    }
    f.close();
    auto *process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_REGISTRATION_TOKEN"), m_config->nodeRegistrationToken);
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::MergedChannels);
    const QStringList args{QStringLiteral("launch"), QStringLiteral("-y"), QStringLiteral("-c"), task.clusterName,
                           QStringLiteral("--env"), QStringLiteral("NODE_REGISTRATION_TOKEN"), taskFile};
    connect(process, &QProcess::errorOccurred, this, [this, nodeId, process](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            record(nodeId, QStringLiteral("failed"), QStringLiteral("cannot run sky: %1").arg(process->errorString()));
            process->deleteLater();
        }
    });
    m_skyLaunch.insert(nodeId, process);
    connect(process, &QProcess::finished, this, [this, nodeId, process](int code, QProcess::ExitStatus status) {
        const QByteArray out = process->readAll();
        process->deleteLater();
        m_skyLaunch.remove(nodeId);
        if (status == QProcess::NormalExit && code == 0)
            record(nodeId, QString(), QStringLiteral("sky launch finished; waiting for the node agent to register"),
                   QStringLiteral("initializing"));
        else
            record(nodeId, QStringLiteral("failed"), QStringLiteral("sky launch failed (exit %1): %2").arg(code).arg(lastLines(out, 5)),
                   QStringLiteral("initializing"));
    });
    spdlog::info("node {}: running {} {}", qs(nodeId), qs(sky), qs(args.join(QLatin1Char(' '))));
    process->start(sky, args);
    record(nodeId, QString(), QStringLiteral("sky launch running"), QStringLiteral("initializing"),
           Json{{"task_file", taskFile.toStdString()}});
}

void NodeLauncher::terminate(const QString &nodeId, const Json &spec)
{
    const QString provider = str(spec, "provider");
    if (provider == QLatin1String("local")) {
        QPointer<QProcess> p = m_local.value(nodeId);
        if (p && p->state() != QProcess::NotRunning) {
            m_terminating.insert(nodeId, nodeId);
            spdlog::info("node {}: stopping the local agent (pid {})", qs(nodeId), p->processId());
            p->terminate(); // the agent drains and exits; the engine goes with it
        }
        return;
    }
    if (!isCloudProvider(provider) || str(spec, "cluster_name").isEmpty())
        return; // registered by hand: nothing of ours to stop
    if (QPointer<QProcess> launching = m_skyLaunch.take(nodeId); launching && launching->state() != QProcess::NotRunning) {
        launching->disconnect(this);
        launching->kill(); // a launch still running would leave an instance behind after sky down
        launching->deleteLater();
    }
    skyDown(nodeId, str(spec, "cluster_name"), QStringLiteral("terminated"));
}

void NodeLauncher::skyDown(const QString &nodeId, const QString &cluster, const QString &messagePrefix)
{
    const QString sky = QStandardPaths::findExecutable(m_config->skyPath);
    if (sky.isEmpty()) {
        record(nodeId, QString(), QStringLiteral("%1, but SkyPilot CLI not found: run `sky down -y %2` by hand").arg(messagePrefix, cluster));
        return;
    }
    auto *process = new QProcess(this);
    process->setProcessChannelMode(QProcess::MergedChannels);
    connect(process, &QProcess::finished, this, [this, nodeId, process, cluster, messagePrefix](int code, QProcess::ExitStatus) {
        const QByteArray out = process->readAll();
        process->deleteLater();
        record(nodeId, QString(), code == 0 ? QStringLiteral("%1: sky down %2 finished").arg(messagePrefix, cluster)
                                            : QStringLiteral("%1, but sky down %2 failed (exit %3): %4").arg(messagePrefix, cluster).arg(code).arg(lastLines(out, 5)));
    });
    spdlog::info("node {}: running {} down -y {}", qs(nodeId), qs(sky), qs(cluster));
    process->start(sky, {QStringLiteral("down"), QStringLiteral("-y"), cluster});
}

} // namespace crosslogic
