// Redis Cluster mode's pure parts: key slots (CRC16 and hash tags, checked against values Redis itself computes),
// the RESP command reader the cluster client routes by, the tenant hash tag, and REDIS_URL's cluster form.
#include "config/config.h"
#include "store/redisclient.h"
#include "store/redisslot.h"

#include <QtTest>

using namespace crosslogic;

class TestRedisSlot : public QObject
{
    Q_OBJECT
private slots:
    void slotsMatchRedis()
    {
        // redis-cli CLUSTER KEYSLOT <key> on Redis 7.0.
        QCOMPARE(redisKeySlot("foo"), 12182);
        QCOMPARE(redisKeySlot("123456789"), 12739);
        QCOMPARE(redisKeySlot("{user1000}.following"), redisKeySlot("user1000"));
        QCOMPARE(redisKeySlot("{user1000}.following"), 3443);
        QCOMPARE(redisKeySlot("foo{}{bar}"), redisKeySlot("foo{}{bar}")); // empty first tag: the whole key
        QCOMPARE(redisKeySlot("foo{}{bar}"), 8363);
        QCOMPARE(redisKeySlot("ratelimit:{t-1}:key:k:minute:2026-12-04T18:00"), redisKeySlot("spend:{t-1}:ready"));
    }

    void tenantTagOnlyInClusterLayout()
    {
        setRedisClusterKeyLayout(false);
        QCOMPARE(redisTenantTag(QStringLiteral("t-1")), QByteArray());
        setRedisClusterKeyLayout(true);
        QCOMPARE(redisTenantTag(QStringLiteral("t-1")), QByteArray("{t-1}:"));
        setRedisClusterKeyLayout(false);
    }

    void respCommandsAreReadBack()
    {
        const QByteArray cmd = formatRedisCommand({"EVALSHA", "abc", "2", "k1", "", "arg"});
        const auto args = parseRespCommand(cmd);
        QCOMPARE(args.size(), size_t(6));
        QCOMPARE(args[3].toByteArray(), QByteArray("k1"));
        QCOMPARE(args[4].toByteArray(), QByteArray());
        QVERIFY(parseRespCommand("*2\r\n$3\r\nGET\r\n$9\r\nshort\r\n").empty()); // length beyond the buffer
        QVERIFY(parseRespCommand("PING\r\n").empty());
    }

    void clusterUrls()
    {
        auto t = parseRedisUrl(QStringLiteral("redis+cluster://:s3cret@10.0.0.1:7001,10.0.0.2:7002"));
        QVERIFY(t.ok());
        QVERIFY(t->cluster);
        QCOMPARE(t->seeds.size(), 2);
        QCOMPARE(t->seeds[1].first, QStringLiteral("10.0.0.2"));
        QCOMPARE(t->seeds[1].second, 7002);
        QCOMPARE(t->password, QStringLiteral("s3cret"));
        QVERIFY(!parseRedisUrl(QStringLiteral("redis+cluster://10.0.0.1:7001/3")).ok()); // no database numbers
        QVERIFY(!parseRedisUrl(QStringLiteral("redis+cluster://10.0.0.1:99999")).ok());
        QVERIFY(!parseRedisUrl(QStringLiteral("redis+cluster://")).ok());
        QVERIFY(!parseRedisUrl(QStringLiteral("redis://127.0.0.1:6379")).value().cluster);
        QVERIFY(!maskUrlPassword(QStringLiteral("redis+cluster://:s3cret@h:1,h:2")).contains(QLatin1String("s3cret")));
    }
};

QTEST_GUILESS_MAIN(TestRedisSlot)
#include "test_redisslot.moc"
