// Redis stopped mid-load and restarted: fail-open keeps serving, limits resume, no counter goes negative;
// with RATE_LIMIT_REDIS_FAILURE=closed the gateway answers 503 while Redis is down.
#include "faultfixture.h"
#include "loadrunner.h"
#include "support/scrape.h"

#include <QThread>
#include <QtTest>

using namespace crosslogic::test;

class TestFaultRedis : public QObject
{
    Q_OBJECT
    TestStack m_stack;

    // Every ratelimit:* string counter in Redis, as an operator would read them with redis-cli GET.
    void assertNoNegativeCounters(const QByteArray &keyId)
    {
        const QString concurrency = m_stack.redis().cli({QStringLiteral("GET"), QStringLiteral("ratelimit:key:%1:concurrency").arg(QString::fromLatin1(keyId))});
        qInfo("redis-cli GET ratelimit:key:%s:concurrency -> '%s'", keyId.constData(), qPrintable(concurrency));
        QVERIFY2(concurrency.isEmpty() || concurrency.toLongLong() == 0, qPrintable(concurrency)); // idle: no slot held
        const QStringList keys = m_stack.redis().cli({QStringLiteral("--scan"), QStringLiteral("--pattern"), QStringLiteral("ratelimit:*")})
                                     .split(u'\n', Qt::SkipEmptyParts);
        int checked = 0;
        for (const QString &k : keys) {
            if (m_stack.redis().cli({QStringLiteral("TYPE"), k}) != QLatin1String("string"))
                continue;
            bool numeric = false;
            const qlonglong v = m_stack.redis().cli({QStringLiteral("GET"), k}).toLongLong(&numeric);
            QVERIFY2(!numeric || v >= 0, qPrintable(k + QLatin1String(" is negative")));
            ++checked;
        }
        qInfo("checked %d ratelimit counters: none negative", checked);
    }

    static double redisErrorsTotal(quint16 port) { return scrapeMetric(port, "redis_errors_total"); }

private slots:
    void initTestCase()
    {
        startFaultServices(m_stack);
    }

    void failOpenKeepsServingAndLimitsResume()
    {
        const auto daemon = m_stack.makeDaemon();
        QVERIFY2(daemon->start(), daemon->log().constData());
        const TestKey key = AdminApi(daemon->port()).createKey("\"concurrency_limit\":100,\"rate_limit_requests_per_min\":10000000,\"rate_limit_tokens_per_min\":1000000000");
        const TestKey limited = AdminApi(daemon->port()).addKey(key, "\"rate_limit_requests_per_min\":5");
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status, 200, 5000);

        LoadRunner load(daemon->port(), RawHttp::build("POST", "/v1/chat/completions", chatBody(3), bearer(key.key)), 4);
        load.start();
        QThread::msleep(1500);
        const int beforeOutage = load.sent();
        m_stack.redis().stop();
        QThread::msleep(4000);
        const int duringOutage = load.sent() - beforeOutage;
        QVERIFY(m_stack.redis().start());
        QThread::msleep(3000);
        load.stop();
        qInfo("redis outage under load: %s; %d requests while Redis was down", qPrintable(load.summary()), duringOutage);
        QVERIFY2(daemon->isRunning(), daemon->log().right(3000).constData());
        QVERIFY(duringOutage > 10);
        QCOMPARE(load.failed(), 0);

        // Limits resume once Redis is back: a 5 requests/min key gets 429s again.
        int tooMany = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const int s = RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(1), bearer(limited.key)).status;
                tooMany += s == 429 ? 1 : 0;
                return tooMany >= 2;
            }(),
            15000);
        QTRY_VERIFY_WITH_TIMEOUT(m_stack.redis().cli({QStringLiteral("GET"), QStringLiteral("ratelimit:key:%1:concurrency").arg(QString::fromLatin1(key.keyId))}).toLongLong() <= 0, 5000);
        assertNoNegativeCounters(key.keyId);
        daemon->terminate();
        QVERIFY(daemon->waitForExit(15000));
    }

    void failClosedAnswers503()
    {
        const auto daemon = m_stack.makeDaemon();
        daemon->setEnv(QStringLiteral("RATE_LIMIT_REDIS_FAILURE"), QStringLiteral("closed"));
        QVERIFY2(daemon->start(), daemon->log().constData());
        const TestKey key = AdminApi(daemon->port()).createKey();
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status, 200, 5000);
        m_stack.redis().stop();
        HttpResult r;
        QTRY_VERIFY_WITH_TIMEOUT((r = RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key))).status == 503, 5000);
        qInfo("fail-closed while Redis is down: %d %s", r.status, r.body.constData());
        QVERIFY(r.json("/error/message") != "<absent>");

        QVERIFY(m_stack.redis().start());
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status, 200, 15000);
        assertNoNegativeCounters(key.keyId);
        QVERIFY(daemon->isRunning());
        daemon->terminate();
        QVERIFY(daemon->waitForExit(15000));
    }

    // Redis up but refusing writes (maxmemory reached, noeviction): every admission gets an error reply.
    // redis_errors_total counts them on both I/O threads' connections: 40 requests, each on a new connection (the
    // kernel spreads them over the threads), add at least 40.
    void errorRepliesOfEveryThreadAreCounted()
    {
        const auto daemon = m_stack.makeDaemon();
        daemon->setEnv(QStringLiteral("RATE_LIMIT_REDIS_FAILURE"), QStringLiteral("closed"));
        daemon->setEnv(QStringLiteral("GATEWAY_IO_THREADS"), QStringLiteral("2"));
        QVERIFY2(daemon->start(), daemon->log().constData());
        const TestKey key = AdminApi(daemon->port()).createKey();
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status, 200, 5000);
        const QString policy = m_stack.redis().cli({QStringLiteral("CONFIG"), QStringLiteral("GET"), QStringLiteral("maxmemory-policy")});
        m_stack.redis().cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("maxmemory-policy"), QStringLiteral("noeviction")});
        m_stack.redis().cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("maxmemory"), QStringLiteral("1")});
        const double before = redisErrorsTotal(daemon->port());
        int refused = 0;
        for (int i = 0; i < 40; ++i)
            refused += RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status == 503 ? 1 : 0;
        const double after = redisErrorsTotal(daemon->port());
        m_stack.redis().cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("maxmemory"), QStringLiteral("0")});
        m_stack.redis().cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("maxmemory-policy"), policy.split(u'\n').value(1, QStringLiteral("noeviction"))});
        qInfo("Redis refusing writes: %d of 40 requests refused; redis_errors_total %.0f -> %.0f", refused, before, after);
        QCOMPARE(refused, 40);
        QVERIFY2(after - before >= 40, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status, 200, 5000);
        daemon->terminate();
        QVERIFY(daemon->waitForExit(15000));
    }
};

QTEST_GUILESS_MAIN(TestFaultRedis)
#include "test_fault_redis.moc"
