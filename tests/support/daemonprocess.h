// Runs the real crosslogicd binary for a test on a free port, waits until /ready, stops it by signal.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>

namespace crosslogic::test {

class DaemonProcess
{
public:
    static constexpr const char *kAdminToken = "test-admin-token-0123456789";

    DaemonProcess(const QString &databaseUrl, const QString &redisUrl);
    ~DaemonProcess();

    void setEnv(const QString &name, const QString &value) { m_env.insert(name, value); }
    // Starts `crosslogicd serve`; with waitReady, returns true once GET /ready answers 200.
    bool start(bool waitReady = true, int timeoutMs = 20000);
    bool waitReady(int timeoutMs = 20000);
    void terminate();   // SIGTERM (graceful drain)
    void kill();        // SIGKILL
    bool waitForExit(int timeoutMs = 30000);
    int exitCode() const { return m_process.exitCode(); }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    QString logPath() const { return m_logPath; }
    QByteArray log() const;

private:
    QProcessEnvironment m_env;
    QProcess m_process;
    quint16 m_port;
    QString m_logPath;
};

} // namespace crosslogic::test
