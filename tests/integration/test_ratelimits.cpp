// Rate limits through real daemons sharing one Redis: exact per level, tokens, sliding windows, concurrency on
// every path, slots of a killed replica reclaimed, the runbook's redis-cli GET lines.
#include "support/teststack.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>
#include <QtTest>

using namespace crosslogic::test;

namespace {
const QByteArray kEmbedding = "{\"model\":\"rl-model\",\"input\":\"abcd\"}";

QString minuteKey(const char *level, const QByteArray &id, const char *what, qint64 offsetMs = 0)
{
    const QString stamp = QDateTime::currentDateTimeUtc().addMSecs(offsetMs).toString(QStringLiteral("yyyy-MM-ddTHH:mm"));
    return QStringLiteral("ratelimit:%1:%2:%3:%4").arg(QLatin1String(level), QString::fromLatin1(id), QLatin1String(what), stamp);
}

// Exactness checks must not straddle a minute change (the sliding window legitimately shifts there).
void avoidMinuteBoundary(int needSeconds)
{
    const int second = QDateTime::currentDateTimeUtc().time().second();
    if (second > 59 - needSeconds)
        QThread::sleep(unsigned(61 - second));
}
} // namespace

class TestRateLimits : public QObject
{
    Q_OBJECT
    TestStack m_stack;

    HttpResult embed(int i, const QByteArray &key)
    {
        return RawHttp::post(m_stack.port(i % 2), "/v1/embeddings", kEmbedding, bearer(key)); // alternate replicas
    }
    QString cli(const QString &cmd, const QString &key) { return m_stack.redis().cli({cmd, key}); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        QVERIFY(m_stack.startEngineNode(QStringLiteral("rl-model"), "--ttft-ms 0", QStringLiteral("rl")));
        QVERIFY(m_stack.startEngineNode(QStringLiteral("slow-model"), "--ttft-ms 20 --tokens-per-second 5", QStringLiteral("rl")));
        QVERIFY(m_stack.startEngineNode(QStringLiteral("fail-model"), "--error-rate 1", QStringLiteral("rl")));
        QVERIFY(!insertNode(m_stack.db(), QStringLiteral("parked-model"), "http://127.0.0.1:1", QStringLiteral("draining"), QStringLiteral("rl")).isEmpty());
        for (int n = 0; n < 2; ++n)
            QVERIFY(m_stack.addDaemon({{"UPSTREAM_FIRST_BYTE_TIMEOUT_MS", "400"}}).start());
        const TestKey probe = m_stack.admin().createKey();
        for (int n = 0; n < 2; ++n)
            QVERIFY(TestStack::waitForModel(m_stack.port(n), probe.key, "slow-model"));
    }

    void requestsPerMinuteExactAcrossReplicas_data()
    {
        QTest::addColumn<QByteArray>("level");
        QTest::addColumn<int>("limit");
        QTest::newRow("key") << QByteArray("key") << 5;
        QTest::newRow("environment") << QByteArray("env") << 4;
        QTest::newRow("tenant") << QByteArray("tenant") << 3;
    }

    void requestsPerMinuteExactAcrossReplicas()
    {
        QFETCH(QByteArray, level);
        QFETCH(int, limit);
        AdminApi admin = m_stack.admin();
        QList<QByteArray> keys;
        QByteArray counterId;
        if (level == "key") {
            TestKey k = admin.createKey("\"rate_limit_requests_per_min\":" + QByteArray::number(limit));
            keys = {k.key};
            counterId = k.keyId;
        } else if (level == "env") {
            TestKey k = admin.createKey();
            QCOMPARE(admin.call("PATCH", "/admin/environments/" + k.environmentId, "{\"rate_limit_requests_per_min\":" + QByteArray::number(limit) + "}").status, 200);
            keys = {k.key, admin.addKey(k).key}; // two keys sharing the environment's budget
            counterId = k.environmentId;
        } else {
            TestKey k = admin.createKey();
            QCOMPARE(admin.call("PATCH", "/admin/tenants/" + k.tenantId, "{\"rate_limit_requests_per_min\":" + QByteArray::number(limit) + "}").status, 200);
            TestKey other = k;
            other.environmentId = admin.call("POST", "/admin/tenants/" + k.tenantId + "/environments", "{\"name\":\"staging\"}").json("/id");
            keys = {k.key, admin.addKey(other).key}; // two environments sharing the tenant's budget
            counterId = k.tenantId;
        }
        avoidMinuteBoundary(10);
        int admitted = 0;
        HttpResult rejected;
        for (int i = 0; i < limit + 3; ++i) {
            HttpResult r = embed(i, keys[i % keys.size()]);
            if (r.status == 200)
                ++admitted;
            else if (rejected.status == 0)
                rejected = r;
            QVERIFY2(r.status == 200 || r.status == 429, r.body.constData());
        }
        QCOMPARE(admitted, limit); // N admitted, N+1 rejected, across two replicas
        QCOMPARE(rejected.status, 429);
        QCOMPARE(rejected.json("/error/code"), QByteArray("rate_limit_exceeded"));
        QCOMPARE(rejected.json("/error/type"), QByteArray("requests"));
        const QByteArray levelName = level == "key" ? "API key" : level == "env" ? "environment" : "tenant";
        QVERIFY2(rejected.json("/error/message").contains(levelName), rejected.body.constData());
        QVERIFY(rejected.header("retry-after").toInt() >= 1);
        // Runbook §2.1: GET "ratelimit:{level}:{id}:minute:YYYY-MM-DDTHH:MM" is the count a person expects.
        QCOMPARE(cli(QStringLiteral("GET"), minuteKey(level.constData(), counterId, "minute")), QString::number(limit));
    }

