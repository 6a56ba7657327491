// A private redis-server on a free port, owned by one test: start, stop (to test outages), restart.
#include "support/testredis.h"

#include "support/testenv.h"

#include <QThread>

namespace crosslogic::test {

TestRedis::TestRedis() : m_port(freePort()) {}

TestRedis::~TestRedis()
{
    stop();
}

bool TestRedis::start()
{
    m_process.setProgram(QStringLiteral("redis-server"));
    m_process.setArguments({QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                            QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                            QStringLiteral("--dir"), scratchDir()});
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.start();
    if (!m_process.waitForStarted(5000))
        return false;
    for (int i = 0; i < 100; ++i) {
        if (cli({QStringLiteral("PING")}) == QLatin1String("PONG"))
            return true;
        QThread::msleep(50);
    }
    return false;
}

void TestRedis::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
}

QString TestRedis::cli(const QStringList &args) const
{
    QProcess p;
    p.start(QStringLiteral("redis-cli"), QStringList{QStringLiteral("-p"), QString::number(m_port)} + args);
    p.waitForFinished(5000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

} // namespace crosslogic::test
