// decodeRequestBody: gzip decoded within the limit (which applies after decompression), other codings refused.
#include "http/contentcoding.h"
#include "support/gzip.h"

#include <QtTest>

using namespace crosslogic;
using crosslogic::test::gzip;

class TestContentCoding : public QObject
{
    Q_OBJECT
private slots:
    void identityIsUnchanged()
    {
        for (const QByteArray &coding : {QByteArray(), QByteArray("identity"), QByteArray(" Identity ")}) {
            auto r = decodeRequestBody(coding, "abc", 10);
            QVERIFY(r.ok());
            QCOMPARE(*r, QByteArray("abc"));
        }
    }

    void gzipIsDecodedUpToTheLimit()
    {
        const QByteArray data = QByteArray(100000, 'x') + "end";
        auto exact = decodeRequestBody("GZIP", gzip(data), data.size());
        QVERIFY(exact.ok());
        QCOMPARE(*exact, data);
        auto over = decodeRequestBody("gzip", gzip(data), data.size() - 1);
        QVERIFY(!over.ok());
        QCOMPARE(over.failure().status, 413);
        QCOMPARE(over.failure().code, QByteArray("body_too_large"));
        auto members = decodeRequestBody("x-gzip", gzip("one ") + gzip("two"), 100);
        QVERIFY(members.ok());
        QCOMPARE(*members, QByteArray("one two"));
    }

    void corruptGzipIs400()
    {
        const QByteArray good = gzip(QByteArray(5000, 'y'));
        QByteArray flipped = good;
        flipped[flipped.size() - 3] = char(flipped[flipped.size() - 3] ^ 1); // the CRC/length trailer
        for (const QByteArray &bad : {QByteArray(), QByteArray("plain text"), good.left(good.size() - 4), flipped, QByteArray(good + "junk")}) {
            auto r = decodeRequestBody("gzip", bad, 1 << 20);
            QVERIFY2(!r.ok(), bad.toHex().left(40).constData());
            QCOMPARE(r.failure().status, 400);
            QCOMPARE(r.failure().code, QByteArray("invalid_content_encoding"));
        }
    }

    void otherCodingsAre415()
    {
        for (const QByteArray &coding : {QByteArray("br"), QByteArray("deflate"), QByteArray("gzip, gzip"), QByteArray("zstd")}) {
            auto r = decodeRequestBody(coding, "x", 10);
            QVERIFY(!r.ok());
            QCOMPARE(r.failure().status, 415);
            QCOMPARE(r.failure().code, QByteArray("unsupported_content_encoding"));
        }
    }
};

QTEST_GUILESS_MAIN(TestContentCoding)
#include "test_contentcoding.moc"
