// Budget periods change exactly at their UTC boundary, and costs are integer micro-units: the reservation of the
// same tokens is never below their metered cost.
#include "base/spendperiod.h"

#include <QDateTime>
#include <QtTest>
#include <limits>

using namespace crosslogic;

namespace {
qint64 at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}
} // namespace

class TestSpendPeriod : public QObject
{
    Q_OBJECT
private slots:
    void dailyRollsOverAtMidnight()
    {
        const SpendPeriod last = spendPeriod("daily", at("2026-12-04T23:59:59.999Z"));
        QCOMPARE(last.stamp, QByteArray("2026-12-04"));
        QCOMPARE(last.resetMs, at("2026-12-05T00:00:00.000Z"));
        QCOMPARE(last.startMs, at("2026-12-04T00:00:00.000Z"));
        const SpendPeriod next = spendPeriod("daily", at("2026-12-05T00:00:00.000Z"));
        QCOMPARE(next.stamp, QByteArray("2026-12-05"));
        QCOMPARE(next.startMs, last.resetMs);
    }

    void monthlyRollsOverOnTheFirst()
    {
        const SpendPeriod dec = spendPeriod("monthly", at("2026-12-31T23:59:59.999Z"));
        QCOMPARE(dec.stamp, QByteArray("2026-12"));
        QCOMPARE(dec.resetMs, at("2027-01-01T00:00:00.000Z"));
        QCOMPARE(spendPeriod("monthly", at("2027-01-01T00:00:00.000Z")).stamp, QByteArray("2027-01"));
        QCOMPARE(spendPeriod("monthly", at("2028-02-29T12:00:00.000Z")).resetMs, at("2028-03-01T00:00:00.000Z"));
    }

    void lifetimeNeverResets()
    {
        const SpendPeriod p = spendPeriod("lifetime", at("2026-12-04T10:00:00.000Z"));
        QCOMPARE(p.stamp, QByteArray("all"));
        QCOMPARE(p.resetMs, qint64(0));
    }

    void reservationCoversTheMeteredCost()
    {
        const ModelPrice price{150000, 600000}; // $0.15 / $0.60 per million tokens
        QCOMPARE(meteredCostMicros(price, 1000, 500), qint64(450));
        QCOMPARE(maxCostMicros(price, 1000, 500), qint64(450));
        QCOMPARE(meteredCostMicros(price, 3, 1), qint64(1));   // 1.05 rounds down, as usage_records does
        QCOMPARE(maxCostMicros(price, 3, 1), qint64(2));       // and up when reserved
        for (qint64 p = 0; p < 50; ++p)
            for (qint64 c = 0; c < 50; ++c)
                QVERIFY(maxCostMicros(price, p, c) >= meteredCostMicros(price, p, c));
    }

    // A tenant's billing anchor: the period starts on that day, or on the last day of a shorter month.
    void monthlyOnTheBillingAnchor_data()
    {
        QTest::addColumn<int>("anchor");
        QTest::addColumn<QString>("now");
        QTest::addColumn<QString>("start");
        QTest::addColumn<QString>("reset");
        QTest::addColumn<QByteArray>("stamp");
        QTest::newRow("calendar month") << 1 << "2027-02-10T12:00:00.000Z" << "2027-02-01T00:00:00.000Z" << "2027-03-01T00:00:00.000Z" << QByteArray("2027-02");
        QTest::newRow("15th, after it") << 15 << "2026-12-20T00:00:00.000Z" << "2026-12-15T00:00:00.000Z" << "2027-01-15T00:00:00.000Z" << QByteArray("2026-12@15");
        QTest::newRow("15th, before it") << 15 << "2027-01-14T23:59:59.999Z" << "2026-12-15T00:00:00.000Z" << "2027-01-15T00:00:00.000Z" << QByteArray("2026-12@15");
        QTest::newRow("15th, at it") << 15 << "2027-01-15T00:00:00.000Z" << "2027-01-15T00:00:00.000Z" << "2027-02-15T00:00:00.000Z" << QByteArray("2027-01@15");
        QTest::newRow("31st in January") << 31 << "2027-02-01T00:00:00.000Z" << "2027-01-31T00:00:00.000Z" << "2027-02-28T00:00:00.000Z" << QByteArray("2027-01@31");
        QTest::newRow("31st, February is short") << 31 << "2027-02-28T00:00:00.000Z" << "2027-02-28T00:00:00.000Z" << "2027-03-31T00:00:00.000Z" << QByteArray("2027-02@31");
        QTest::newRow("31st, leap February") << 31 << "2028-02-29T10:00:00.000Z" << "2028-02-29T00:00:00.000Z" << "2028-03-31T00:00:00.000Z" << QByteArray("2028-02@31");
        QTest::newRow("31st, the last ms of February") << 31 << "2027-02-27T23:59:59.999Z" << "2027-01-31T00:00:00.000Z" << "2027-02-28T00:00:00.000Z" << QByteArray("2027-01@31");
        QTest::newRow("30th, April") << 30 << "2027-04-30T00:00:00.000Z" << "2027-04-30T00:00:00.000Z" << "2027-05-30T00:00:00.000Z" << QByteArray("2027-04@30");
        QTest::newRow("29th across the year") << 29 << "2027-01-05T00:00:00.000Z" << "2026-12-29T00:00:00.000Z" << "2027-01-29T00:00:00.000Z" << QByteArray("2026-12@29");
    }

