// Runs the real crosslogic-node-agent for a test, reporting to a daemon.
#include "support/agentprocess.h"

#include "support/childprocess.h"

#include <QDir>
#include <QFile>
#include <csignal>

namespace crosslogic::test {

AgentProcess::AgentProcess(const QString &controlPlaneUrl, const QString &stateDir, const QByteArray &token, const QStringList &args)
    : m_logPath(stateDir + QStringLiteral("/agent-test.log"))
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_REGISTRATION_TOKEN"), QString::fromLatin1(token));
    m_process.setProcessEnvironment(env);
    dieWithParent(m_process);
    QDir().mkpath(stateDir);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_logPath, QIODevice::Append);
    m_process.start(QStringLiteral(NODE_AGENT_PATH),
                    QStringList{QStringLiteral("--control-plane"), controlPlaneUrl,
                                QStringLiteral("--state-dir"), stateDir, QStringLiteral("--heartbeat-interval"), QStringLiteral("1"),
                                QStringLiteral("--log-level"), QStringLiteral("debug")}
                        + args);
    m_process.waitForStarted(5000);
}

AgentProcess::~AgentProcess()
{
    kill();
}

void AgentProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

void AgentProcess::terminate()
{
    ::kill(pid_t(m_process.processId()), SIGTERM);
}

QByteArray AgentProcess::log() const
{
    QFile f(m_logPath);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace crosslogic::test
