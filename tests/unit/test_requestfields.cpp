// Names in the documented character set (daemon/base/requestfields.h): what an operator may call a tenant,
// environment, key, admin token or notification target, and the clear error for everything else.
#include "base/requestfields.h"

#include <QTest>

using namespace crosslogic;

class TestRequestFields : public QObject
{
    Q_OBJECT

private slots:
    void acceptsPrintableNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("ascii") << QStringLiteral("Acme Corp (EU) #2");
        QTest::newRow("punctuation") << QStringLiteral("o'Brien & Söhne, GmbH / R&D: 50% @ prod");
        QTest::newRow("accents and marks") << QStringLiteral("Café Zürich – équipe");
        QTest::newRow("cjk") << QStringLiteral("株式会社テスト");
        QTest::newRow("emoji outside the BMP") << QStringLiteral("rocket \U0001F680 team");
    }
    void acceptsPrintableNames()
    {
        QFETCH(QString, name);
        QCOMPARE(nameCharacterProblem(name), QString());
    }

    void refusesWhatDisplaysAsSomethingElse_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("named");
        QTest::newRow("right-to-left override") << QStringLiteral("acme\u202Etxt.exe") << QStringLiteral("U+202E");
        QTest::newRow("zero-width space") << QStringLiteral("ac\u200Bme") << QStringLiteral("U+200B");
        QTest::newRow("zero-width joiner") << QStringLiteral("ac\u200Dme") << QStringLiteral("U+200D");
        QTest::newRow("no-break space") << QStringLiteral("acme\u00A0corp") << QStringLiteral("U+00A0");
        QTest::newRow("line separator") << QStringLiteral("acme\u2028corp") << QStringLiteral("U+2028");
        QTest::newRow("tab") << QStringLiteral("acme\tcorp") << QStringLiteral("U+0009");
        QTest::newRow("NUL") << QString(QStringLiteral("acme") + QChar(0)) << QStringLiteral("U+0000");
        QTest::newRow("private use") << QStringLiteral("acme\uE000") << QStringLiteral("U+E000");
        QTest::newRow("lone surrogate") << QString(QStringLiteral("acme") + QChar(0xD800)) << QStringLiteral("U+D800");
        QTest::newRow("unassigned") << QString(QStringLiteral("acme") + QChar(0x0378)) << QStringLiteral("U+0378");
    }
    void refusesWhatDisplaysAsSomethingElse()
    {
        QFETCH(QString, name);
        QFETCH(QString, named);
        const QString problem = nameCharacterProblem(name);
        QVERIFY2(problem.startsWith(named + QStringLiteral(" is not allowed in a name")), qPrintable(problem));
    }

    void refusesDoubleSpaces()
    {
        QCOMPARE(nameCharacterProblem(QStringLiteral("acme  corp")), QStringLiteral("a name must not contain two spaces in a row"));
    }

    void fieldsReportTheNameAndKeepOtherErrors()
    {
        const Json body = Json::parse(R"({"name":"evil\u202Ename","other":"x"})");
        RequestFields f(body);
        f.name("name", 100, true);
        QVERIFY(!f.ok());
        QCOMPARE(f.errors(), QStringLiteral("'name': U+202E is not allowed in a name (printable letters, digits, punctuation, symbols and single spaces only)"));
        // Trimmed like any text field; too long and control characters keep text()'s own message (said once).
        const Json padded = Json::parse(R"({"name":"  Acme  "})");
        RequestFields g(padded);
        QCOMPARE(g.name("name", 100, true).toString(), QStringLiteral("Acme"));
        QVERIFY(g.ok());
        const Json newline = Json::parse(R"({"name":"a\nb"})");
        RequestFields h(newline);
        h.name("name", 100, true);
        QCOMPARE(h.errors(), QStringLiteral("'name' must not contain control characters (NUL, CR, LF, TAB, …)"));
    }
};

QTEST_GUILESS_MAIN(TestRequestFields)
#include "test_requestfields.moc"
