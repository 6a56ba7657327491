// Stripe-Signature parsing and verification: valid, several v1, wrong secret, stale, future, malformed
// headers.
#include "billing/stripesignature.h"

#include <QtTest>

using namespace crosslogic;

namespace {
const QByteArray kSecret = "whsec_test_secret";
const QByteArray kBody = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}";
const QByteArray kHex(64, 'a');
} // namespace

class TestStripeSignature : public QObject
{
    Q_OBJECT
private slots:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("timestamp");
        QTest::addColumn<int>("signatures");
        QTest::newRow("plain") << ("t=1492774577,v1=" + kHex) << true << qint64(1492774577) << 1;
        QTest::newRow("spaces") << (" t = 12 , v1=" + kHex + " ") << true << qint64(12) << 1;
        QTest::newRow("several v1 and v0")
            << ("t=5,v1=" + kHex + ",v0=zz,v1=" + QByteArray(64, 'B')) << true << qint64(5) << 2;
        QTest::newRow("empty items") << (",,t=5,,v1=" + kHex + ",") << true << qint64(5) << 1;
        QTest::newRow("no t") << ("v1=" + kHex) << false << qint64(0) << 0;
        QTest::newRow("no v1") << QByteArray("t=5,v0=abc") << false << qint64(0) << 0;
        QTest::newRow("two t") << ("t=5,t=6,v1=" + kHex) << false << qint64(0) << 0;
        QTest::newRow("t not numeric") << ("t=12a,v1=" + kHex) << false << qint64(0) << 0;
        QTest::newRow("t negative") << ("t=-5,v1=" + kHex) << false << qint64(0) << 0;
        QTest::newRow("t huge") << ("t=99999999999999999999,v1=" + kHex) << false << qint64(0) << 0;
        QTest::newRow("v1 short") << QByteArray("t=5,v1=abcd") << false << qint64(0) << 0;
        QTest::newRow("v1 not hex") << ("t=5,v1=" + QByteArray(64, 'g')) << false << qint64(0) << 0;
        QTest::newRow("no equals") << ("t=5,v1" + kHex) << false << qint64(0) << 0;
        QTest::newRow("empty") << QByteArray() << false << qint64(0) << 0;
        QTest::newRow("only commas") << QByteArray(",,,") << false << qint64(0) << 0;
        QTest::newRow("binary") << QByteArray("t=\0\xff,v1=", 8) << false << qint64(0) << 0;
        QTest::newRow("too many v1") << ("t=5" + QByteArray(",v1=" + kHex).repeated(17)) << false << qint64(0)
                                     << 0;
        QTest::newRow("too long") << ("t=5,v1=" + kHex + ",x=" + QByteArray(9000, 'x')) << false << qint64(0)
                                  << 0;
    }
    void parse()
    {
        QFETCH(QByteArray, header);
        QFETCH(bool, valid);
        const auto parsed = parseStripeSignature(header);
        QCOMPARE(parsed.has_value(), valid);
        if (valid) {
            QFETCH(qint64, timestamp);
            QFETCH(int, signatures);
            QCOMPARE(parsed->timestamp, timestamp);
            QCOMPARE(parsed->v1.size(), signatures);
            QCOMPARE(parsed->v1.first(), parsed->v1.first().toLower());
        }
    }

    void verify()
    {
        const qint64 now = 1700000000;
        const QByteArray good = signStripePayload(kBody, kSecret, now - 10);
        QCOMPARE(verifyStripeSignature(good, kBody, kSecret, now), StripeSignatureCheck::Ok);
        // Rolled secret: one of several v1 matches.
        const QByteArray other = signStripePayload(kBody, "whsec_old", now - 10).mid(good.indexOf(",v1="));
        QCOMPARE(verifyStripeSignature(QByteArray(good + other), kBody, kSecret, now),
                 StripeSignatureCheck::Ok);
        QCOMPARE(verifyStripeSignature(QByteArray("t=" + QByteArray::number(now - 10) + other), kBody,
                                       kSecret, now),
                 StripeSignatureCheck::Mismatch);
        // Upper-case hex is the same signature.
        QCOMPARE(verifyStripeSignature(QByteArray(good.left(good.indexOf('=', 3) + 1) +
                                                  good.mid(good.indexOf('=', 3) + 1).toUpper()),
                                       kBody, kSecret, now),
                 StripeSignatureCheck::Ok);
        QCOMPARE(verifyStripeSignature(good, QByteArray(kBody + " "), kSecret, now),
                 StripeSignatureCheck::Mismatch);
        QCOMPARE(verifyStripeSignature(good, kBody, "whsec_wrong", now), StripeSignatureCheck::Mismatch);
        QCOMPARE(verifyStripeSignature(signStripePayload(kBody, kSecret, now - 301), kBody, kSecret, now),
                 StripeSignatureCheck::Stale);
        QCOMPARE(verifyStripeSignature(signStripePayload(kBody, kSecret, now - 300), kBody, kSecret, now),
                 StripeSignatureCheck::Ok);
        QCOMPARE(verifyStripeSignature(signStripePayload(kBody, kSecret, now + 301), kBody, kSecret, now),
                 StripeSignatureCheck::Stale);
        QCOMPARE(verifyStripeSignature(QByteArray(), kBody, kSecret, now), StripeSignatureCheck::Missing);
        QCOMPARE(verifyStripeSignature(good, kBody, QByteArray(), now), StripeSignatureCheck::Missing);
        QCOMPARE(verifyStripeSignature("garbage", kBody, kSecret, now), StripeSignatureCheck::Malformed);
    }

    void knownVector()
    {
        // HMAC-SHA256("secret", "1.payload"), computed independently with: printf '1.payload' | openssl dgst
        // -sha256 -hmac secret
        QCOMPARE(signStripePayload("payload", "secret", 1),
                 QByteArray("t=1,v1=0cb97d5610dee9645ed2ef52bff5370e436d4414b426199dc8c9aacc001d6c14"));
    }

    void constantTime()
    {
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("abc", "abcd"));
        QVERIFY(constantTimeEquals("", ""));
    }
};

QTEST_GUILESS_MAIN(TestStripeSignature)
#include "test_stripesignature.moc"