    void headersDescribeTheKeyLimit()
    {
        TestKey k = m_stack.admin().createKey("\"rate_limit_requests_per_min\":10,\"rate_limit_tokens_per_min\":1000");
        avoidMinuteBoundary(5);
        HttpResult first = embed(0, k.key);
        HttpResult second = embed(1, k.key);
        QCOMPARE(first.header("x-ratelimit-limit-requests"), QByteArray("10"));
        QCOMPARE(first.header("x-ratelimit-remaining-requests"), QByteArray("9"));
        QCOMPARE(second.header("x-ratelimit-remaining-requests"), QByteArray("8"));
        QCOMPARE(first.header("x-ratelimit-limit-tokens"), QByteArray("1000"));
        QVERIFY(first.header("x-ratelimit-reset-requests").endsWith('s'));
        QVERIFY(!first.header("x-ratelimit-remaining-tokens").isEmpty());
        // Window counters expire on their own (the admission script sets the TTL when it creates them): Redis does
        // not fill up with old minutes. The second request must not have lost the first's TTL.
        for (const char *what : {"minute", "tokens"}) {
            const int ttl = cli(QStringLiteral("TTL"), minuteKey("key", k.keyId, what)).toInt();
            QVERIFY2(ttl > 0 && ttl <= 180, what);
        }
    }

    void scriptsFlushedFromRedisAreSentAgain()
    {
        // After SCRIPT FLUSH (or a Redis restart) EVALSHA answers NOSCRIPT: the limiter sends the script itself once
        // and the request is counted as usual.
        TestKey k = m_stack.admin().createKey("\"rate_limit_requests_per_min\":10");
        avoidMinuteBoundary(5);
        QCOMPARE(embed(0, k.key).status, 200);
        QCOMPARE(m_stack.redis().cli({QStringLiteral("SCRIPT"), QStringLiteral("FLUSH")}), QStringLiteral("OK"));
        HttpResult r = embed(1, k.key);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-ratelimit-remaining-requests"), QByteArray("8"));
        QCOMPARE(cli(QStringLiteral("GET"), minuteKey("key", k.keyId, "minute")), QStringLiteral("2"));
        // The release went through too: no slot is left in flight.
        const QString concurrency = QStringLiteral("ratelimit:key:%1:concurrency").arg(QString::fromLatin1(k.keyId));
        QTRY_COMPARE_WITH_TIMEOUT(cli(QStringLiteral("GET"), concurrency), QStringLiteral("0"), 3000);
    }

    void tokensPerMinuteExact()
    {
        // Each request is 1 token (estimate and the engine's count agree for "abcd").
        TestKey k = m_stack.admin().createKey("\"rate_limit_tokens_per_min\":3");
        avoidMinuteBoundary(10);
        QList<int> statuses;
        HttpResult last;
        for (int i = 0; i < 5; ++i)
            statuses << (last = embed(i, k.key)).status;
        QCOMPARE(statuses, (QList<int>{200, 200, 200, 429, 429}));
        QCOMPARE(last.json("/error/type"), QByteArray("tokens"));
        QTRY_COMPARE_WITH_TIMEOUT(cli(QStringLiteral("GET"), minuteKey("key", k.keyId, "tokens")), QStringLiteral("3"), 3000);
    }

    void tokensAreSettledFromTheEngineCount()
    {
        // Chat admits against prompt + max_tokens (here 4 + 100), then settles the engine's real usage (2 + 3).
        TestKey k = m_stack.admin().createKey();
        avoidMinuteBoundary(5);
        auto r = RawHttp::post(m_stack.port(), "/v1/chat/completions",
                               "{\"model\":\"rl-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}],\"max_tokens\":3}", bearer(k.key));
        QCOMPARE(r.status, 200);
        const int real = r.json("/usage/total_tokens").toInt();
        QVERIFY(real > 0);
        QTRY_COMPARE_WITH_TIMEOUT(cli(QStringLiteral("GET"), minuteKey("key", k.keyId, "tokens")), QString::number(real), 3000);
    }

