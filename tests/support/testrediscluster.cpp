// A private Redis Cluster of six redis-server processes (3 masters, 3 replicas), owned by one test.
#include "support/testrediscluster.h"

#include "support/testenv.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

namespace crosslogic::test {
namespace {

// A port p with p and its cluster bus port p + 10000 both free.
quint16 freeClusterPort()
{
    for (int attempt = 0; attempt < 200; ++attempt) {
        const quint16 p = freePort();
        if (p > 55000)
            continue;
        QTcpServer bus;
        if (bus.listen(QHostAddress::LocalHost, quint16(p + 10000)))
            return p;
    }
    qFatal("no free port pair for a Redis Cluster node");
}

} // namespace

TestRedisCluster::TestRedisCluster(int nodeTimeoutMs, QString password, bool fullCoverage)
    : m_nodeTimeoutMs(nodeTimeoutMs), m_password(std::move(password)), m_fullCoverage(fullCoverage)
{
}

QStringList TestRedisCluster::auth() const
{
    if (m_password.isEmpty())
        return {};
    return {QStringLiteral("-a"), m_password, QStringLiteral("--no-auth-warning")};
}

TestRedisCluster::~TestRedisCluster()
{
    for (auto &p : m_processes) {
        p->kill();
        p->waitForFinished(5000);
    }
}

bool TestRedisCluster::start()
{
    static int counter = 0;
    m_dir = QStringLiteral("%1/redis-cluster-%2").arg(scratchDir()).arg(++counter);
    for (int i = 0; i < 6; ++i) {
        const quint16 port = freeClusterPort();
        const QString dir = QStringLiteral("%1/%2").arg(m_dir).arg(port);
        QDir().mkpath(dir);
        auto p = std::make_unique<QProcess>();
        p->setProgram(QStringLiteral("redis-server"));
        p->setArguments({QStringLiteral("--port"), QString::number(port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("--cluster-enabled"), QStringLiteral("yes"),
                         QStringLiteral("--cluster-config-file"), dir + QStringLiteral("/nodes.conf"),
                         QStringLiteral("--cluster-node-timeout"), QString::number(m_nodeTimeoutMs),
                         QStringLiteral("--cluster-require-full-coverage"), // docs/operations.md
                         m_fullCoverage ? QStringLiteral("yes") : QStringLiteral("no"),
                         QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                         QStringLiteral("--dir"), dir});
        if (!m_password.isEmpty())
            p->setArguments(p->arguments() + QStringList{QStringLiteral("--requirepass"), m_password, QStringLiteral("--masterauth"), m_password});
        p->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); }); // gone with a crashed test
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->setStandardOutputFile(dir + QStringLiteral("/redis.log"));
        p->start();
        if (!p->waitForStarted(5000))
            return false;
        m_ports << port;
        m_processes.push_back(std::move(p));
    }
    for (quint16 port : std::as_const(m_ports)) {
        QElapsedTimer t;
        t.start();
        while (cli(port, {QStringLiteral("PING")}) != QLatin1String("PONG")) {
            if (t.elapsed() > 5000)
                return false;
            QThread::msleep(50);
        }
    }
    QStringList create = auth() + QStringList{QStringLiteral("--cluster"), QStringLiteral("create")};
    for (quint16 port : std::as_const(m_ports))
        create << QStringLiteral("127.0.0.1:%1").arg(port);
    create << QStringLiteral("--cluster-replicas") << QStringLiteral("1") << QStringLiteral("--cluster-yes");
    QProcess p;
    p.start(QStringLiteral("redis-cli"), create);
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        qWarning("redis-cli --cluster create failed: %s", p.readAll().constData());
        return false;
    }
    return waitForOk(20000);
}

QString TestRedisCluster::url() const
{
    const QString credentials = m_password.isEmpty() ? QString() : QStringLiteral(":%1@").arg(m_password);
    return QStringLiteral("redis+cluster://") + credentials
         + QStringLiteral("127.0.0.1:%1,127.0.0.1:%2").arg(m_ports.value(0)).arg(m_ports.value(1));
}

