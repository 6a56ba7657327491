// RateLimiter's decisions against a scripted Redis: admission, 429s and their headers, the NOSCRIPT fallback,
// release and settle commands, fail-open and fail-closed when Redis is down; with RATE_LIMIT_BATCH, what a turn
// has ready as one call, releases ahead of admissions.
#include "ratelimit/ratelimiter.h"
#include "ratelimit/ratelimitscripts.h"
#include "store/redisslot.h"
#include "support/fakeredis.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRegularExpression>
#include <QtTest>
#include <optional>

using namespace crosslogic;
using crosslogic::test::FakeRedis;

namespace {
// Distinct limits per level, so a message or an argument shows which level it came from. The environment's come
// from the defaults (its row has none).
KeyInfo testKey()
{
    KeyInfo k;
    k.keyId = QStringLiteral("k1");
    k.environmentId = QStringLiteral("e1");
    k.tenantId = QStringLiteral("t1");
    k.keyLimits = {10, 1000, 2};
    k.tenantLimits = {30, 3000, 4};
    return k;
}

// One script call per admission and per release (RATE_LIMIT_BATCH=false): the format each operation has alone.
RateLimitDefaults testDefaults(bool failOpen = true)
{
    RateLimitDefaults d;
    d.batch = false;
    d.key = {60, 100000, 10};
    d.environment = {20, 2000, 3};
    d.tenant = {600, 1000000, 100};
    d.failOpen = failOpen;
    return d;
}

QByteArray sha1(const char *script)
{
    return QCryptographicHash::hash(QByteArray(script), QCryptographicHash::Sha1).toHex();
}

std::optional<Admission> admitNow(RateLimiter &limiter, const KeyInfo &key, qint64 estimate)
{
    std::optional<Admission> got;
    QObject context;
    limiter.admit(key, estimate, &context, [&got](Admission a) { got = std::move(a); });
    if (!QTest::qWaitFor([&got] { return got.has_value(); }, 1000))
        return std::nullopt;
    return got;
}

QByteArray header(const Admission &a, const QByteArray &name)
{
    for (const auto &[k, v] : a.headers)
        if (k == name)
            return v;
    return {};
}

// What the admission script reports: admitted or not, the failed level and kind, the counts before this request.
RedisReply admitted() { return FakeRedis::integers({1, 0, 0, 3, 100, 1, 5, 200, 1, 7, 300, 1}); }

RateLimitDefaults batchDefaults()
{
    RateLimitDefaults d = testDefaults();
    d.batch = true;
    d.batchHoldMs = 1;
    return d;
}
} // namespace

