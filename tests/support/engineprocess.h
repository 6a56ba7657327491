// Runs `crosslogic-node-agent --simulate` (the simulated engine) for a test and reads the port it listens on.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace crosslogic::test {

class EngineProcess
{
public:
    ~EngineProcess();
    // extraArgs e.g. {"--model", "m", "--ttft-ms", "50"}; port 0 picks a free one (a fixed port restarts an
    // engine where its node row points). Returns false when it did not start listening.
    bool start(const QStringList &extraArgs, quint16 port = 0);
    void kill();
    quint16 port() const { return m_port; }
    QByteArray url() const { return "http://127.0.0.1:" + QByteArray::number(m_port); }
    // GET /sim/stats, as JSON text.
    QByteArray stats() const;

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace crosslogic::test
