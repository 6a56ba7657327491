// The rate limiter's Redis commands are written in RESP by formatRedisCommand: the bytes must be exactly what
// hiredis's own formatter produces, for ordinary, empty, binary and long arguments.
#include "core/decimal.h"
#include "store/redisclient.h"

#include <QtTest>
#include <hiredis/hiredis.h>
#include <vector>

using namespace crosslogic;

namespace {
QByteArray hiredisFormat(const QList<QByteArray> &args)
{
    std::vector<const char *> argv;
    std::vector<size_t> lens;
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lens.push_back(size_t(a.size()));
    }
    char *out = nullptr;
    const int n = redisFormatCommandArgv(&out, int(argv.size()), argv.data(), lens.data());
    const QByteArray bytes(out, n);
    redisFreeCommand(out);
    return bytes;
}
} // namespace

class TestRedisFormat : public QObject
{
    Q_OBJECT
private slots:
    void matchesHiredis_data()
    {
        QTest::addColumn<QList<QByteArray>>("args");
        QTest::newRow("get") << QList<QByteArray>{"GET", "k"};
        QTest::newRow("empty argument") << QList<QByteArray>{"SET", "k", ""};
        QTest::newRow("binary") << QList<QByteArray>{"SET", QByteArray("a\0b\r\n", 5), QByteArray(1, '\xff')};
        QTest::newRow("long") << QList<QByteArray>{"SET", "k", QByteArray(123457, 'x')};
        QList<QByteArray> many{"EVALSHA", QByteArray(40, 'a'), "16"};
        for (int i = 0; i < 30; ++i)
            many << "clrl:key:" + QByteArray::number(i * 7919) << QByteArray::number(i * 1000003LL);
        QTest::newRow("rate-limit sized") << many;
    }
    void matchesHiredis()
    {
        QFETCH(QList<QByteArray>, args);
        QCOMPARE(formatRedisCommand(args), hiredisFormat(args));
    }
    void respArgsBuildTheSameCommand()
    {
        // The rate limiter writes its EVALSHA through RespArgs; the bytes must equal the plain formatter's.
        RespArgs tail(8); // grows past its reservation
        tail.addJoined({"ratelimit:key:", "k1", ":minute:", "2026-11-28T10:30"});
        tail.add(QByteArrayView());
        tail.add(qint64(-42));
        tail.add(QByteArray("bin\r\n\0ary", 10));
        QCOMPARE(tail.count(), 4);
        const QByteArray built = respCommand({"EVALSHA", "abc", "4"}, tail);
        const QByteArray expected = formatRedisCommand({"EVALSHA", "abc", "4", "ratelimit:key:k1:minute:2026-11-28T10:30", "", "-42",
                                                        QByteArray("bin\r\n\0ary", 10)});
        QCOMPARE(built, expected);
        QCOMPARE(respCommand({"PING"}, RespArgs()), formatRedisCommand({"PING"}));
    }

    void decimalMatchesQByteArrayNumber()
    {
        // decimal() replaces QByteArray::number() on the request path (rate-limit arguments, Content-Length).
        QList<qint64> values = {0, 1, -1, 9, 10, -10, 99, 100, 1000000, std::numeric_limits<qint64>::max(),
                                std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::min() + 1};
        QRandomGenerator rng(42);
        for (int i = 0; i < 1000; ++i)
            values << (qint64(rng.generate64()) >> rng.bounded(60));
        for (qint64 v : values)
            QCOMPARE(decimal(v), QByteArray::number(v));
    }

    void readable()
    {
        QCOMPARE(formatRedisCommand({"GET", "k"}), QByteArray("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestRedisFormat)
#include "test_redisformat.moc"
