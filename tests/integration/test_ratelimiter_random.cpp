// 10,000 randomized admit/release sequences (with operators clearing counters by hand in between) against real
// Redis: no counter ever goes negative, and when everything is released no in-flight slot is left behind; one script
// call per operation, and batched (RATE_LIMIT_BATCH: releases queued, riding with the next admission).
#include "base/spendperiod.h"
#include "ratelimit/ratelimiter.h"
#include "store/redisclient.h"
#include "support/testredis.h"

#include <QEventLoop>
#include <QRandomGenerator>
#include <QUuid>
#include <QtTest>

using namespace crosslogic;
using namespace crosslogic::test;

class TestRateLimiterRandom : public QObject
{
    Q_OBJECT

    RedisReply call(RedisClient &redis, const QList<QByteArray> &args)
    {
        RedisReply out;
        QEventLoop loop;
        redis.command(args, &loop, [&](const RedisReply &r) {
            out = r;
            loop.quit();
        });
        loop.exec();
        return out;
    }

private slots:
    void countersNeverNegative_data()
    {
        QTest::addColumn<bool>("batch");
        QTest::newRow("one call per operation") << false;
        QTest::newRow("batched") << true;
    }

    void countersNeverNegative()
    {
        QFETCH(bool, batch);
        TestRedis server;
        QVERIFY(server.start());
        RedisClient redis(RedisTarget{QStringLiteral("127.0.0.1"), server.port(), {}, 0, false, {}}, QStringLiteral("random"));
        redis.start();
        QTRY_VERIFY(redis.isConnected());
        RateLimitDefaults defaults;
        defaults.batch = batch;
        defaults.key = LevelLimits{1000000, 1000000000, 3}; // concurrency is what binds; minutes never run out here
        defaults.environment = LevelLimits{1000000, 0, 5};
        defaults.tenant = LevelLimits{0, 1000000000, 6};
        RateLimiter limiter(&redis, defaults);

        // Two tenants, three environments, five keys.
        QList<KeyInfo> keys;
        const QStringList tenants{QUuid::createUuid().toString(QUuid::WithoutBraces), QUuid::createUuid().toString(QUuid::WithoutBraces)};
        const QStringList envs{QUuid::createUuid().toString(QUuid::WithoutBraces), QUuid::createUuid().toString(QUuid::WithoutBraces),
                               QUuid::createUuid().toString(QUuid::WithoutBraces)};
        for (int i = 0; i < 5; ++i) {
            KeyInfo k;
            k.keyId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            k.environmentId = envs[i % 3];
            k.tenantId = tenants[(i % 3) == 2 ? 1 : 0];
            // Keys 0 and 3 have a spend cap (never reached): their operations carry spend keys and arguments, the
            // others none, and a batch mixes both.
            if (i % 3 == 0)
                k.budgets << SpendBudget{"key", k.keyId, qint64(1) << 50, "lifetime"};
            keys << k;
        }
        call(redis, {"SET", spendReadyKey(0), "1"});
        QHash<QString, qint64> spent; // per key with a cap: the costs its releases settled
        QList<QByteArray> counters;
        for (const KeyInfo &k : keys)
            counters << RateLimiter::counterKey("key", k.keyId, "concurrency");
        for (const QString &e : envs)
            counters << RateLimiter::counterKey("env", e, "concurrency");
        for (const QString &t : tenants)
            counters << RateLimiter::counterKey("tenant", t, "concurrency");

        QRandomGenerator rng(20261128);
        std::vector<Admission> held;
        int admitted = 0, rejected = 0, released = 0, operatorClears = 0, checks = 0;
        for (int step = 0; step < 10000; ++step) {
            const quint32 dice = rng.bounded(100);
            if (dice < 55 || held.empty()) {
                // One to three admissions in the same event-loop turn (one batch when batching).
                const int n = 1 + int(rng.bounded(3));
                std::vector<Admission> got{size_t(n)};
                int answered = 0;
                QEventLoop loop;
                for (int j = 0; j < n; ++j)
                    limiter.admit(keys[int(rng.bounded(5))], qint64(rng.bounded(50)), 1000, &loop, [&, j](Admission a) {
                        got[size_t(j)] = std::move(a);
                        if (++answered == n)
                            loop.quit();
                    });
                loop.exec();
                for (const Admission &a : got) {
                    if (a.admitted) {
                        ++admitted;
                        held.push_back(a);
                    } else {
                        ++rejected;
                        QCOMPARE(a.status, 429);
                    }
                }
            } else if (dice < 97) {
                const size_t i = rng.bounded(quint32(held.size()));
                const qint64 cost = rng.bounded(1000);
                limiter.release(held[i], qint64(rng.bounded(80)), cost);
                if (!held[i].spendKeys.isEmpty())
                    spent[QString::fromLatin1(held[i].spendKeys.first())] += cost;
                held.erase(held.begin() + qsizetype(i));
                ++released;
            } else {
                // An operator follows runbook §2.1 / §5.2 and deletes a counter while requests are in flight.
                call(redis, {"DEL", counters[int(rng.bounded(quint32(counters.size())))]});
                ++operatorClears;
            }
            if (step % 50 == 0) {
                const RedisReply values = call(redis, QList<QByteArray>{"MGET"} + counters);
                QCOMPARE(values.type, RedisReply::Type::Array);
                for (const RedisReply &v : values.elements)
                    QVERIFY2(v.toInteger(0) >= 0, v.str.constData());
                ++checks;
            }
        }
        for (const Admission &a : held)
            limiter.release(a, 0, 0);
        released += int(held.size());
        // Nothing leaked (batched, the last releases go out within RATE_LIMIT_BATCH_HOLD_MS).
        const auto leaked = [&] {
            const RedisReply after = call(redis, QList<QByteArray>{"MGET"} + counters);
            int nonZero = 0;
            for (const RedisReply &v : after.elements)
                nonZero += v.toInteger(0) != 0 ? 1 : 0;
            return nonZero;
        };
        QTRY_COMPARE_WITH_TIMEOUT(leaked(), 0, 3000);
        // Each capped key's spend is what its releases settled: every reservation was corrected exactly once.
        QCOMPARE(spent.size(), 2);
        for (auto it = spent.cbegin(); it != spent.cend(); ++it)
            QCOMPARE(call(redis, {"GET", it.key().toLatin1()}).toInteger(-1), it.value());
        // Token windows never negative either.
        const RedisReply tokenKeys = call(redis, {"KEYS", "ratelimit:*:tokens:*"});
        for (const RedisReply &k : tokenKeys.elements)
            QVERIFY(call(redis, {"GET", k.str}).toInteger(0) >= 0);
        qInfo("admitted %d, rejected %d, released %d, operator clears %d, %d checks of %lld counters: none negative, none leaked",
              admitted, rejected, released, operatorClears, checks, static_cast<long long>(counters.size()));
        QVERIFY(rejected > 0 && admitted > 1000);
    }
};

QTEST_GUILESS_MAIN(TestRateLimiterRandom)
#include "test_ratelimiter_random.moc"
