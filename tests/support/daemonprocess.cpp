// Runs the real crosslogicd binary for a test on a free port, waits until /ready, stops it by signal.
#include "support/daemonprocess.h"

#include "support/childprocess.h"
#include "support/rawhttp.h"
#include "support/testpgbouncer.h"
#include "support/testenv.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <csignal>

namespace crosslogic::test {

DaemonProcess::DaemonProcess(const QString &databaseUrl, const QString &redisUrl) : m_port(freePort())
{
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("DATABASE_URL"), daemonDatabaseUrl(databaseUrl));
    m_env.insert(QStringLiteral("REDIS_URL"), redisUrl);
    m_env.insert(QStringLiteral("ADMIN_API_TOKEN"), QString::fromLatin1(kAdminToken));
    m_env.insert(QStringLiteral("SERVER_HOST"), QStringLiteral("127.0.0.1"));
    m_env.insert(QStringLiteral("SERVER_PORT"), QString::number(m_port));
    m_env.insert(QStringLiteral("DB_MAX_CONNECTIONS"), QStringLiteral("4"));
    m_env.insert(QStringLiteral("LOG_LEVEL"), QStringLiteral("debug"));
    // The simulated engines and agents of the tests run on this machine: their loopback endpoints are allowed here,
    // as in a development setup (the daemon's default refuses them).
    m_env.insert(QStringLiteral("NODE_ENDPOINT_ALLOW_NETWORKS"), QStringLiteral("127.0.0.0/8,::1/128"));
    // Logs go where the suite's secret scan can read them, if the runner asks for it.
    const QString logDir = qEnvironmentVariable("CROSSLOGIC_TEST_LOG_DIR", scratchDir());
    QDir().mkpath(logDir);
    static int counter = 0;
    m_logPath = QStringLiteral("%1/%2-%3-daemon%4.log").arg(logDir, QCoreApplication::applicationName())
                    .arg(QCoreApplication::applicationPid()).arg(++counter);
    // Each daemon gets its own usage spool (the packaged default, /var/lib/crosslogic/spool, is for production).
    m_env.insert(QStringLiteral("USAGE_SPOOL_DIR"), QStringLiteral("%1/spool-%2-%3").arg(scratchDir()).arg(QCoreApplication::applicationPid()).arg(counter));
}

DaemonProcess::~DaemonProcess()
{
    if (isRunning()) {
        kill();
        waitForExit(5000);
    }
}

bool DaemonProcess::start(bool ready, int timeoutMs)
{
    m_process.setProcessEnvironment(m_env);
    dieWithParent(m_process);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_logPath, QIODevice::Append);
    m_process.start(QStringLiteral(CROSSLOGICD_PATH), {QStringLiteral("serve"), QStringLiteral("--env-file"), QStringLiteral("/dev/null")});
    if (!m_process.waitForStarted(5000))
        return false;
    return ready ? waitReady(timeoutMs) : true;
}

bool DaemonProcess::waitReady(int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (m_process.state() == QProcess::NotRunning)
            return false;
        if (RawHttp::get(m_port, "/ready").status == 200)
            return true;
        QThread::msleep(50);
    }
    return false;
}

void DaemonProcess::terminate()
{
    if (isRunning())
        ::kill(pid_t(m_process.processId()), SIGTERM);
}

void DaemonProcess::kill()
{
    if (isRunning())
        ::kill(pid_t(m_process.processId()), SIGKILL);
}

bool DaemonProcess::waitForExit(int timeoutMs)
{
    return m_process.state() == QProcess::NotRunning || m_process.waitForFinished(timeoutMs);
}

QByteArray DaemonProcess::log() const
{
    QFile f(m_logPath);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace crosslogic::test
