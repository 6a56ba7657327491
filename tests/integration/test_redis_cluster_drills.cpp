// Redis Cluster drills with RATE_LIMIT_REDIS_FAILURE=closed, so that any Redis error the daemons cannot handle
// shows as a 503: a tenant's slot moved to another master under load (clients meet ASK and TRYAGAIN, then MOVED),
// a master stopped under load (its tenants refused until its replica is promoted, the other shards' tenants served
// throughout), and a password-protected cluster (redis+cluster://:password@…) with Redis's default
// cluster-require-full-coverage yes, which the daemon warns about.
#include "support/testrediscluster.h"
#include "support/teststack.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMutex>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <thread>

using namespace crosslogic::test;

namespace {
const QByteArray kEmbedding = "{\"model\":\"dr-model\",\"input\":\"abcd\"}";
constexpr int kDaemons = 2;
constexpr int kLeaseMs = 15000; // RateLimiter::kLeaseMs

QString counter(const QByteArray &tenant, const char *level, const QByteArray &id, const QString &what)
{
    return QStringLiteral("ratelimit:{%1}:%2:%3:%4").arg(QString::fromLatin1(tenant), QLatin1String(level), QString::fromLatin1(id), what);
}

QString minuteCounter(const TestKey &k)
{
    return counter(k.tenantId, "key", k.keyId, QStringLiteral("minute:") +
                   QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-ddTHH:mm")));
}

void avoidMinuteBoundary(int needSeconds)
{
    const int second = QDateTime::currentDateTimeUtc().time().second();
    if (second > 59 - needSeconds)
        QThread::sleep(unsigned(61 - second));
}

// Clients sending one key's requests to the daemons in turn, every 10 ms each, until stopped; counts the answers.
class Load
{
public:
    Load(const QList<quint16> &ports, const QByteArray &key, int clients = 3)
    {
        for (int c = 0; c < clients; ++c)
            m_threads.emplace_back([this, ports, key, c] {
                for (int i = 0; !m_stop; ++i) {
                    const HttpResult r = RawHttp::post(ports[(c + i) % ports.size()], "/v1/embeddings", kEmbedding, bearer(key));
                    if (r.status == 200) {
                        ++ok;
                        if (marked)
                            ++okAfterMark;
                    } else if (r.status == 503 && r.json("/error/code") == "rate_limiter_unavailable") {
                        ++unavailable;
                    } else {
                        QMutexLocker lock(&m_mutex);
                        if (++other == 1)
                            firstOther = QByteArray::number(r.status) + ' ' + r.body;
                    }
                    QThread::msleep(10);
                }
            });
    }
    ~Load() { stop(); }
    void stop()
    {
        m_stop = true;
        for (auto &t : m_threads)
            if (t.joinable())
                t.join();
    }
    QByteArray unexpected()
    {
        QMutexLocker lock(&m_mutex);
        return firstOther;
    }

    std::atomic<int> ok{0}, unavailable{0}, other{0}, okAfterMark{0};
    std::atomic<bool> marked{false}; // set by the test: okAfterMark counts from then
private:
    std::atomic<bool> m_stop{false};
    QMutex m_mutex;
    QByteArray firstOther;
    std::vector<std::thread> m_threads;
};
} // namespace

class TestRedisClusterDrills : public QObject
{
    Q_OBJECT
    TestRedisCluster m_cluster;
    TestStack m_stack;

    QList<quint16> ports() const
    {
        QList<quint16> out;
        for (int d = 0; d < kDaemons; ++d)
            out << m_stack.port(d);
        return out;
    }
    QString get(const QString &key) { return m_cluster.cli(m_cluster.masters().value(0), {QStringLiteral("GET"), key}); }

    // No concurrency counter of the key held, none negative.
    bool slotsFree(const TestKey &k)
    {
        const QString v = get(counter(k.tenantId, "key", k.keyId, QStringLiteral("concurrency")));
        return v.toLongLong() == 0;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_cluster.start());
        QVERIFY(m_stack.start());
        m_stack.setDaemonEnv({{"REDIS_URL", m_cluster.url().toUtf8()}, {"RATE_LIMIT_REDIS_FAILURE", "closed"}});
        QVERIFY(m_stack.startEngineNode(QStringLiteral("dr-model"), "--ttft-ms 0", QStringLiteral("dr")));
        for (int n = 0; n < kDaemons; ++n)
            QVERIFY(m_stack.addDaemon({{"GATEWAY_IO_THREADS", "2"}}).start());
        const TestKey probe = m_stack.admin().createKey();
        for (int n = 0; n < kDaemons; ++n)
            QVERIFY(TestStack::waitForModel(m_stack.port(n), probe.key, "dr-model"));
        // This cluster runs with cluster-require-full-coverage no: nothing to warn about.
        QVERIFY(!m_stack.daemon(0).log().contains("cluster-require-full-coverage"));
    }