QString TestRedisCluster::cli(quint16 port, const QStringList &args) const
{
    QProcess p;
    p.start(QStringLiteral("redis-cli"), auth() + QStringList{QStringLiteral("-c"), QStringLiteral("-p"), QString::number(port)} + args);
    p.waitForFinished(5000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

quint16 TestRedisCluster::livePort() const
{
    for (quint16 port : m_ports)
        if (!m_stopped.contains(port))
            return port;
    return 0;
}

QList<quint16> TestRedisCluster::masters() const
{
    // <id> <ip:port@bus> <flags> <master> … ; flags hold "master" (and "fail" for a stopped one).
    QList<quint16> out;
    for (const QString &line : cli(livePort(), {QStringLiteral("CLUSTER"), QStringLiteral("NODES")}).split(QLatin1Char('\n'))) {
        const QStringList f = line.split(QLatin1Char(' '));
        if (f.size() < 8 || !f[2].contains(QLatin1String("master")) || f[2].contains(QLatin1String("fail")))
            continue;
        out << quint16(f[1].section(QLatin1Char(':'), 1).section(QLatin1Char('@'), 0, 0).toUInt());
    }
    return out;
}

quint16 TestRedisCluster::masterOf(const QString &key) const
{
    const int slot = cli(livePort(), {QStringLiteral("CLUSTER"), QStringLiteral("KEYSLOT"), key}).toInt();
    for (const QString &line : cli(livePort(), {QStringLiteral("CLUSTER"), QStringLiteral("NODES")}).split(QLatin1Char('\n'))) {
        const QStringList f = line.split(QLatin1Char(' '));
        if (f.size() < 9 || !f[2].contains(QLatin1String("master")) || f[2].contains(QLatin1String("fail")))
            continue;
        for (int i = 8; i < f.size(); ++i) {
            const QStringList range = f[i].split(QLatin1Char('-'));
            const int from = range.value(0).toInt(), to = range.size() > 1 ? range[1].toInt() : from;
            if (!f[i].startsWith(QLatin1Char('[')) && slot >= from && slot <= to)
                return quint16(f[1].section(QLatin1Char(':'), 1).section(QLatin1Char('@'), 0, 0).toUInt());
        }
    }
    return 0;
}

void TestRedisCluster::stopNode(quint16 port)
{
    QProcess p;
    p.start(QStringLiteral("redis-cli"), auth() + QStringList{QStringLiteral("-p"), QString::number(port), QStringLiteral("SHUTDOWN"), QStringLiteral("NOSAVE")});
    p.waitForFinished(5000);
    m_stopped << port;
}

QString TestRedisCluster::nodeId(quint16 port) const
{
    return cli(port, {QStringLiteral("CLUSTER"), QStringLiteral("MYID")});
}

int TestRedisCluster::keySlot(const QString &key) const
{
    return cli(livePort(), {QStringLiteral("CLUSTER"), QStringLiteral("KEYSLOT"), key}).toInt();
}

bool TestRedisCluster::migrateSlot(int slot, quint16 from, quint16 to, int pauseMs)
{
    const QString s = QString::number(slot), fromId = nodeId(from), toId = nodeId(to);
    const auto ok = [](const QString &answer) { return answer == QLatin1String("OK"); };
    if (!ok(cli(to, {QStringLiteral("CLUSTER"), QStringLiteral("SETSLOT"), s, QStringLiteral("IMPORTING"), fromId}))
        || !ok(cli(from, {QStringLiteral("CLUSTER"), QStringLiteral("SETSLOT"), s, QStringLiteral("MIGRATING"), toId})))
        return false;
    for (int round = 0; round < 1000; ++round) {
        const QStringList keys = cli(from, {QStringLiteral("CLUSTER"), QStringLiteral("GETKEYSINSLOT"), s, QStringLiteral("2")})
                                     .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (keys.isEmpty())
            break;
        QStringList migrate{QStringLiteral("MIGRATE"), QStringLiteral("127.0.0.1"), QString::number(to), QString(),
                            QStringLiteral("0"), QStringLiteral("5000")};
        if (!m_password.isEmpty())
            migrate << QStringLiteral("AUTH") << m_password;
        migrate << QStringLiteral("KEYS") << keys;
        QProcess p; // without -c: MIGRATE goes to the source itself
        p.start(QStringLiteral("redis-cli"), auth() + QStringList{QStringLiteral("-p"), QString::number(from)} + migrate);
        p.waitForFinished(5000);
        if (!ok(QString::fromUtf8(p.readAllStandardOutput()).trimmed()))
            return false;
        QThread::msleep(pauseMs);
    }
    // The documented order: the target first, then the source, then every other master.
    QList<quint16> order{to, from};
    for (quint16 master : masters())
        if (!order.contains(master))
            order << master;
    for (quint16 master : std::as_const(order))
        cli(master, {QStringLiteral("CLUSTER"), QStringLiteral("SETSLOT"), s, QStringLiteral("NODE"), toId});
    return true;
}

bool TestRedisCluster::waitForOk(int timeoutMs) const
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        bool all = true;
        for (quint16 port : m_ports)
            if (!m_stopped.contains(port) && !cli(port, {QStringLiteral("CLUSTER"), QStringLiteral("INFO")}).contains(QLatin1String("cluster_state:ok")))
                all = false;
        if (all)
            return true;
        QThread::msleep(100);
    }
    return false;
}

bool TestRedisCluster::waitForFailover(quint16 gone, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const QList<quint16> m = masters();
        if (m.size() == 3 && !m.contains(gone))
            return waitForOk(qMax(1000, timeoutMs - int(t.elapsed())));
        QThread::msleep(100);
    }
    return false;
}

} // namespace crosslogic::test
