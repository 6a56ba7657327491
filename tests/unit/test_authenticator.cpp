// Authenticator's cache layers and judgments against a scripted Redis: format rejections before any look-up, the
// process cache, the Redis cache, revocation pushed to every replica. PostgreSQL is an unreachable address here, so
// a look-up that reaches it answers 503; the database's answers are covered by test_gateway (key states, the
// api_key:<sha256> entry written after a look-up) and test_fault_postgres (stale-if-down).
#include "gateway/authenticator.h"
#include "security/apikey.h"
#include "store/dbpool.h"
#include "support/fakeredis.h"

#include <QDateTime>
#include <QtTest>
#include <optional>

using namespace crosslogic;
using crosslogic::test::FakeRedis;

namespace {
DatabaseTarget unreachableDatabase()
{
    DatabaseTarget t;
    t.host = QStringLiteral("127.0.0.1");
    t.port = 1; // nothing listens: connection refused at once
    t.user = QStringLiteral("nobody");
    t.database = QStringLiteral("crosslogic");
    return t;
}

KeyInfo activeKey(const ApiKeyParts &parts)
{
    KeyInfo k;
    k.keyId = QStringLiteral("key-1");
    k.tenantId = QStringLiteral("tenant-1");
    k.environmentId = QStringLiteral("env-1");
    k.keyPrefix = parts.prefix;
    k.keyStatus = k.tenantStatus = k.environmentStatus = QStringLiteral("active");
    return k;
}

RedisReply cacheEntry(const KeyInfo &k)
{
    return FakeRedis::bulk(QByteArray::fromStdString(k.toJson().dump()));
}

QByteArray bearer(const ApiKeyParts &parts)
{
    return "Bearer " + parts.key;
}

// The key with a wrong checksum: its last character replaced by another of the alphabet.
QByteArray badChecksum(const QByteArray &key)
{
    QByteArray k = key;
    k[k.size() - 1] = k.back() == 'A' ? 'B' : 'A';
    return k;
}

// Everything one test needs: the main connection, the subscriber, the database nobody answers on.
struct Fixture
{
    FakeRedis redis;
    FakeRedis subscriber;
    DbPool db{unreachableDatabase(), 1};
    Authenticator auth{&db, &redis, &subscriber};
    QHostAddress peer{QStringLiteral("192.0.2.7")};

    std::optional<AuthOutcome> authenticate(const QByteArray &authorization)
    {
        std::optional<AuthOutcome> got;
        QObject context;
        auth.authenticate(authorization, peer, &context, [&got](const AuthOutcome &o) { got = o; });
        if (!QTest::qWaitFor([&got] { return got.has_value(); }, 5000))
            return std::nullopt;
        return got;
    }
    int gets() const { return int(redis.commandsNamed("GET").size()); }
};
} // namespace

class TestAuthenticator : public QObject
{
    Q_OBJECT
private slots:
    void formatRejectedBeforeAnyLookup_data()
    {
        const ApiKeyParts parts = ApiKey::generate(true);
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("missing") << QByteArray() << QByteArray("missing_api_key");
        QTest::newRow("not bearer") << QByteArray("Basic dXNlcjpwYXNz") << QByteArray("invalid_api_key");
        QTest::newRow("not a key") << QByteArray("Bearer sk-1234") << QByteArray("invalid_api_key");
        QTest::newRow("truncated") << ("Bearer " + parts.key.left(20)) << QByteArray("invalid_api_key");
        QTest::newRow("bad checksum") << ("Bearer " + badChecksum(parts.key)) << QByteArray("invalid_api_key");
    }

