// Which stream chunks carry generated tokens (those a spend reservation pays for), and the error that ends a stream
// whose reservation is used up: OpenAI's insufficient_quota naming the level and the reset.
#include "gateway/spendcut.h"

#include <QDateTime>
#include <QtTest>

using namespace crosslogic;

class TestSpendCut : public QObject
{
    Q_OBJECT
private slots:
    void tokenChunks_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<bool>("delivers");
        QTest::newRow("content") << QByteArray("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"tok1\"}}]}") << true;
        QTest::newRow("tool arguments") << QByteArray("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\"}}]}}]}") << true;
        QTest::newRow("reasoning") << QByteArray("{\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}") << true;
        QTest::newRow("completions text") << QByteArray("{\"choices\":[{\"index\":0,\"text\":\" tok2\"}]}") << true;
        QTest::newRow("role only") << QByteArray("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}") << false;
        QTest::newRow("finish only") << QByteArray("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}") << false;
        QTest::newRow("usage chunk") << QByteArray("{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}") << false;
        QTest::newRow("content of wrong type") << QByteArray("{\"choices\":[{\"delta\":{\"content\":7}}]}") << false;
        QTest::newRow("not json") << QByteArray("{\"choices\":[") << false;
        QTest::newRow("choices not an array") << QByteArray("{\"choices\":{\"delta\":{\"content\":\"x\"}}}") << false;
    }

    void tokenChunks()
    {
        QFETCH(QByteArray, data);
        QFETCH(bool, delivers);
        QCOMPARE(chunkDeliversTokens(data), delivers);
    }

    void errorNamesLevelAndReset()
    {
        const qint64 now = QDateTime::fromString(QStringLiteral("2026-12-04T10:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
        const SpendBudget daily{"environment", QStringLiteral("e1"), 50000, "daily"};
        const Error e = spendCutError(&daily, 12, now);
        QCOMPARE(e.status, 429);
        QCOMPARE(e.code, QByteArray("insufficient_quota"));
        QCOMPARE(e.type, QByteArray("insufficient_quota"));
        QVERIFY2(e.message.contains(QStringLiteral("daily budget of this environment (50000 micro-units)"))
                     && e.message.contains(QStringLiteral("2026-12-05T00:00:00Z")) && e.message.contains(QStringLiteral("after 12 completion tokens")),
                 qPrintable(e.message));
        const SpendBudget credit{"credit", QStringLiteral("t1"), 900, "lifetime"};
        QVERIFY(spendCutError(&credit, 3, now).message.contains(QStringLiteral("prepaid credit")));
        const Error reservation = spendCutError(nullptr, kStreamDefaultMaxTokens, now);
        QCOMPARE(reservation.code, QByteArray("spend_reservation_reached"));
        QCOMPARE(reservation.status, 400);
    }
};

QTEST_GUILESS_MAIN(TestSpendCut)
#include "test_spendcut.moc"
