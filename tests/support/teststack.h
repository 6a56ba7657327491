// The whole stack an integration test runs against: a fresh database on the private PostgreSQL, a private Redis,
// simulated engines entered as nodes, crosslogicd replicas on them and node agents reporting to those; stopped in
// reverse order when it goes.
#pragma once

#include "support/adminapi.h"
#include "support/agentprocess.h"
#include "support/daemonprocess.h"
#include "support/engineprocess.h"
#include "support/rawhttp.h"
#include "support/testdatabase.h"
#include "support/testnodes.h"
#include "support/testredis.h"

#include <QList>
#include <QPair>
#include <QStringList>
#include <memory>
#include <vector>

namespace crosslogic::test {

// Variables for a daemon's environment, e.g. {{"NODE_STALE_SECONDS", "3"}}.
using DaemonEnv = QList<QPair<QByteArray, QByteArray>>;

class TestStack
{
public:
    TestStack();
    ~TestStack();

    // The database (migrated) and Redis; false when Redis did not start. Call first, from initTestCase().
    bool start();
    TestDatabase &db() { return *m_db; }
    TestRedis &redis() { return *m_redis; }

    // Set on every daemon made from now on, after DaemonProcess's own defaults.
    void setDaemonEnv(const DaemonEnv &env) { m_daemonEnv += env; }
    // A daemon on this database (or databaseUrl) and Redis with the stack's env, then env; not started. For a test
    // that kills or restarts it, or must see it gone before the test ends.
    std::unique_ptr<DaemonProcess> makeDaemon(const DaemonEnv &env = {}, const QString &databaseUrl = {}) const;
    // makeDaemon, kept by the stack as daemon(n) for its whole life; start it (and check start()) in the test.
    DaemonProcess &addDaemon(const DaemonEnv &env = {});
    DaemonProcess &daemon(int n = 0) { return *m_daemons.at(size_t(n)); }
    quint16 port(int n = 0) const { return m_daemons.at(size_t(n))->port(); }
    AdminApi admin(int n = 0) const { return AdminApi(port(n)); }

    // A simulated engine serving model (flags: more simulator flags, space-separated, e.g. "--ttft-ms 5"), kept by
    // the stack; nullptr when it did not start.
    EngineProcess *startEngine(const QString &model, const QByteArray &flags = {});
    // startEngine, entered as an active node of cluster (the way a registered agent is); nullptr when either failed.
    EngineProcess *startEngineNode(const QString &model, const QByteArray &flags = {}, const QString &cluster = QStringLiteral("test"));

    // A node agent reporting to daemon(n) (see AgentProcess for stateDir, token and args), kept by the stack and
    // stopped before the daemons.
    AgentProcess &addAgent(const QString &stateDir, const QByteArray &token, const QStringList &args, int n = 0);

    // True once the daemon on port lists model to key on /v1/models (its load balancer has read the node rows).
    static bool waitForModel(quint16 port, const QByteArray &key, const QByteArray &model, int timeoutMs = 5000);

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<TestRedis> m_redis;
    std::vector<std::unique_ptr<EngineProcess>> m_engines;
    std::vector<std::unique_ptr<DaemonProcess>> m_daemons;
    std::vector<std::unique_ptr<AgentProcess>> m_agents;
    DaemonEnv m_daemonEnv;
};

} // namespace crosslogic::test