    void slidingWindowPreventsADoubleBurst()
    {
        // A client that used its whole budget in the previous minute gets only the share of the new minute that
        // has elapsed, not a second full budget.
        const int limit = 100;
        TestKey k = m_stack.admin().createKey("\"rate_limit_requests_per_min\":" + QByteArray::number(limit));
        if (QDateTime::currentDateTimeUtc().time().second() > 45)
            avoidMinuteBoundary(20);
        m_stack.redis().cli({QStringLiteral("SET"), minuteKey("key", k.keyId, "minute", -60000), QString::number(limit)});
        int admitted = 0;
        for (int i = 0; i < limit; ++i)
            admitted += embed(i, k.key).status == 200 ? 1 : 0;
        const double elapsed = double(QDateTime::currentDateTimeUtc().time().second() * 1000 + QDateTime::currentDateTimeUtc().time().msec()) / 60000.0;
        qInfo("previous minute %d requests, now %.0f%% into the minute: %d more admitted (a fixed window would admit %d)",
              limit, elapsed * 100, admitted, limit);
        QVERIFY2(admitted <= int(limit * elapsed) + 2, qPrintable(QString::number(admitted)));
        QVERIFY(admitted < limit);
        // And a fresh key gets its whole budget.
        TestKey fresh = m_stack.admin().createKey("\"rate_limit_requests_per_min\":" + QByteArray::number(limit));
        int freshAdmitted = 0;
        for (int i = 0; i < limit; ++i)
            freshAdmitted += embed(i, fresh.key).status == 200 ? 1 : 0;
        QCOMPARE(freshAdmitted, limit);
    }

    void concurrencyReleasedOnEveryPath()
    {
        TestKey k = m_stack.admin().createKey("\"concurrency_limit\":1");
        const QString counter = QStringLiteral("ratelimit:key:%1:concurrency").arg(QString::fromLatin1(k.keyId));
        auto idle = [&] { return cli(QStringLiteral("GET"), counter) == QLatin1String("0"); };

        QCOMPARE(embed(0, k.key).status, 200); // success
        QTRY_VERIFY_WITH_TIMEOUT(idle(), 3000);
        QCOMPARE(RawHttp::post(m_stack.port(), "/v1/embeddings", "{\"model\":\"fail-model\",\"input\":\"x\"}", bearer(k.key)).status, 502); // engine error
        QTRY_VERIFY_WITH_TIMEOUT(idle(), 3000);
        QCOMPARE(RawHttp::post(m_stack.port(), "/v1/embeddings", "{\"model\":\"parked-model\",\"input\":\"x\"}", bearer(k.key)).status, 503); // no node
        QTRY_VERIFY_WITH_TIMEOUT(idle(), 3000);

        {   // client disconnect mid-stream
            StreamingResponse s;
            QVERIFY(s.open(m_stack.port(), RawHttp::build("POST", "/v1/chat/completions",
                                                       "{\"model\":\"slow-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":50,\"stream\":true}",
                                                       bearer(k.key))));
            QVERIFY(!s.nextChunk(3000).isEmpty());
            QCOMPARE(cli(QStringLiteral("GET"), counter), QStringLiteral("1"));
            // While it is in flight, a second request is refused and does not count.
            auto refused = embed(1, k.key);
            QCOMPARE(refused.status, 429);
            QCOMPARE(refused.json("/error/code"), QByteArray("concurrency_limit_exceeded"));
            QCOMPARE(cli(QStringLiteral("GET"), counter), QStringLiteral("1"));
            s.abort(); // client disconnect mid-stream
        }
        QTRY_VERIFY_WITH_TIMEOUT(idle(), 3000);

        // Upstream timeout: 50 tokens at 5/s take 10 s; non-streaming, the first byte comes only at the end.
        auto timedOut = RawHttp::post(m_stack.port(), "/v1/chat/completions",
                                      "{\"model\":\"slow-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":50}", bearer(k.key));
        QCOMPARE(timedOut.status, 504);
        QTRY_VERIFY_WITH_TIMEOUT(idle(), 3000);
        QCOMPARE(embed(0, k.key).status, 200); // and the slot is usable again
    }

