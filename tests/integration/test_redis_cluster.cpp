// Three daemons on a private 3-master Redis Cluster (REDIS_URL=redis+cluster://…): limits exact at key, environment
// and tenant level across them, key revocation reaching each within a second, and a master stopped under load: its
// replica takes over, requests keep being served (fail-open), and afterwards no counter is negative and no
// concurrency slot stays held beyond the lease period.
#include "support/testrediscluster.h"
#include "support/teststack.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <thread>

using namespace crosslogic::test;

namespace {
const QByteArray kEmbedding = "{\"model\":\"cl-model\",\"input\":\"abcd\"}";
constexpr int kDaemons = 3;
constexpr int kLeaseMs = 15000; // RateLimiter::kLeaseMs

QString stamp(qint64 offsetMs = 0)
{
    return QDateTime::currentDateTimeUtc().addMSecs(offsetMs).toString(QStringLiteral("yyyy-MM-ddTHH:mm"));
}

// The cluster form of the runbook's counter names: the tenant as hash tag after "ratelimit:".
QString counter(const QByteArray &tenant, const char *level, const QByteArray &id, const QString &what)
{
    return QStringLiteral("ratelimit:{%1}:%2:%3:%4").arg(QString::fromLatin1(tenant), QLatin1String(level), QString::fromLatin1(id), what);
}

void avoidMinuteBoundary(int needSeconds)
{
    const int second = QDateTime::currentDateTimeUtc().time().second();
    if (second > 59 - needSeconds)
        QThread::sleep(unsigned(61 - second));
}
} // namespace

class TestRedisClusterMode : public QObject
{
    Q_OBJECT
    TestRedisCluster m_cluster;
    TestStack m_stack;

    HttpResult embed(int i, const QByteArray &key) { return RawHttp::post(m_stack.port(i % kDaemons), "/v1/embeddings", kEmbedding, bearer(key)); }
    QString cli(const QStringList &args) { return m_cluster.cli(m_cluster.masters().value(0), args); }