class TestRateLimiter : public QObject
{
    Q_OBJECT
private slots:
    void admissionSendsEveryCounterInOneEvalsha()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, testDefaults());
        redis.script("EVALSHA", admitted());
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const auto a = admitNow(limiter, testKey(), 50);
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(a);
        QVERIFY(a->admitted);
        QVERIFY(a->viaRedis);

        const auto sent = redis.commandsNamed("EVALSHA");
        QCOMPARE(sent.size(), 1);
        const QList<QByteArray> &c = sent.first();
        QCOMPARE(c.size(), 3 + 16 + 3 + 9);
        QCOMPARE(c[1], sha1(kAdmitScript));
        QCOMPARE(c[2], QByteArray("16"));
        QCOMPARE(c[3], "ratelimit:replica:" + limiter.replicaId() + ":inflight");
        // The sliding window: this minute's and the previous minute's counters, per level.
        const qint64 at = c[4].endsWith(RateLimiter::minuteStamp(before)) ? before : after;
        const QByteArray cur = RateLimiter::minuteStamp(at), prev = RateLimiter::minuteStamp(at - 60000);
        const char *levels[3] = {"key", "env", "tenant"};
        const QString ids[3] = {QStringLiteral("k1"), QStringLiteral("e1"), QStringLiteral("t1")};
        for (int l = 0; l < 3; ++l) {
            const int k = 4 + 5 * l;
            QCOMPARE(c[k], RateLimiter::counterKey(levels[l], ids[l], "minute", cur));
            QCOMPARE(c[k + 1], RateLimiter::counterKey(levels[l], ids[l], "minute", prev));
            QCOMPARE(c[k + 2], RateLimiter::counterKey(levels[l], ids[l], "tokens", cur));
            QCOMPARE(c[k + 3], RateLimiter::counterKey(levels[l], ids[l], "tokens", prev));
            QCOMPARE(c[k + 4], RateLimiter::counterKey(levels[l], ids[l], "concurrency"));
        }
        QVERIFY(QRegularExpression(QStringLiteral("^[01]\\.\\d{6}$")).match(QString::fromLatin1(c[19])).hasMatch());
        QCOMPARE(c[20], QByteArray("50"));  // the token estimate
        QCOMPARE(c[21], QByteArray("180")); // window TTL
        // Limits: the key's own, the environment's from the defaults, the tenant's own.
        const QList<QByteArray> limits{"10", "1000", "2", "20", "2000", "3", "30", "3000", "4"};
        QCOMPARE(c.mid(22), limits);
        // The keys kept for release are the ones the script incremented.
        QCOMPARE(a->tokenKeys[2], RateLimiter::counterKey("tenant", ids[2], "tokens", cur));
        QCOMPARE(a->concurrencyKeys[1], RateLimiter::counterKey("env", ids[1], "concurrency"));
    }

    void admittedCarriesTheKeysHeaders()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, testDefaults());
        redis.script("EVALSHA", admitted());
        const auto a = admitNow(limiter, testKey(), 50);
        QVERIFY(a && a->admitted);
        QCOMPARE(a->status, 0);
        // The key level's counts (3 requests, 100 tokens before this one) plus this request.
        QCOMPARE(header(*a, "x-ratelimit-limit-requests"), QByteArray("10"));
        QCOMPARE(header(*a, "x-ratelimit-remaining-requests"), QByteArray("6"));
        QCOMPARE(header(*a, "x-ratelimit-limit-tokens"), QByteArray("1000"));
        QCOMPARE(header(*a, "x-ratelimit-remaining-tokens"), QByteArray("850"));
        const QRegularExpression reset(QStringLiteral("^(\\d+ms|\\d+s|1m0s)$"));
        QVERIFY2(reset.match(QString::fromLatin1(header(*a, "x-ratelimit-reset-requests"))).hasMatch(),
                 header(*a, "x-ratelimit-reset-requests").constData());
        QCOMPARE(header(*a, "x-ratelimit-reset-tokens"), header(*a, "x-ratelimit-reset-requests"));
        QVERIFY(header(*a, "retry-after").isEmpty());
    }

    void rejected_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("levelName");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<QString>("message");
        const char *names[3] = {"key", "env", "tenant"};
        const char *words[3] = {"API key", "environment", "tenant"};
        for (int level = 1; level <= 3; ++level) {
            const QByteArray n = names[level - 1];
            const QString w = QString::fromLatin1(words[level - 1]);
            QTest::newRow(QByteArray(n + "-requests").constData()) << level << 1 << n << QByteArray("requests") << QByteArray("rate_limit_exceeded")
                                           << QStringLiteral("for this %1: %2 requests per minute").arg(w).arg(level * 10);
            QTest::newRow(QByteArray(n + "-tokens").constData()) << level << 2 << n << QByteArray("tokens") << QByteArray("rate_limit_exceeded")
                                         << QStringLiteral("for this %1: %2 tokens per minute").arg(w).arg(level * 1000);
            QTest::newRow(QByteArray(n + "-concurrency").constData()) << level << 3 << n << QByteArray("concurrency")
                                              << QByteArray("concurrency_limit_exceeded")
                                              << QStringLiteral("for this %1: limit %2 in flight").arg(w).arg(level + 1);
        }
    }

    void rejected()
    {
        QFETCH(int, level);
        QFETCH(int, kind);
        QFETCH(QByteArray, levelName);
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, code);
        QFETCH(QString, message);
        FakeRedis redis;
        RateLimiter limiter(&redis, testDefaults());
        // Counts for the levels checked up to the failing one: the key level is full on requests (10 of 10).
        std::vector<long long> reply{0, level, kind};
        for (int l = 0; l < level; ++l)
            reply.insert(reply.end(), {10, 900, 1});
        redis.script("EVALSHA", FakeRedis::integers(reply));

        const auto a = admitNow(limiter, testKey(), 50);
        QVERIFY(a);
        QVERIFY(!a->admitted);
        QCOMPARE(a->status, 429);
        QCOMPARE(a->level, levelName);
        QCOMPARE(a->type, type);
        QCOMPARE(a->code, code);
        QVERIFY2(a->message.contains(message), qPrintable(a->message));
        const Error e = a->error();
        QCOMPARE(e.status, 429);
        QCOMPARE(e.type, type);
        QCOMPARE(e.code, code);
        // A full concurrency slot frees within a request; a minute window at its end.
        const int retry = header(*a, "retry-after").toInt();
        QCOMPARE(retry, a->retryAfterSeconds);
        if (kind == 3)
            QCOMPARE(retry, 1);
        else
            QVERIFY2(retry >= 1 && retry <= 60, header(*a, "retry-after").constData());
        // The headers describe the key level, without counting the refused request.
        QCOMPARE(header(*a, "x-ratelimit-remaining-requests"), QByteArray("0"));
        QCOMPARE(header(*a, "x-ratelimit-remaining-tokens"), QByteArray("100"));
    }

    void noscriptFallsBackToEvalOnce()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, testDefaults());
        redis.script("EVALSHA", FakeRedis::error("NOSCRIPT No matching script. Please use EVAL."));
        redis.script("EVAL", admitted());
        const auto a = admitNow(limiter, testKey(), 50);
        QVERIFY(a && a->admitted && a->viaRedis);
        const auto evalsha = redis.commandsNamed("EVALSHA"), eval = redis.commandsNamed("EVAL");
        QCOMPARE(evalsha.size(), 1);
        QCOMPARE(eval.size(), 1);
        QCOMPARE(eval[0][1], QByteArray(kAdmitScript)); // the source, which Redis caches again
        QCOMPARE(eval[0].mid(2), evalsha[0].mid(2));    // the same keys and arguments
    }

    void noscriptTwiceIsNotALoop()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, testDefaults());
        redis.script("EVALSHA", FakeRedis::error("NOSCRIPT No matching script."));
        redis.script("EVAL", FakeRedis::error("NOSCRIPT No matching script."));
        redis.script("EVAL", admitted());
        const auto a = admitNow(limiter, testKey(), 50);
        QVERIFY(a);
        QTest::qWait(20);
        QCOMPARE(redis.commandsNamed("EVAL").size(), 1);
        // Redis failed to decide: the fail-open policy admits through the local window.
        QVERIFY(a->admitted);
        QVERIFY(!a->viaRedis);
        QCOMPARE(limiter.fallbackAdmissions(), quint64(1));
    }

    void releaseSettlesTokensAndFreesSlots()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, testDefaults());
        redis.script("EVALSHA", admitted());
        const auto a = admitNow(limiter, testKey(), 50);
        QVERIFY(a && a->admitted);
        redis.clearCommands();

        limiter.release(*a, 80);
        limiter.release(*a, 20);
        const auto sent = redis.commandsNamed("EVALSHA");
        QCOMPARE(sent.size(), 2);
        for (const QList<QByteArray> &c : sent) {
            QCOMPARE(c.size(), 3 + 7 + 5);
            QCOMPARE(c[1], sha1(kReleaseScript));
            QCOMPARE(c[2], QByteArray("7"));
            for (int l = 0; l < 3; ++l) {
                QCOMPARE(c[3 + l], a->tokenKeys[size_t(l)]);
                QCOMPARE(c[6 + l], a->concurrencyKeys[size_t(l)]);
            }
            QCOMPARE(c[9], "ratelimit:replica:" + limiter.replicaId() + ":inflight");
            QCOMPARE(c[11], QByteArray("180"));
            QCOMPARE(c.mid(12), (QList<QByteArray>{"0", "3", "3"})); // no spend; 3 token and 3 concurrency counters
        }
        // The correction: actual tokens minus the estimate admitted.
        QCOMPARE(sent[0][10], QByteArray("30"));
        QCOMPARE(sent[1][10], QByteArray("-30"));
    }

    void levelsWithoutALimitAreNeitherCountedNorReleased()
    {
        // The key limits tokens only, the environment nothing, the tenant concurrency only.
        RateLimitDefaults d = testDefaults();
        d.key = d.environment = d.tenant = {0, 0, 0};
        KeyInfo key = testKey();
        key.keyLimits = {0, 1000, 0};
        key.tenantLimits = {0, 0, 4};
        FakeRedis redis;
        RateLimiter limiter(&redis, d);
        redis.script("EVALSHA", admitted());
        const auto a = admitNow(limiter, key, 50);
        QVERIFY(a && a->admitted);
        // The admission names only the counters a limit reads: the key's two token windows, the tenant's
        // concurrency (after the in-flight hash), and passes every limit.
        const QList<QByteArray> admission = redis.commandsNamed("EVALSHA").value(0);
        QCOMPARE(admission[2], QByteArray("4"));
        QCOMPARE(admission.mid(10), (QList<QByteArray>{"0", "1000", "0", "0", "0", "0", "0", "0", "4"}));
        QCOMPARE(a->tokenKeys[0], admission[4]);
        QVERIFY(admission[5].startsWith(QByteArray(RateLimiter::counterKey("key", key.keyId, "tokens") + ':'))); // the previous minute's
        QVERIFY(admission[5] != admission[4]);
        QVERIFY(a->tokenKeys[1].isEmpty() && a->tokenKeys[2].isEmpty());
        QVERIFY(a->concurrencyKeys[0].isEmpty() && a->concurrencyKeys[1].isEmpty());
        QCOMPARE(a->concurrencyKeys[2], admission[6]);
        redis.clearCommands();

        limiter.release(*a, 80);
        const QList<QByteArray> c = redis.commandsNamed("EVALSHA").value(0);
        QCOMPARE(c.size(), 3 + 3 + 5);
        QCOMPARE(c[2], QByteArray("3"));
        QCOMPARE(c.mid(3, 3), (QList<QByteArray>{a->tokenKeys[0], a->concurrencyKeys[2],
                                                 "ratelimit:replica:" + limiter.replicaId() + ":inflight"}));
        QCOMPARE(c.mid(6), (QList<QByteArray>{"30", "180", "0", "1", "1"}));
    }

    void refusedAdmissionReleasesNothing()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, testDefaults());
        redis.script("EVALSHA", FakeRedis::integers({0, 1, 1, 10, 0, 0}));
        const auto a = admitNow(limiter, testKey(), 50);
        QVERIFY(a && !a->admitted);
        redis.clearCommands();
        limiter.release(*a, 50);
        QVERIFY(redis.commands().isEmpty());
    }

    void failOpenLimitsLocallyWhileRedisIsDown()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, testDefaults(true));
        redis.setConnected(false);
        redis.clearCommands();
        KeyInfo key = testKey();
        key.keyLimits = {2, 0, 0};
        const auto first = admitNow(limiter, key, 10), second = admitNow(limiter, key, 10), third = admitNow(limiter, key, 10);
        QVERIFY(first && second && third);
        QVERIFY(first->admitted && second->admitted);
        QVERIFY(!first->viaRedis);
        QCOMPARE(limiter.fallbackAdmissions(), quint64(2));
        QVERIFY(!third->admitted);
        QCOMPARE(third->status, 429);
        QCOMPARE(third->type, QByteArray("requests"));
        QCOMPARE(header(*third, "retry-after"), QByteArray("1"));
        QVERIFY(redis.commands().isEmpty()); // not even attempted
        // Releasing a local admission frees its slot without a Redis command.
        key.keyLimits = {0, 0, 1};
        key.keyId = QStringLiteral("k2");
        const auto held = admitNow(limiter, key, 0);
        QVERIFY(held && held->admitted);
        QVERIFY(!admitNow(limiter, key, 0)->admitted);
        limiter.release(*held, 0);
        QVERIFY(admitNow(limiter, key, 0)->admitted);
        QVERIFY(redis.commands().isEmpty());
    }

    void failClosedRefusesWith503WhileRedisIsDown()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, testDefaults(false));
        redis.setConnected(false);
        const auto a = admitNow(limiter, testKey(), 10);
        QVERIFY(a);
        QVERIFY(!a->admitted);
        QCOMPARE(a->status, 503);
        QCOMPARE(a->code, QByteArray("rate_limiter_unavailable"));
        QCOMPARE(header(*a, "retry-after"), QByteArray("1"));
        QCOMPARE(a->error().status, 503);
        QVERIFY(a->error().type.isEmpty()); // a 503's type follows from its status
    }

    void redisErrorAppliesThePolicy()
    {
        FakeRedis redis;
        RateLimiter closed(&redis, testDefaults(false));
        redis.script("EVALSHA", FakeRedis::error("OOM command not allowed when used memory > 'maxmemory'."));
        const auto refused = admitNow(closed, testKey(), 10);
        QVERIFY(refused && !refused->admitted);
        QCOMPARE(refused->status, 503);

        RateLimiter open(&redis, testDefaults(true));
        redis.script("EVALSHA", FakeRedis::error("OOM command not allowed when used memory > 'maxmemory'."));
        const auto let = admitNow(open, testKey(), 10);
        QVERIFY(let && let->admitted);
        QVERIFY(!let->viaRedis);
    }

    void leaseRenewedUnderANewIdentityAfterAnOutage()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, testDefaults());
        const QByteArray first = limiter.replicaId();
        QCOMPARE(redis.commandsNamed("SADD").value(0), (QList<QByteArray>{"SADD", "ratelimit:replicas", first}));
        redis.setConnected(false);
        redis.clearCommands();
        redis.setConnected(true);
        // Releases lost during the outage leak slots under the old id: the new id's lease is the one renewed.
        const QByteArray second = limiter.replicaId();
        QVERIFY(second != first);
        QCOMPARE(redis.commandsNamed("SET").value(0),
                 (QList<QByteArray>{"SET", "ratelimit:replica:" + second + ":alive", "1", "PX", "15000"}));
        QCOMPARE(redis.commandsNamed("SADD").value(0), (QList<QByteArray>{"SADD", "ratelimit:replicas", second}));
    }

    void aTurnsAdmissionsAndQueuedReleasesGoOutAsOneCall()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, batchDefaults());
        redis.script("EVALSHA", admitted());
        const auto held = admitNow(limiter, testKey(), 50);
        QVERIFY(held && held->admitted);
        redis.clearCommands();

        // A release, then two admissions in the same turn: one call, the release first, the answers split.
        RedisReply batch = FakeRedis::integers({0, 12, 1, 0, 0, 3, 100, 1, 5, 200, 1, 7, 300, 1, 12, 0, 1, 1, 10, 0, 0, 0, 0, 0, 0, 0, 0});
        redis.script("EVALSHA", batch);
        limiter.release(*held, 80);
        std::optional<Admission> first, second;
        QObject context;
        limiter.admit(testKey(), 50, &context, [&first](Admission a) { first = std::move(a); });
        limiter.admit(testKey(), 50, &context, [&second](Admission a) { second = std::move(a); });
        QVERIFY(redis.commands().isEmpty()); // nothing before the turn ends
        QVERIFY(QTest::qWaitFor([&] { return first && second; }, 1000));
        const auto sent = redis.commandsNamed("EVALSHA");
        QCOMPARE(sent.size(), 1);
        const QList<QByteArray> &c = sent.first();
        QCOMPARE(c[1], sha1(kBatchScript));
        QCOMPARE(c[2], QByteArray::number(7 + 16 + 16));
        QCOMPARE(c[3], held->tokenKeys[0]); // the release's keys come first
        const QList<QByteArray> argv = c.mid(3 + 7 + 16 + 16);
        QCOMPARE(argv.mid(0, 8), (QList<QByteArray>{"r", "7", "5", "30", "180", "0", "3", "3"}));
        QCOMPARE(argv.mid(8, 3), (QList<QByteArray>{"a", "16", "12"}));
        QCOMPARE(argv.mid(23, 3), (QList<QByteArray>{"a", "16", "12"}));
        QCOMPARE(argv.size(), 8 + 15 + 15);
        QVERIFY(first->admitted && first->viaRedis);
        QVERIFY(!second->admitted);
        QCOMPARE(second->status, 429);
        QCOMPARE(second->type, QByteArray("requests"));
        QCOMPARE(second->level, QByteArray("key"));
    }

    void whatIsReadyWaitsForTheCallOnItsWay()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, batchDefaults());
        redis.holdReplies(true);
        redis.script("EVALSHA", admitted());
        QObject context;
        std::optional<Admission> first, second, third;
        limiter.admit(testKey(), 50, &context, [&first](Admission a) { first = std::move(a); });
        // An idle limiter sends at once (the end of this turn), with the admission script of its own.
        QVERIFY(QTest::qWaitFor([&redis] { return redis.heldReplies() == 1; }, 1000));
        QCOMPARE(redis.commandsNamed("EVALSHA").value(0).value(1), sha1(kAdmitScript));
        // Two more in later turns while that call is on its way: they wait for its answer.
        limiter.admit(testKey(), 50, &context, [&second](Admission a) { second = std::move(a); });
        QTest::qWait(20);
        limiter.admit(testKey(), 50, &context, [&third](Admission a) { third = std::move(a); });
        QTest::qWait(20);
        QCOMPARE(redis.commandsNamed("EVALSHA").size(), 1);
        QVERIFY(!first && !second && !third);
        // The answer comes: the first is admitted, and the two waiting go out together as the next call.
        redis.script("EVALSHA", FakeRedis::integers({12, 1, 0, 0, 3, 100, 1, 5, 200, 1, 7, 300, 1, 12, 1, 0, 0, 4, 100, 1,
                                                     5, 200, 1, 7, 300, 1}));
        redis.answerHeld();
        QVERIFY(QTest::qWaitFor([&] { return first.has_value() && redis.heldReplies() == 1; }, 1000));
        QVERIFY(first->admitted);
        const auto sent = redis.commandsNamed("EVALSHA");
        QCOMPARE(sent.size(), 2);
        QCOMPARE(sent[1][1], sha1(kBatchScript));
        QCOMPARE(sent[1][2], QByteArray::number(16 + 16));
        QVERIFY(!second && !third);
        redis.answerHeld();
        QVERIFY(QTest::qWaitFor([&] { return second && third; }, 1000));
        QVERIFY(second->admitted && third->admitted);
        QCOMPARE(header(*third, "x-ratelimit-remaining-requests"), QByteArray("5"));
    }

    void aCallWhoseRequestIsGoneStillLetsTheNextOneGo()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, batchDefaults());
        redis.holdReplies(true);
        redis.script("EVALSHA", admitted());
        redis.script("EVALSHA", admitted());
        std::optional<Admission> later;
        {
            QObject gone;
            limiter.admit(testKey(), 50, &gone, [](Admission) { QFAIL("answered a request that is gone"); });
            QVERIFY(QTest::qWaitFor([&redis] { return redis.heldReplies() == 1; }, 1000));
        }
        QObject context;
        limiter.admit(testKey(), 50, &context, [&later](Admission a) { later = std::move(a); });
        QTest::qWait(20);
        QCOMPARE(redis.commandsNamed("EVALSHA").size(), 1);
        redis.answerHeld();
        QVERIFY(QTest::qWaitFor([&redis] { return redis.heldReplies() == 1; }, 1000));
        QCOMPARE(redis.commandsNamed("EVALSHA").size(), 2);
        redis.answerHeld();
        QVERIFY(QTest::qWaitFor([&later] { return later.has_value(); }, 1000));
        QVERIFY(later->admitted);
    }

    void clusterLayoutBatchesEachTenantApart()
    {
        // Redis Cluster: a batch must stay in one slot; one request's keys share its tenant's.
        setRedisClusterKeyLayout(true);
        FakeRedis redis;
        RateLimiter limiter(&redis, batchDefaults());
        KeyInfo other = testKey();
        other.keyId = QStringLiteral("k2");
        other.environmentId = QStringLiteral("e2");
        other.tenantId = QStringLiteral("t2");
        QObject context;
        int answered = 0;
        for (const KeyInfo &k : {testKey(), other, testKey()})
            limiter.admit(k, 50, &context, [&answered](Admission) { ++answered; });
        QVERIFY(QTest::qWaitFor([&answered] { return answered == 3; }, 1000));
        setRedisClusterKeyLayout(false);
        const auto sent = redis.commandsNamed("EVALSHA");
        QCOMPARE(sent.size(), 2);
        // The first tenant's two admissions as one batch, the other's alone; every key of a call in one slot.
        QCOMPARE(sent[0][1], sha1(kBatchScript));
        QCOMPARE(sent[0][2], QByteArray::number(16 + 16));
        QCOMPARE(sent[1][1], sha1(kAdmitScript));
        for (const QList<QByteArray> &c : sent) {
            const int keys = c[2].toInt();
            for (int i = 3; i < 3 + keys; ++i)
                QCOMPARE(redisKeySlot(c[i]), redisKeySlot(c[3]));
        }
        QVERIFY(sent[0][3].startsWith("ratelimit:{t1}:"));
        QVERIFY(sent[1][3].startsWith("ratelimit:{t2}:"));
    }

    void aReleaseAloneGoesOutWithinTheHold()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, batchDefaults());
        redis.script("EVALSHA", admitted());
        const auto held = admitNow(limiter, testKey(), 50);
        QVERIFY(held && held->admitted);
        redis.clearCommands();
        limiter.release(*held, 20);
        QVERIFY(redis.commands().isEmpty());
        // RATE_LIMIT_BATCH_HOLD_MS is 1: the loop's next turns send it, with the release script of its own.
        QVERIFY(QTest::qWaitFor([&redis] { return !redis.commandsNamed("EVALSHA").isEmpty(); }, 1000));
        const auto sent = redis.commandsNamed("EVALSHA");
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent[0][1], sha1(kReleaseScript));
        QCOMPARE(sent[0][10], QByteArray("-30"));
    }

    void oneFailedOperationLeavesTheOthersOfItsBatch()
    {
        FakeRedis redis;
        RateLimiter limiter(&redis, [] { RateLimitDefaults d = batchDefaults(); d.failOpen = false; return d; }());
        RedisReply batch = FakeRedis::integers({-1, 0, 12, 1, 0, 0, 3, 100, 1, 5, 200, 1, 7, 300, 1});
        batch.elements[1] = FakeRedis::bulk("WRONGTYPE Operation against a key holding the wrong kind of value");
        redis.script("EVALSHA", batch);
        std::optional<Admission> first, second;
        QObject context;
        limiter.admit(testKey(), 50, &context, [&first](Admission a) { first = std::move(a); });
        limiter.admit(testKey(), 50, &context, [&second](Admission a) { second = std::move(a); });
        QVERIFY(QTest::qWaitFor([&] { return first && second; }, 1000));
        QCOMPARE(redis.commandsNamed("EVALSHA").size(), 1);
        QVERIFY(!first->admitted);
        QCOMPARE(first->status, 503); // fail-closed: that one's counters could not be read
        QVERIFY(second->admitted && second->viaRedis);
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "test_ratelimiter.moc"