    void slotMovedUnderLoad()
    {
        const TestKey k = m_stack.admin().createKey("\"concurrency_limit\":64,\"rate_limit_requests_per_min\":1000000");
        const QString probe = counter(k.tenantId, "key", k.keyId, QStringLiteral("concurrency"));
        const int slot = m_cluster.keySlot(probe);
        const quint16 from = m_cluster.masterOf(probe);
        quint16 to = 0;
        for (quint16 m : m_cluster.masters())
            if (m != from)
                to = m;
        QVERIFY(from != 0 && to != 0);
        avoidMinuteBoundary(20);
        Load load(ports(), k.key);
        QThread::msleep(1000);
        // Two keys at a time, 100 ms apart: for a while some of the tenant's keys are on each master.
        const bool moved = m_cluster.migrateSlot(slot, from, to, 100);
        QThread::msleep(1000);
        load.stop();
        QVERIFY(moved);
        QCOMPARE(m_cluster.masterOf(probe), to);
        QVERIFY2(load.other == 0, load.unexpected().constData());
        // Fail-closed: a Redis error the daemons could not handle would have been a 503.
        QCOMPARE(load.unavailable.load(), 0);
        QVERIFY(load.ok > 50);
        // Each admission counted once, wherever the slot was: the minute's counter is the number served.
        QCOMPARE(get(minuteCounter(k)), QString::number(load.ok.load()));
        QTRY_VERIFY_WITH_TIMEOUT(slotsFree(k), 5000); // every release landed on the slot's new master
        qInfo("slot %d moved from :%u to :%u under load: %d requests served", slot, from, to, load.ok.load());
    }

    void masterStoppedFailClosed()
    {
        AdminApi admin = m_stack.admin();
        const TestKey hit = admin.createKey("\"concurrency_limit\":64,\"rate_limit_requests_per_min\":1000000");
        const QString hitCounter = counter(hit.tenantId, "key", hit.keyId, QStringLiteral("concurrency"));
        const quint16 victim = m_cluster.masterOf(hitCounter);
        QVERIFY(victim != 0);
        // A tenant whose slot is on another master.
        TestKey spared;
        for (int i = 0; i < 30 && spared.key.isEmpty(); ++i) {
            const TestKey k = admin.createKey("\"concurrency_limit\":64,\"rate_limit_requests_per_min\":1000000");
            if (m_cluster.masterOf(counter(k.tenantId, "key", k.keyId, QStringLiteral("concurrency"))) != victim)
                spared = k;
        }
        QVERIFY(!spared.key.isEmpty());

        Load onVictim(ports(), hit.key), elsewhere(ports(), spared.key, 1);
        QThread::msleep(1000);
        const int before = onVictim.ok;
        m_cluster.stopNode(victim);
        const bool promoted = m_cluster.waitForFailover(victim, 30000);
        onVictim.marked = true;
        QElapsedTimer served;
        served.start();
        while (onVictim.okAfterMark < 30 && served.elapsed() < 15000)
            QThread::msleep(50);
        onVictim.stop();
        elsewhere.stop();
        QVERIFY2(promoted, "no replica took over the stopped master's slots");
        QVERIFY(before > 0);
        QVERIFY2(onVictim.other == 0, onVictim.unexpected().constData());
        QVERIFY2(elsewhere.other == 0, elsewhere.unexpected().constData());
        // Fail-closed: the stopped shard's tenant is refused (503, retry shortly) until the promotion, then served.
        QVERIFY(onVictim.unavailable > 0);
        QVERIFY(onVictim.okAfterMark >= 30);
        // The other shards' tenants never noticed.
        QCOMPARE(elsewhere.unavailable.load(), 0);
        QVERIFY(elsewhere.ok > 20);
        qInfo("fail-closed: %d served before the stop, %d refused with 503 during it, %d served after the promotion; "
              "another shard's tenant: %d served, none refused",
              before, onVictim.unavailable.load(), onVictim.okAfterMark.load(), elsewhere.ok.load());
        // Slots whose release was lost with the master come back once the old leases lapse; none negative.
        QTRY_VERIFY_WITH_TIMEOUT(slotsFree(hit), kLeaseMs * 2 + 10000);
        QVERIFY(get(hitCounter).toLongLong() >= 0);
    }

    void passwordProtectedCluster()
    {
        const QString password = QStringLiteral("drill-cluster-pw-7f3a");
        TestRedisCluster locked(1000, password, true); // and Redis's default cluster-require-full-coverage yes
        QVERIFY(locked.start());
        QVERIFY(locked.url().startsWith(QStringLiteral("redis+cluster://:") + password + QLatin1Char('@')));
        auto daemon = m_stack.makeDaemon({{"REDIS_URL", locked.url().toUtf8()}});
        QVERIFY(daemon->start());
        const TestKey k = AdminApi(daemon->port()).createKey("\"concurrency_limit\":4");
        for (int i = 0; i < 3; ++i)
            QCOMPARE(RawHttp::post(daemon->port(), "/v1/embeddings", kEmbedding, bearer(k.key)).status, 200);
        QCOMPARE(locked.cli(locked.masters().value(0), {QStringLiteral("GET"), minuteCounter(k)}), QStringLiteral("3"));
        // The daemon warns about full coverage (one shard's failover would refuse every tenant), once per master.
        QTRY_COMPARE_WITH_TIMEOUT(daemon->log().count("runs with cluster-require-full-coverage yes"), 3, 5000);

        // The wrong password: refused by every node, said in the log (without either password), requests get 503.
        QString wrong = locked.url();
        wrong.replace(password, QStringLiteral("not-the-password-91c2"));
        auto refused = m_stack.makeDaemon({{"REDIS_URL", wrong.toUtf8()}});
        QVERIFY(refused->start(false));
        QTRY_VERIFY_WITH_TIMEOUT(refused->log().contains("AUTH refused: WRONGPASS"), 10000);
        const HttpResult r = RawHttp::post(refused->port(), "/v1/embeddings", kEmbedding, bearer(k.key));
        QCOMPARE(r.status, 503);
        for (const QByteArray &log : {daemon->log(), refused->log()}) {
            QVERIFY(!log.contains(password.toUtf8()));
            QVERIFY(!log.contains("not-the-password-91c2"));
        }
    }
};

QTEST_GUILESS_MAIN(TestRedisClusterDrills)
#include "test_redis_cluster_drills.moc"
