// The daemon's English texts in the console's German: alert lines from rule + objects + value, dry-run
// consequences from their codes, health-check details from their values, with German number formats; and
// untouched English without a translation.
#include "common/daemontext.h"
#include "ratelimits/limitbar.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>
#include <QTranslator>
#include <QApplication>
#include <QtTest>

using namespace crosslogic::console;

class TestConsoleDaemonText : public QObject
{
    Q_OBJECT

    static QJsonObject alert()
    {
        return QJsonObject{{QStringLiteral("rule"), QStringLiteral("rate_limited_share")},
                           {QStringLiteral("summary"), QStringLiteral("key batch-import of tenant acme: 95.9 % of 122 requests answered 429")},
                           {QStringLiteral("value"), 0.959},
                           {QStringLiteral("threshold"), 0.2}};
    }

private slots:
    void englishIsTheDaemonsOwnText()
    {
        QVERIFY(!DaemonText::translating());
        QCOMPARE(DaemonText::alertSummary(alert(), QStringLiteral("key batch-import")), alert().value(QLatin1String("summary")).toString());
        const QJsonObject c{{QStringLiteral("code"), QStringLiteral("last_routable_node")}, {QStringLiteral("model"), QStringLiteral("m")},
                            {QStringLiteral("message"), QStringLiteral("last routable node for model m: …")}};
        QCOMPARE(DaemonText::consequence(c), QStringLiteral("last routable node for model m: …"));
        QCOMPARE(DaemonText::status(QStringLiteral("draining")), QStringLiteral("draining"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        LimitBar bar(QStringLiteral("tokens"));
        bar.setValues(1000000, -1);
        QCOMPARE(bar.text(), QStringLiteral("1,000,000 (no limit)")); // never 1e+06
    }

    void germanFromCodesAndParameters()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(CONSOLE_QM_DIR "/crosslogic-console_de.qm")));
        QCoreApplication::installTranslator(&german);
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QVERIFY(DaemonText::translating());

        QCOMPARE(DaemonText::alertSummary(alert(), QStringLiteral("Schlüssel batch-import")),
                 QStringLiteral("Ein Schlüssel oder Mandant erhält viele 429: Schlüssel batch-import (Wert 95,9 %, Schwelle 20,0 %)"));
        // An unknown rule keeps the daemon's sentence rather than inventing one.
        QJsonObject unknown = alert();
        unknown[QStringLiteral("rule")] = QStringLiteral("rule_from_a_newer_daemon");
        QCOMPARE(DaemonText::alertSummary(unknown, {}), alert().value(QLatin1String("summary")).toString());

        const QJsonObject last{{QStringLiteral("code"), QStringLiteral("last_routable_node")}, {QStringLiteral("model"), QStringLiteral("Qwen")},
                               {QStringLiteral("message"), QStringLiteral("english")}};
        QVERIFY2(DaemonText::consequence(last).startsWith(QStringLiteral("letzter erreichbarer Knoten für Modell Qwen")),
                 qPrintable(DaemonText::consequence(last)));
        const QJsonObject errors{{QStringLiteral("status"), QStringLiteral("warn")}, {QStringLiteral("count"), 1380},
                                 {QStringLiteral("requests"), 7910}, {QStringLiteral("minutes"), 5},
                                 {QStringLiteral("detail"), QStringLiteral("1380 failed of 7910 request(s) in the last 5 minutes")}};
        QCOMPARE(DaemonText::healthDetail(QStringLiteral("recent_errors"), errors),
                 QStringLiteral("1.380 von 7.910 Anfrage(n) fehlgeschlagen in den letzten 5 Minuten"));
        const QJsonObject db{{QStringLiteral("status"), QStringLiteral("ok")}, {QStringLiteral("latency_ms"), 3.46},
                             {QStringLiteral("detail"), QStringLiteral("SELECT answered in 3.5 ms")}};
        QCOMPARE(DaemonText::healthDetail(QStringLiteral("database"), db), QStringLiteral("SELECT beantwortet in 3,5 ms"));
        QCOMPARE(DaemonText::status(QStringLiteral("draining")), QStringLiteral("wird geleert"));

        LimitBar bar(QStringLiteral("tokens"));
        bar.setValues(250000, 1000000);
        QCOMPARE(bar.text(), QStringLiteral("250.000 / 1.000.000 (25 %)"));

        QCoreApplication::removeTranslator(&german);
        QLocale::setDefault(QLocale::c());
        QVERIFY(!DaemonText::translating());
    }
};

QTEST_MAIN(TestConsoleDaemonText)
#include "test_console_daemontext.moc"