    void monthlyOnTheBillingAnchor()
    {
        QFETCH(int, anchor);
        QFETCH(QString, now);
        QFETCH(QString, start);
        QFETCH(QString, reset);
        QFETCH(QByteArray, stamp);
        const SpendPeriod p = spendPeriod(anchoredPeriod("monthly", anchor), at(now.toLatin1().constData()));
        QCOMPARE(p.stamp, stamp);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(p.startMs, Qt::UTC).toString(Qt::ISODateWithMs), start);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(p.resetMs, Qt::UTC).toString(Qt::ISODateWithMs), reset);
        // Rollover: the last millisecond is in this period, the reset instant starts the next one.
        QCOMPARE(spendPeriod(anchoredPeriod("monthly", anchor), p.resetMs - 1).stamp, stamp);
        QCOMPARE(spendPeriod(anchoredPeriod("monthly", anchor), p.resetMs).startMs, p.resetMs);
        QVERIFY(spendPeriod(anchoredPeriod("monthly", anchor), p.resetMs).stamp != stamp);
    }

    void anchoredPeriodNames()
    {
        QCOMPARE(anchoredPeriod("monthly", 1), QByteArray("monthly"));
        QCOMPARE(anchoredPeriod("monthly", 31), QByteArray("monthly@31"));
        QCOMPARE(anchoredPeriod("daily", 15), QByteArray("daily"));
        QCOMPARE(anchoredPeriod("lifetime", 15), QByteArray("lifetime"));
        const QString starts = monthlyStartsArray(at("2027-02-10T12:00:00.000Z"));
        QVERIFY2(starts.startsWith(QStringLiteral("{\"2027-02-01T00:00:00.000Z\",")) && starts.endsWith(QStringLiteral(",\"2027-01-31T00:00:00.000Z\"}")),
                 qPrintable(starts));
        QCOMPARE(starts.count(QLatin1Char(',')), 30);
    }

    // Where a stream admitted with a partial reservation is cut: the most tokens whose cost still fits, never one more.
    void affordableTokensAreTheMostThatFit()
    {
        QCOMPARE(affordableCompletionTokens({0, 50000000}, 7, 200, 50), qint64(4));       // 50 micro-units a token
        QCOMPARE(affordableCompletionTokens({0, 50000000}, 7, 199, 50), qint64(3));
        QCOMPARE(affordableCompletionTokens({0, 50000000}, 7, 100000, 50), qint64(50));   // max_tokens first
        QCOMPARE(affordableCompletionTokens({0, 0}, 7, 0, 4096), qint64(4096));          // free output is not cut
        QCOMPARE(affordableCompletionTokens({1000000, 1000000}, 10, 9, 100), qint64(0)); // not even the prompt
        QCOMPARE(affordableCompletionTokens({1, 1}, 0, std::numeric_limits<qint64>::max(), 5), qint64(5)); // no overflow
        const ModelPrice price{150000, 600000};
        for (qint64 prompt = 0; prompt < 40; prompt += 3)
            for (qint64 reserved = maxCostMicros(price, prompt, 1); reserved < 60; ++reserved) {
                const qint64 n = affordableCompletionTokens(price, prompt, reserved, 1000);
                QVERIFY(maxCostMicros(price, prompt, n) <= reserved);
                QVERIFY(maxCostMicros(price, prompt, n + 1) > reserved);
                QVERIFY(meteredCostMicros(price, prompt, n) <= reserved);
            }
    }
};

QTEST_GUILESS_MAIN(TestSpendPeriod)
#include "test_spendperiod.moc"
