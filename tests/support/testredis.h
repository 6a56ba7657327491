// A private redis-server on a free port, owned by one test: start, stop (to test outages), restart.
#pragma once

#include <QProcess>
#include <QString>

namespace crosslogic::test {

class TestRedis
{
public:
    TestRedis();
    ~TestRedis();
    bool start();
    void stop();
    quint16 port() const { return m_port; }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1").arg(m_port); }
    // Runs redis-cli against this server and returns its trimmed output (as an operator would).
    QString cli(const QStringList &args) const;

private:
    quint16 m_port;
    QProcess m_process;
};

} // namespace crosslogic::test