    // Every daemon answers 401 for key within limitMs after the revocation; returns the slowest, or -1.
    qint64 revokeAndWait(const TestKey &k, qint64 limitMs)
    {
        for (int d = 0; d < kDaemons; ++d)
            if (embed(d, k.key).status != 200) // cached as valid on every daemon
                return -1;
        QElapsedTimer t;
        t.start();
        if (m_stack.admin().call("POST", "/admin/api-keys/" + k.keyId + "/revoke").status != 200)
            return -1;
        qint64 slowest = 0;
        for (int d = 0; d < kDaemons; ++d) {
            while (embed(d, k.key).status != 401) {
                if (t.elapsed() > limitMs)
                    return -1;
                QThread::msleep(20);
            }
            slowest = qMax(slowest, t.elapsed());
        }
        return slowest;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_cluster.start());
        QVERIFY(m_stack.start());
        m_stack.setDaemonEnv({{"REDIS_URL", m_cluster.url().toUtf8()}});
        QVERIFY(m_stack.startEngineNode(QStringLiteral("cl-model"), "--ttft-ms 0", QStringLiteral("cl")));
        // Output tokens priced at 50 micro-units each: a chat with max_tokens 10 reserves 500 and is settled to it.
        m_stack.db().scalar(QStringLiteral("INSERT INTO models (name, input_price_micros_per_mtok, output_price_micros_per_mtok)"
                                           " VALUES ('cl-spend', 0, 50000000)"));
        QVERIFY(m_stack.startEngineNode(QStringLiteral("cl-spend"), "--ttft-ms 0", QStringLiteral("cl")));
        for (int n = 0; n < kDaemons; ++n)
            QVERIFY(m_stack.addDaemon({{"GATEWAY_IO_THREADS", "2"}}).start());
        const TestKey probe = m_stack.admin().createKey();
        for (int n = 0; n < kDaemons; ++n)
            QVERIFY(TestStack::waitForModel(m_stack.port(n), probe.key, "cl-model"));
    }

    void requestsPerMinuteExactAcrossDaemons_data()
    {
        QTest::addColumn<QByteArray>("level");
        QTest::addColumn<int>("limit");
        QTest::newRow("key") << QByteArray("key") << 5;
        QTest::newRow("environment") << QByteArray("env") << 4;
        QTest::newRow("tenant") << QByteArray("tenant") << 3;
    }

    void requestsPerMinuteExactAcrossDaemons()
    {
        QFETCH(QByteArray, level);
        QFETCH(int, limit);
        AdminApi admin = m_stack.admin();
        QList<QByteArray> keys;
        TestKey k;
        QByteArray id;
        if (level == "key") {
            k = admin.createKey("\"rate_limit_requests_per_min\":" + QByteArray::number(limit));
            keys = {k.key};
            id = k.keyId;
        } else if (level == "env") {
            k = admin.createKey();
            QCOMPARE(admin.call("PATCH", "/admin/environments/" + k.environmentId, "{\"rate_limit_requests_per_min\":" + QByteArray::number(limit) + "}").status, 200);
            keys = {k.key, admin.addKey(k).key};
            id = k.environmentId;
        } else {
            k = admin.createKey();
            QCOMPARE(admin.call("PATCH", "/admin/tenants/" + k.tenantId, "{\"rate_limit_requests_per_min\":" + QByteArray::number(limit) + "}").status, 200);
            TestKey other = k;
            other.environmentId = admin.call("POST", "/admin/tenants/" + k.tenantId + "/environments", "{\"name\":\"staging\"}").json("/id");
            keys = {k.key, admin.addKey(other).key};
            id = k.tenantId;
        }
        avoidMinuteBoundary(10);
        int admitted = 0;
        HttpResult rejected;
        for (int i = 0; i < limit + 3; ++i) {
            HttpResult r = embed(i, keys[i % keys.size()]);
            QVERIFY2(r.status == 200 || r.status == 429, r.body.constData());
            if (r.status == 200)
                ++admitted;
            else if (rejected.status == 0)
                rejected = r;
        }
        QCOMPARE(admitted, limit); // N admitted, N+1 refused, through three daemons on three masters
        QCOMPARE(rejected.json("/error/code"), QByteArray("rate_limit_exceeded"));
        const QByteArray levelName = level == "key" ? "API key" : level == "env" ? "environment" : "tenant";
        QVERIFY2(rejected.json("/error/message").contains(levelName), rejected.body.constData());
        // The runbook's GET in its cluster form (docs/operations.md, "Redis Cluster").
        QCOMPARE(cli({QStringLiteral("GET"), counter(k.tenantId, level.constData(), id, QStringLiteral("minute:") + stamp())}), QString::number(limit));
        // The admin API reads the same counters.
        const HttpResult shown = admin.call("GET", "/admin/ratelimits/" + level + "/" + id);
        QCOMPARE(shown.status, 200);
        QCOMPARE(shown.json("/current/requests"), QByteArray::number(limit));
    }

    void tenantSpendCapExactAcrossDaemons()
    {
        // The spend counters and the tenant's ready key share the tenant's slot with its rate-limit counters.
        const QByteArray chat = "{\"model\":\"cl-spend\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":10}";
        AdminApi admin = m_stack.admin();
        const TestKey k = admin.createKey();
        QCOMPARE(admin.call("PUT", "/admin/tenants/" + k.tenantId + "/budget", "{\"amount_micros\":2500,\"period\":\"daily\"}").status, 200);
        for (int d = 0; d < kDaemons; ++d)
            QVERIFY(TestStack::waitForModel(m_stack.port(d), k.key, "cl-spend"));
        // The reconciler sets the new tenant's ready key within its check interval (a 503 until then, nothing spent).
        HttpResult first;
        QElapsedTimer waited;
        waited.start();
        while ((first = RawHttp::post(m_stack.port(0), "/v1/chat/completions", chat, bearer(k.key))).status == 503 && waited.elapsed() < 10000)
            QThread::msleep(100);
        QCOMPARE(first.status, 200);
        int admitted = 1;
        HttpResult refused;
        for (int i = 1; i < 8; ++i) {
            const HttpResult r = RawHttp::post(m_stack.port(i % kDaemons), "/v1/chat/completions", chat, bearer(k.key));
            QVERIFY2(r.status == 200 || r.status == 429, r.body.constData());
            if (r.status == 200)
                ++admitted;
            else if (refused.status == 0)
                refused = r;
        }
        QCOMPARE(admitted, 5); // 5 × 500 = the cap
        QCOMPARE(refused.json("/error/code"), QByteArray("insufficient_quota"));
        const QString day = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd"));
        QTRY_COMPARE_WITH_TIMEOUT(cli({QStringLiteral("GET"), QStringLiteral("spend:{%1}:tenant:%1:%2").arg(QString::fromLatin1(k.tenantId), day)}),
                                  QStringLiteral("2500"), 5000);
        QCOMPARE(cli({QStringLiteral("EXISTS"), QStringLiteral("spend:{%1}:ready").arg(QString::fromLatin1(k.tenantId))}), QStringLiteral("1"));
    }

    void keysOfOneTenantShareASlotAndTenantsSpread()
    {
        // Every counter of a request is in its tenant's slot; different tenants land on different masters.
        QSet<quint16> masters;
        for (int i = 0; i < 12; ++i) {
            const TestKey k = m_stack.admin().createKey();
            QCOMPARE(embed(i, k.key).status, 200);
            const QString keyCounter = counter(k.tenantId, "key", k.keyId, QStringLiteral("concurrency"));
            const QString tenantCounter = counter(k.tenantId, "tenant", k.tenantId, QStringLiteral("concurrency"));
            QCOMPARE(cli({QStringLiteral("CLUSTER"), QStringLiteral("KEYSLOT"), keyCounter}),
                     cli({QStringLiteral("CLUSTER"), QStringLiteral("KEYSLOT"), tenantCounter}));
            masters.insert(m_cluster.masterOf(keyCounter));
        }
        QVERIFY2(masters.size() >= 2, "twelve tenants all hashed to one master");
    }

    void redisInfoListsEveryShard()
    {
        // The console's Redis view: each node's role, memory and keys (GET /admin/redis/info → shards). Replicas
        // appear once the slot map lists them (it is read again every 5 s).
        auto count = [this](qint64 *keys) {
            const HttpResult r = m_stack.admin().call("GET", "/admin/redis/info");
            int masters = 0, replicas = 0;
            for (int i = 0; i < 12; ++i) {
                const QByteArray at = "/shards/" + QByteArray::number(i);
                auto field = [&](const char *name) { return r.json(QByteArray(at + name).constData()); };
                if (field("/status") != "up" || field("/used_memory").toLongLong() <= 0)
                    continue;
                masters += field("/role") == "master";
                replicas += field("/role") == "slave";
                if (keys && field("/role") == "master")
                    *keys += field("/keys").toLongLong();
            }
            return r.status == 200 && r.json("/cluster") == "true" ? masters * 10 + replicas : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(count(nullptr), 33, 15000); // 3 masters, 3 replicas, each up
        qint64 keys = 0;
        count(&keys);
        QVERIFY(keys > 0);
    }

    void revocationReachesEveryDaemonWithinASecond()
    {
        const qint64 slowest = revokeAndWait(m_stack.admin().createKey(), 1000);
        QVERIFY2(slowest >= 0, "a daemon still admitted a revoked key 1 s after the revocation");
        qInfo("revocation reached all %d daemons after %lld ms", kDaemons, slowest);
    }

    void masterStoppedUnderLoad()
    {
        AdminApi admin = m_stack.admin();
        const TestKey k = admin.createKey("\"concurrency_limit\":64,\"rate_limit_requests_per_min\":1000000");
        const quint16 victim = m_cluster.masterOf(counter(k.tenantId, "key", k.keyId, QStringLiteral("concurrency")));
        QVERIFY(victim != 0);

        std::atomic<bool> stop{false};
        std::atomic<int> ok{0}, refused{0}, other{0}, afterFailover{0};
        std::atomic<bool> failedOver{false};
        QByteArray otherBody;
        std::vector<std::thread> load;
        for (int c = 0; c < 3; ++c)
            load.emplace_back([&, c] {
                for (int i = 0; !stop; ++i) {
                    const HttpResult r = RawHttp::post(m_stack.port((c + i) % kDaemons), "/v1/embeddings", kEmbedding, bearer(k.key));
                    if (r.status == 200) {
                        ++ok;
                        if (failedOver)
                            ++afterFailover;
                    } else if (r.status == 429 || r.status == 503) {
                        ++refused;
                    } else if (++other == 1) {
                        otherBody = QByteArray::number(r.status) + ' ' + r.body;
                    }
                    QThread::msleep(10);
                }
            });
        QThread::msleep(1500);
        const int before = ok;
        m_cluster.stopNode(victim);
        const bool promoted = m_cluster.waitForFailover(victim, 30000);
        failedOver = true;
        QElapsedTimer served;
        served.start();
        while (afterFailover < 30 && served.elapsed() < 15000) // served again through the promoted replica
            QThread::msleep(50);
        stop = true;
        for (auto &t : load)
            t.join();
        QVERIFY2(promoted, "no replica took over the stopped master's slots");
        QVERIFY(before > 0);
        QVERIFY(afterFailover >= 30);
        QVERIFY2(other.load() == 0, otherBody.constData()); // the first unexpected answer
        // Fail-open (the default): the outage of one shard is served by the in-process limiter, nothing refused.
        QCOMPARE(refused.load(), 0);
        qInfo("under load: %d served (%d before the stop, %d after the promotion)", ok.load(), before, afterFailover.load());

        // Slots admitted before the stop whose release was lost are reclaimed once the old leases lapse.
        const QStringList concurrency{counter(k.tenantId, "key", k.keyId, QStringLiteral("concurrency")),
                                      counter(k.tenantId, "env", k.environmentId, QStringLiteral("concurrency")),
                                      counter(k.tenantId, "tenant", k.tenantId, QStringLiteral("concurrency"))};
        auto held = [&] {
            qint64 sum = 0;
            for (const QString &key : concurrency) {
                const qint64 v = cli({QStringLiteral("GET"), key}).toLongLong();
                if (v < 0)
                    return qint64(-1000000);
                sum += v;
            }
            return sum;
        };
        QTRY_COMPARE_WITH_TIMEOUT(held(), qint64(0), kLeaseMs * 2 + 10000);

        // No counter anywhere is negative (every master, SCAN like an operator).
        for (quint16 port : m_cluster.masters()) {
            QProcess p;
            p.start(QStringLiteral("redis-cli"), {QStringLiteral("-p"), QString::number(port), QStringLiteral("--scan"),
                                                  QStringLiteral("--pattern"), QStringLiteral("ratelimit:*")});
            QVERIFY(p.waitForFinished(10000));
            for (const QByteArray &key : p.readAllStandardOutput().split('\n')) {
                if (key.isEmpty() || !m_cluster.cli(port, {QStringLiteral("TYPE"), QString::fromUtf8(key)}).startsWith(QLatin1String("string")))
                    continue;
                const QString v = m_cluster.cli(port, {QStringLiteral("GET"), QString::fromUtf8(key)});
                QVERIFY2(v.toLongLong() >= 0, qPrintable(QString::fromUtf8(key) + QLatin1Char('=') + v));
            }
        }
        // Pub/sub moved with the topology: a revocation still reaches every daemon.
        QVERIFY2(revokeAndWait(admin.createKey(), 1000) >= 0, "a revocation after the failover did not reach every daemon within 1 s");
    }
};

QTEST_GUILESS_MAIN(TestRedisClusterMode)
#include "test_redis_cluster.moc"
