// Runs `crosslogic-node-agent --simulate` (the simulated engine) for a test and reads the port it listens on.
#include "support/engineprocess.h"

#include "support/childprocess.h"
#include "support/rawhttp.h"

#include <QElapsedTimer>
#include <QStringBuilder>

namespace crosslogic::test {

EngineProcess::~EngineProcess()
{
    kill();
}

bool EngineProcess::start(const QStringList &extraArgs, quint16 port)
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    dieWithParent(m_process);
    m_process.setStandardErrorFile(QProcess::nullDevice());
    m_process.start(QStringLiteral(NODE_AGENT_PATH), QStringList{QStringLiteral("--simulate"), QStringLiteral("--host"),
                                                                 QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QString::number(port)}
                                                         + extraArgs);
    if (!m_process.waitForStarted(5000))
        return false;
    QElapsedTimer t;
    t.start();
    QByteArray out;
    while (t.elapsed() < 10000) {
        m_process.waitForReadyRead(100);
        out += m_process.readAllStandardOutput();
        const qsizetype at = out.indexOf("SIMULATED_ENGINE_LISTENING port=");
        if (at >= 0 && out.indexOf('\n', at) > at) {
            m_port = quint16(out.mid(at + 32, out.indexOf('\n', at) - at - 32).trimmed().toUInt());
            return m_port != 0;
        }
        if (m_process.state() == QProcess::NotRunning)
            return false;
    }
    return false;
}

void EngineProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QByteArray EngineProcess::stats() const
{
    return RawHttp::get(m_port, "/sim/stats").body;
}

} // namespace crosslogic::test
