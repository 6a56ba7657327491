// The whole stack an integration test runs against: database, Redis, engines as nodes, daemons.
#include "support/teststack.h"

#include <QElapsedTimer>
#include <QThread>

namespace crosslogic::test {

TestStack::TestStack() = default;

TestStack::~TestStack()
{
    // Agents first (they report to the daemons), then the daemons (they hold connections to the rest), the
    // database last.
    m_agents.clear();
    m_daemons.clear();
    m_engines.clear();
    m_redis.reset();
    m_db.reset();
}

bool TestStack::start()
{
    m_db = std::make_unique<TestDatabase>();
    m_redis = std::make_unique<TestRedis>();
    return m_redis->start();
}

std::unique_ptr<DaemonProcess> TestStack::makeDaemon(const DaemonEnv &env, const QString &databaseUrl) const
{
    auto d = std::make_unique<DaemonProcess>(databaseUrl.isEmpty() ? m_db->url() : databaseUrl, m_redis->url());
    for (const auto &[name, value] : m_daemonEnv + env)
        d->setEnv(QString::fromUtf8(name), QString::fromUtf8(value));
    return d;
}

DaemonProcess &TestStack::addDaemon(const DaemonEnv &env)
{
    m_daemons.push_back(makeDaemon(env));
    return *m_daemons.back();
}

EngineProcess *TestStack::startEngine(const QString &model, const QByteArray &flags)
{
    QStringList args{QStringLiteral("--model"), model};
    for (const QByteArray &flag : flags.split(' '))
        if (!flag.isEmpty())
            args << QString::fromUtf8(flag);
    m_engines.push_back(std::make_unique<EngineProcess>());
    return m_engines.back()->start(args) ? m_engines.back().get() : nullptr;
}

EngineProcess *TestStack::startEngineNode(const QString &model, const QByteArray &flags, const QString &cluster)
{
    EngineProcess *engine = startEngine(model, flags);
    return engine && !insertNode(*m_db, model, engine->url(), QStringLiteral("active"), cluster).isEmpty() ? engine : nullptr;
}

AgentProcess &TestStack::addAgent(const QString &stateDir, const QByteArray &token, const QStringList &args, int n)
{
    m_agents.push_back(std::make_unique<AgentProcess>(QStringLiteral("http://127.0.0.1:%1").arg(port(n)), stateDir, token, args));
    return *m_agents.back();
}

bool TestStack::waitForModel(quint16 port, const QByteArray &key, const QByteArray &model, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!RawHttp::get(port, "/v1/models", bearer(key)).body.contains(model)) {
        if (t.elapsed() > timeoutMs)
            return false;
        QThread::msleep(50);
    }
    return true;
}

} // namespace crosslogic::test
