// Runs the real crosslogic-node-agent for a test, reporting to a daemon: a simulated engine or in front of one.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace crosslogic::test {

class AgentProcess
{
public:
    // Starts the agent with --control-plane controlPlaneUrl, --state-dir stateDir (created; the agent's log is
    // written there too), a one-second heartbeat and debug logs, then args (e.g. --simulate --model m, or
    // --engine-url and --node-id); NODE_REGISTRATION_TOKEN is token.
    AgentProcess(const QString &controlPlaneUrl, const QString &stateDir, const QByteArray &token, const QStringList &args);
    ~AgentProcess();

    bool waitForStarted() { return m_process.waitForStarted(5000); }
    void terminate(); // SIGTERM
    void kill();      // SIGKILL, and waits for the exit
    QByteArray log() const;
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QString m_logPath;
};

} // namespace crosslogic::test