    void formatRejectedBeforeAnyLookup()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(QByteArray, code);
        Fixture f;
        const auto o = f.authenticate(authorization);
        QVERIFY(o);
        QCOMPARE(o->status, 401);
        QCOMPARE(o->code, code);
        QVERIFY(f.redis.commands().isEmpty()); // neither Redis nor PostgreSQL (that would be a 503) was asked
    }

    void redisHitThenProcessCache()
    {
        Fixture f;
        const ApiKeyParts parts = ApiKey::generate(true);
        f.redis.script("GET", cacheEntry(activeKey(parts)));
        const auto first = f.authenticate(bearer(parts));
        QVERIFY(first);
        QVERIFY2(first->ok(), qPrintable(first->message));
        QCOMPARE(first->key.keyId, QStringLiteral("key-1"));
        QCOMPARE(f.redis.commands(), (QList<QList<QByteArray>>{{"GET", "api_key:" + parts.hash}}));
        QCOMPARE(f.auth.localHits(), quint64(0));

        // The second look-up stays in the process, and needs no Redis at all.
        f.redis.setConnected(false);
        const auto second = f.authenticate("bearer " + parts.key);
        QVERIFY(second && second->ok());
        QCOMPARE(second->key.tenantId, QStringLiteral("tenant-1"));
        QCOMPARE(f.gets(), 1);
        QCOMPARE(f.auth.localHits(), quint64(1));
    }

    void judgments_data()
    {
        QTest::addColumn<QString>("keyStatus");
        QTest::addColumn<qint64>("expiresInMs");
        QTest::addColumn<QString>("tenantStatus");
        QTest::addColumn<QString>("environmentStatus");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        const QString active = QStringLiteral("active");
        QTest::newRow("valid") << active << qint64(3600000) << active << active << 0 << QByteArray();
        QTest::newRow("revoked") << QStringLiteral("revoked") << qint64(0) << active << active << 401 << QByteArray("api_key_revoked");
        QTest::newRow("expired") << active << qint64(-1000) << active << active << 401 << QByteArray("api_key_expired");
        QTest::newRow("suspended") << active << qint64(0) << QStringLiteral("suspended") << active << 403
                                   << QByteArray("tenant_suspended");
        QTest::newRow("disabled") << active << qint64(0) << active << QStringLiteral("disabled") << 403
                                  << QByteArray("environment_disabled");
    }

    void judgments()
    {
        QFETCH(QString, keyStatus);
        QFETCH(qint64, expiresInMs);
        QFETCH(QString, tenantStatus);
        QFETCH(QString, environmentStatus);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        Fixture f;
        const ApiKeyParts parts = ApiKey::generate(true);
        KeyInfo k = activeKey(parts);
        k.keyStatus = keyStatus;
        k.expiresAtMs = expiresInMs == 0 ? 0 : QDateTime::currentMSecsSinceEpoch() + expiresInMs;
        k.tenantStatus = tenantStatus;
        k.environmentStatus = environmentStatus;
        f.redis.script("GET", cacheEntry(k));
        // The same judgment from Redis and then from the process cache.
        for (int round = 0; round < 2; ++round) {
            const auto o = f.authenticate(bearer(parts));
            QVERIFY(o);
            QCOMPARE(o->status, status);
            QCOMPARE(o->code, code);
            if (status != 0) {
                QCOMPARE(o->error().status, status);
                QVERIFY(!o->message.isEmpty());
            }
        }
        QCOMPARE(f.gets(), 1);
        if (keyStatus == QLatin1String("revoked") || expiresInMs < 0)
            QVERIFY2(QString(f.authenticate(bearer(parts))->message).contains(QString::fromLatin1(parts.prefix)),
                     "the refusal names the key's display prefix");
    }

    void expiryIsJudgedAtUseNotAtCaching()
    {
        Fixture f;
        const ApiKeyParts parts = ApiKey::generate(true);
        KeyInfo k = activeKey(parts);
        k.expiresAtMs = QDateTime::currentMSecsSinceEpoch() + 150;
        f.redis.script("GET", cacheEntry(k));
        QVERIFY(f.authenticate(bearer(parts))->ok());
        QTest::qWait(200);
        const auto later = f.authenticate(bearer(parts));
        QCOMPARE(later->code, QByteArray("api_key_expired"));
        QCOMPARE(f.gets(), 1); // from the process cache
    }

    void databaseDownAndNotCachedIs503()
    {
        Fixture f;
        const ApiKeyParts parts = ApiKey::generate(true);
        const auto o = f.authenticate(bearer(parts)); // GET answers nil: PostgreSQL is asked, and is down
        QVERIFY(o);
        QCOMPARE(o->status, 503);
        QCOMPARE(o->code, QByteArray("service_unavailable"));
        // Not remembered as unknown: the next request asks again.
        QCOMPARE(f.authenticate(bearer(parts))->status, 503);
        QCOMPARE(f.gets(), 2);
        // Redis down too: still a 503, never a 401 for a key that may be valid.
        f.redis.setConnected(false);
        QCOMPARE(f.authenticate(bearer(parts))->status, 503);
    }

    void corruptRedisEntryIsNotTrusted()
    {
        Fixture f;
        const ApiKeyParts parts = ApiKey::generate(true);
        f.redis.script("GET", FakeRedis::bulk("{\"key_status\": tru"));
        const auto o = f.authenticate(bearer(parts));
        QVERIFY(o);
        QCOMPARE(o->status, 503); // replaced from PostgreSQL, which is down here
    }

    void invalidateDropsTheKeyEverywhere()
    {
        Fixture f;
        const ApiKeyParts parts = ApiKey::generate(true);
        f.redis.script("GET", cacheEntry(activeKey(parts)));
        QVERIFY(f.authenticate(bearer(parts))->ok());
        f.redis.clearCommands();

        f.auth.invalidate({parts.hash});
        const auto sent = f.redis.commands();
        QCOMPARE(sent.size(), 2);
        QCOMPARE(sent[0], (QList<QByteArray>{"DEL", "api_key:" + parts.hash}));
        QCOMPARE(sent[1].value(0), QByteArray("PUBLISH"));
        QCOMPARE(sent[1].value(1), QByteArray(Authenticator::kChannel));
        QCOMPARE(Json::parse(sent[1].value(2).toStdString()), (Json{{"hashes", {parts.hash.toStdString()}}}));

        // Until Redis has run the DEL, a look-up could bring the old entry back from Redis: it goes to PostgreSQL.
        const auto during = f.authenticate(bearer(parts));
        QCOMPARE(during->status, 503);
        QCOMPARE(f.gets(), 0);
        // Afterwards Redis is asked again, and its newer entry decides.
        KeyInfo revoked = activeKey(parts);
        revoked.keyStatus = QStringLiteral("revoked");
        f.redis.script("GET", cacheEntry(revoked));
        const auto after = f.authenticate(bearer(parts));
        QCOMPARE(after->code, QByteArray("api_key_revoked"));
        QCOMPARE(f.gets(), 1);
    }

    void invalidationMessagesDropEntries_data()
    {
        QTest::addColumn<QByteArray>("channel");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<bool>("firstDropped");
        QTest::addColumn<bool>("secondDropped");
        const QByteArray ch = Authenticator::kChannel;
        QTest::newRow("one key") << ch << QByteArray("{\"hashes\":[\"FIRST\"]}") << true << false;
        QTest::newRow("all") << ch << QByteArray("{\"all\":true}") << true << true;
        QTest::newRow("unreadable") << ch << QByteArray("{\"hashes\":") << true << true;
        QTest::newRow("other channel") << QByteArray("crosslogic:other") << QByteArray("{\"all\":true}") << false << false;
    }

    void invalidationMessagesDropEntries()
    {
        QFETCH(QByteArray, channel);
        QFETCH(QByteArray, payload);
        QFETCH(bool, firstDropped);
        QFETCH(bool, secondDropped);
        Fixture f;
        QCOMPARE(f.subscriber.subscriptions(), QList<QByteArray>{Authenticator::kChannel});
        const ApiKeyParts first = ApiKey::generate(true), second = ApiKey::generate(true);
        f.redis.script("GET", cacheEntry(activeKey(first)));
        f.redis.script("GET", cacheEntry(activeKey(second)));
        QVERIFY(f.authenticate(bearer(first))->ok());
        QVERIFY(f.authenticate(bearer(second))->ok());

        emit f.subscriber.messageReceived(channel, QByteArray(payload).replace("FIRST", first.hash));
        f.redis.clearCommands();
        f.redis.script("GET", cacheEntry(activeKey(first)));
        f.redis.script("GET", cacheEntry(activeKey(second)));
        QVERIFY(f.authenticate(bearer(first))->ok());
        QCOMPARE(f.gets(), firstDropped ? 1 : 0);
        QVERIFY(f.authenticate(bearer(second))->ok());
        QCOMPARE(f.gets(), (firstDropped ? 1 : 0) + (secondDropped ? 1 : 0));
    }

    void resubscribingStartsOver()
    {
        // Invalidations sent while the subscription was down are lost: a reconnect drops everything.
        Fixture f;
        const ApiKeyParts parts = ApiKey::generate(true);
        f.redis.script("GET", cacheEntry(activeKey(parts)));
        f.redis.script("GET", cacheEntry(activeKey(parts)));
        QVERIFY(f.authenticate(bearer(parts))->ok());
        f.subscriber.setConnected(false);
        QVERIFY(f.authenticate(bearer(parts))->ok());
        QCOMPARE(f.gets(), 1);
        f.subscriber.setConnected(true);
        QVERIFY(f.authenticate(bearer(parts))->ok());
        QCOMPARE(f.gets(), 2);
    }

    // The failed-authentication budget: per address, per minute, bounded; 0 disables it.
    void failureBudgetCountsPerAddressAndWindow()
    {
        AuthFailureBudget budget(3, 4);
        const QHostAddress a(QStringLiteral("192.0.2.1")), mapped(QStringLiteral("::ffff:192.0.2.1")), b(QStringLiteral("2001:db8::2"));
        const qint64 t0 = 1'000'000;
        for (int i = 0; i < 2; ++i)
            budget.recordFailure(a, t0);
        QCOMPARE(budget.retryAfterSeconds(a, t0), 0);
        budget.recordFailure(mapped, t0 + 1000); // the same client over IPv4-mapped IPv6
        QCOMPARE(budget.retryAfterSeconds(a, t0 + 1000), 59);
        QCOMPARE(budget.retryAfterSeconds(b, t0 + 1000), 0); // other addresses are not affected
        QCOMPARE(budget.retryAfterSeconds(a, t0 + 60000), 0); // the next window starts afresh
        for (int i = 0; i < 10; ++i)
            budget.recordFailure(QHostAddress(QStringLiteral("198.51.100.%1").arg(i)), t0 + 2000);
        QVERIFY(budget.trackedAddresses() <= 4); // bounded
        AuthFailureBudget none(0);
        none.recordFailure(a, t0);
        QCOMPARE(none.retryAfterSeconds(a, t0), 0);
    }

    // Past its budget an address gets 429 before any lookup: the database (unreachable here, so a lookup would
    // answer 503) is not asked; a known key cached in this process still works.
    void addressPastItsBudgetIsRefusedBeforeTheDatabase()
    {
        Fixture f;
        AuthFailureBudget budget(2);
        f.auth.setFailureBudget(&budget);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        budget.recordFailure(f.peer, now);
        budget.recordFailure(f.peer, now);
        const ApiKeyParts unknown = ApiKey::generate(true);
        const auto o = f.authenticate(bearer(unknown));
        QVERIFY(o);
        QCOMPARE(o->status, 429);
        QCOMPARE(QByteArray(o->code), QByteArray("too_many_auth_failures"));
        const ApiKeyParts known = ApiKey::generate(true);
        f.redis.script("GET", cacheEntry(activeKey(known)));
        QVERIFY(f.authenticate(bearer(known))->ok());
    }
};

QTEST_GUILESS_MAIN(TestAuthenticator)
#include "test_authenticator.moc"