    void killedReplicaSlotsAreReclaimed()
    {
        const auto doomed = m_stack.makeDaemon();
        QVERIFY(doomed->start());
        TestKey k = m_stack.admin().createKey("\"concurrency_limit\":5");
        QTRY_VERIFY_WITH_TIMEOUT(RawHttp::get(doomed->port(), "/v1/models", bearer(k.key)).body.contains("slow-model"), 5000);
        const QString counter = QStringLiteral("ratelimit:key:%1:concurrency").arg(QString::fromLatin1(k.keyId));
        std::vector<std::unique_ptr<StreamingResponse>> streams;
        for (int i = 0; i < 2; ++i) {
            auto s = std::make_unique<StreamingResponse>();
            QVERIFY(s->open(doomed->port(), RawHttp::build("POST", "/v1/chat/completions",
                                                          "{\"model\":\"slow-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":500,\"stream\":true}",
                                                          bearer(k.key))));
            QVERIFY(!s->nextChunk(3000).isEmpty());
            streams.push_back(std::move(s));
        }
        QCOMPARE(cli(QStringLiteral("GET"), counter), QStringLiteral("2"));
        doomed->kill(); // the replica dies holding two slots; nobody releases them
        QVERIFY(doomed->waitForExit(5000));
        QElapsedTimer t;
        t.start();
        QTRY_VERIFY_WITH_TIMEOUT(cli(QStringLiteral("GET"), counter) == QLatin1String("0"), 30000);
        qInfo("slots of the killed replica reclaimed after %lld ms (bound: lease 15 s + reaper period 5 s)", static_cast<long long>(t.elapsed()));
        QVERIFY(t.elapsed() < 21000);
    }

    void levelsWithoutALimitKeepNoCounters()
    {
        // Only what a limit reads is counted: the key's limits, not its environment's or tenant's (none set).
        AdminApi admin = m_stack.admin();
        TestKey k = admin.createKey("\"rate_limit_requests_per_min\":50");
        avoidMinuteBoundary(10);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(embed(i, k.key).status, 200);
        QCOMPARE(cli(QStringLiteral("GET"), minuteKey("key", k.keyId, "minute")), QStringLiteral("3"));
        for (const auto &[level, id] : {std::pair{"env", k.environmentId}, std::pair{"tenant", k.tenantId}})
            QCOMPARE(m_stack.redis().cli({QStringLiteral("KEYS"), QStringLiteral("ratelimit:%1:%2:*").arg(QLatin1String(level),
                                                                                                           QString::fromLatin1(id))}),
                     QString());
        // A limit set later counts from then on, exactly, on both replicas.
        QCOMPARE(admin.call("PATCH", "/admin/environments/" + k.environmentId, "{\"rate_limit_requests_per_min\":2}").status, 200);
        QTest::qWait(1500); // the key's cached limits are invalidated within 1 s
        int admitted = 0;
        for (int i = 0; i < 5; ++i)
            admitted += embed(i, k.key).status == 200 ? 1 : 0;
        QCOMPARE(admitted, 2);
        QCOMPARE(cli(QStringLiteral("GET"), minuteKey("env", k.environmentId, "minute")), QStringLiteral("2"));
        QCOMPARE(cli(QStringLiteral("GET"), minuteKey("tenant", k.tenantId, "minute")), QString());
    }

    void adminShowsAndClearsCounters()
    {
        AdminApi admin = m_stack.admin();
        TestKey k = admin.createKey("\"rate_limit_requests_per_min\":50");
        avoidMinuteBoundary(5);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(embed(i, k.key).status, 200);
        auto shown = admin.call("GET", "/admin/ratelimits/key/" + k.keyId);
        QCOMPARE(shown.status, 200);
        QCOMPARE(shown.json("/current/requests"), QByteArray("3"));
        QCOMPARE(shown.json("/limits/requests_per_min"), QByteArray("50"));
        QCOMPARE(shown.json("/current/concurrency"), QByteArray("0"));

        auto dry = admin.call("DELETE", "/admin/ratelimits/key/" + k.keyId + "?scope=minute&dry_run=true");
        QCOMPARE(dry.status, 200);
        QCOMPARE(dry.json("/dry_run"), QByteArray("true"));
        QCOMPARE(cli(QStringLiteral("GET"), minuteKey("key", k.keyId, "minute")), QStringLiteral("3")); // unchanged

        auto cleared = admin.call("DELETE", "/admin/ratelimits/key/" + k.keyId + "?scope=all");
        QCOMPARE(cleared.status, 200);
        QVERIFY(cleared.json("/audit_id").toInt() > 0);
        QCOMPARE(cli(QStringLiteral("GET"), minuteKey("key", k.keyId, "minute")), QString());
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'ratelimit.clear' AND target = 'key:%1'")
                                  .arg(QString::fromLatin1(k.keyId))).toInt(), 1);

        QCOMPARE(admin.call("GET", "/admin/ratelimits/bogus/" + k.keyId).status, 400);
        QCOMPARE(admin.call("GET", "/admin/ratelimits/key/not-a-uuid").status, 404);
        QCOMPARE(admin.call("DELETE", "/admin/ratelimits/key/" + k.keyId + "?scope=everything").status, 400);
    }
};

QTEST_GUILESS_MAIN(TestRateLimits)
#include "test_ratelimits.moc"
