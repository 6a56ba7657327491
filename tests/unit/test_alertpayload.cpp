// What each notification target receives for a transition (generic webhook, Slack, PagerDuty Events v2) and how a
// target's URL is shown (its secret path never).
#include "alerts/alertpayload.h"
#include "alerts/alertsql.h"
#include "alerts/redisprobe.h"
#include "base/webhookurl.h"

#include <QtTest>

using namespace crosslogic;
using Json = nlohmann::json;

namespace {

Json alertEvent(const char *transition)
{
    Json alert{{"id", 12},
               {"rule", "node_heartbeat_late"},
               {"fingerprint", "node_heartbeat_late:n-1"},
               {"severity", "warning"},
               {"section", "3.1"},
               {"summary", "node gpu-a (llama) sent no heartbeat for 40 s"},
               {"objects", Json::array({Json{{"kind", "node"}, {"id", "n-1"}, {"name", "gpu-a"}}})},
               {"remediations", Json::array()}};
    decorateAlert(alert);
    return Json{{"id", 99}, {"transition", transition}, {"alert", alert}};
}

Json bodyOf(const NotificationRequest &r)
{
    return Json::parse(r.body.toStdString());
}

} // namespace

class TestAlertPayload : public QObject
{
    Q_OBJECT

private slots:
    void decoratedWithTheRunbook()
    {
        const Json e = alertEvent("firing");
        QCOMPARE(e["alert"]["title"], "A node's heartbeat is late");
        QCOMPARE(e["alert"]["runbook"]["title"], "3.1 No Healthy Nodes Available (503)");
        QCOMPARE(e["alert"]["runbook"]["anchor"], "31-no-healthy-nodes-available-503");
    }

    void genericWebhook()
    {
        const auto r = notificationFor(alertEvent("firing"), Json{{"kind", "webhook"}, {"url", "https://hooks.example/x?token=s3cret"}});
        QCOMPARE(r.url, QByteArray("https://hooks.example/x?token=s3cret"));
        const Json b = bodyOf(r);
        QCOMPARE(b["transition"], "firing");
        QCOMPARE(b["event_id"], 99);
        QCOMPARE(b["alert"]["objects"][0]["name"], "gpu-a");
        bool eventHeader = false;
        for (const auto &h : r.headers)
            eventHeader |= h.first == "X-CrossLogic-Event-Id" && h.second == "99";
        QVERIFY(eventHeader);
    }

    void slack()
    {
        const Json firing = bodyOf(notificationFor(alertEvent("firing"), Json{{"kind", "slack"}, {"url", "https://hooks.slack.com/services/T/B/x"}}));
        const QString text = QString::fromStdString(firing["text"].get<std::string>());
        QVERIFY(text.contains(QLatin1String("FIRING")));
        QVERIFY(text.contains(QLatin1String("gpu-a")));
        QVERIFY(text.contains(QLatin1String("3.1 No Healthy Nodes Available")));
        const Json resolved = bodyOf(notificationFor(alertEvent("resolved"), Json{{"kind", "slack"}, {"url", "https://hooks.slack.com/services/T/B/x"}}));
        QVERIFY(QString::fromStdString(resolved["text"].get<std::string>()).contains(QLatin1String("RESOLVED")));
    }

    void pagerDuty()
    {
        const auto trigger = notificationFor(alertEvent("firing"), Json{{"kind", "pagerduty"}, {"url", ""}, {"routing_key", "R0UT1NG"}});
        QCOMPARE(trigger.url, QByteArray(kPagerDutyEventsUrl));
        const Json t = bodyOf(trigger);
        QCOMPARE(t["routing_key"], "R0UT1NG");
        QCOMPARE(t["event_action"], "trigger");
        QCOMPARE(t["payload"]["severity"], "warning");
        QCOMPARE(t["payload"]["source"], "crosslogic");
        const Json r = bodyOf(notificationFor(alertEvent("resolved"), Json{{"kind", "pagerduty"}, {"url", "http://127.0.0.1:9/pd"}, {"routing_key", "R0UT1NG"}}));
        QCOMPARE(r["event_action"], "resolve");
        QCOMPARE(r["dedup_key"], t["dedup_key"]); // PagerDuty pairs them by it
    }

    void targetUrlsAreMasked_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("shown");
        QTest::newRow("slack") << "https://hooks.slack.com/services/T000/B000/XXXXsecret" << "https://hooks.slack.com/****";
        QTest::newRow("port") << "http://127.0.0.1:8099/hook" << "http://127.0.0.1:8099/****";
        QTest::newRow("query") << "https://example.com?token=abc" << "https://example.com/?****";
        QTest::newRow("bare") << "https://events.pagerduty.com" << "https://events.pagerduty.com";
        QTest::newRow("garbage") << "not a url" << "****";
    }

    void targetUrlsAreMasked()
    {
        QFETCH(QString, url);
        QFETCH(QString, shown);
        QCOMPARE(maskWebhookUrl(url), shown);
    }

    void counterValues()
    {
        QVERIFY(counterValueSound("0"));
        QVERIFY(counterValueSound("17"));
        QVERIFY(counterValueSound("3.25"));
        QVERIFY(!counterValueSound("-1"));
        QVERIFY(!counterValueSound("abc"));
        QVERIFY(!counterValueSound(""));
    }
};

QTEST_GUILESS_MAIN(TestAlertPayload)
#include "test_alertpayload.moc"
