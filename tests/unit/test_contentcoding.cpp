// decodeRequestBody: gzip decoded within the limit (which applies after decompression), other codings refused.
#include "http/contentcoding.h"

#include <QtTest>
#include <zlib.h>

using namespace crosslogic;

namespace {
QByteArray gzip(const QByteArray &data)
{
    z_stream z{};
    if (deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&z, uLong(data.size()))), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : QByteArray();
}
} // namespace

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
