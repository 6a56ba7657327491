// Soft budget thresholds (issue 22) through two real replicas: a tenant's budget crossing 50, 80 and 100 % notifies its
// billing contact's webhook (a local receiver) once per threshold — one replica inserts each crossing, a failed
// delivery is retried with the same delivery id — and the billing-contact route refuses bad input, masks the URL and
// is audited; an alert names the tenant whose budget reached 100 %.
#include "support/fakestripe.h"
#include "support/teststack.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace crosslogic::test;

namespace {
QByteArray chat(int maxTokens, bool stream = false)
{
    return "{\"model\":\"th-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":" + QByteArray::number(maxTokens)
           + (stream ? ",\"stream\":true}" : "}");
}
} // namespace

class TestSpendThresholds : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    FakeStripe m_receiver; // any path, records every request: the billing contact's webhook

    qint64 scalar(const QString &sql) { return m_stack.db().scalar(sql).toLongLong(); }
    // The successful deliveries so far, by threshold.
    QMap<int, int> delivered() const
    {
        QMap<int, int> n;
        for (const FakeStripeRequest &r : m_receiver.requests())
            if (r.answeredStatus == 200)
                ++n[QJsonDocument::fromJson(r.body).object().value(QStringLiteral("threshold_percent")).toInt()];
        return n;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_receiver.start());
        QVERIFY(m_stack.start());
        m_stack.db().scalar(QStringLiteral("INSERT INTO models (name, input_price_micros_per_mtok, output_price_micros_per_mtok)"
                                           " VALUES ('th-model', 0, 50000000)"));
        QVERIFY(m_stack.startEngineNode(QStringLiteral("th-model"), "--ttft-ms 0 --tokens-per-second 2000"));
        for (int n = 0; n < 2; ++n) {
            DaemonProcess &d = m_stack.addDaemon({{"RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN", "0"}, {"ALERT_EVAL_INTERVAL_MS", "500"}});
            QVERIFY2(d.start(), d.log().constData());
        }
        const TestKey probe = m_stack.admin().createKey();
        for (int n = 0; n < 2; ++n)
            QVERIFY(TestStack::waitForModel(m_stack.port(n), probe.key, "th-model"));
        // Spend counters are built from PostgreSQL once a replica runs (until then capped keys are answered 503).
        QTRY_COMPARE_WITH_TIMEOUT(m_stack.redis().cli({QStringLiteral("EXISTS"), QStringLiteral("spend:ready")}), QStringLiteral("1"), 10000);
    }

    void billingContactRouteChecksMasksAndAudits()
    {
        AdminApi admin = m_stack.admin();
        const TestKey k = admin.createKey();
        const QByteArray path = "/admin/tenants/" + k.tenantId + "/billing-contact";
        for (const QByteArray &bad : {QByteArray("{\"webhook_url\":\"ftp://example.com/x\"}"), QByteArray("{\"webhook_url\":42}"),
                                      QByteArray("{\"webhook_url\":\"not a url\"}"), QByteArray("{\"url\":\"https://example.com\"}")}) {
            const HttpResult r = admin.call("PUT", path, bad);
            QCOMPARE(r.status, 400);
            QCOMPARE(r.json("/error/code"), QByteArray("invalid_value"));
        }
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT billing_webhook_url IS NULL FROM tenants WHERE id = '%1'")
                                         .arg(QString::fromLatin1(k.tenantId))).toBool(), true);
        QCOMPARE(admin.call("PUT", "/admin/tenants/00000000-0000-0000-0000-000000000000/billing-contact",
                            "{\"webhook_url\":\"https://example.com/h\"}").status, 404);

        const HttpResult set = admin.call("PUT", path, "{\"webhook_url\":\"https://billing.example.com/hooks/secret-token-123\"}");
        QCOMPARE(set.status, 200);
        QCOMPARE(set.json("/webhook_url"), QByteArray("https://billing.example.com/****"));
        QVERIFY(!set.body.contains("secret-token-123"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'tenant.billing_contact' AND target = '%1'"
                                       " AND NOT dry_run AND parameters::text NOT LIKE '%%secret-token%%'").arg(QString::fromLatin1(k.tenantId))),
                 qint64(1));
        QCOMPARE(admin.call("PUT", path, "{\"webhook_url\":null}").status, 200);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT billing_webhook_url IS NULL FROM tenants WHERE id = '%1'")
                                         .arg(QString::fromLatin1(k.tenantId))).toBool(), true);
    }

    void eachThresholdNotifiesTheBillingContactOnce()
    {
        AdminApi admin = m_stack.admin();
        const TestKey k = admin.createKey();
        QCOMPARE(admin.call("PUT", "/admin/tenants/" + k.tenantId + "/billing-contact",
                            "{\"webhook_url\":\"" + m_receiver.url() + "/hooks/billing?token=abc\"}").status, 200);
        QCOMPARE(admin.call("PUT", "/admin/tenants/" + k.tenantId + "/budget", "{\"amount_micros\":1000,\"period\":\"lifetime\"}").status, 200);
        m_receiver.script({{500, {}}}); // the first delivery fails and is retried

        // 500 (50 %) on one replica, 300 more (80 %) on the other, then a stream cut at the cap (100 %).
        QCOMPARE(RawHttp::post(m_stack.port(0), "/v1/chat/completions", chat(10), bearer(k.key)).status, 200);
        QElapsedTimer clock;
        clock.start();
        while (delivered().value(50) + int(m_receiver.requests().size()) == 0 && clock.elapsed() < 15000)
            QTest::qWait(100);
        QCOMPARE(RawHttp::post(m_stack.port(1), "/v1/chat/completions", chat(6), bearer(k.key)).status, 200);
        HttpResult cut;
        while ((cut = RawHttp::post(m_stack.port(0), "/v1/chat/completions", chat(50, true), bearer(k.key))).status == 429
               && clock.elapsed() < 20000)
            QTest::qWait(50); // until the previous answers' settlements reached Redis
        QCOMPARE(cut.status, 200);
        QVERIFY2(cut.body.contains("insufficient_quota"), cut.body.constData());

        while (delivered().size() < 3 && clock.elapsed() < 40000)
            QTest::qWait(200);
        QCOMPARE(delivered().keys(), (QList<int>{50, 80, 100}));
        QTest::qWait(5000); // more than two scans of both replicas: nothing is sent twice
        QCOMPARE(delivered(), (QMap<int, int>{{50, 1}, {80, 1}, {100, 1}}));

        const QList<FakeStripeRequest> all = m_receiver.requests();
        QCOMPARE(all.first().answeredStatus, 500);
        QByteArray retriedId;
        for (const FakeStripeRequest &r : all) {
            QCOMPARE(r.path, QByteArray("/hooks/billing?token=abc"));
            QCOMPARE(r.header("x-crosslogic-event"), QByteArray("budget.threshold_reached"));
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            QCOMPARE(body.value(QStringLiteral("tenant_id")).toString().toUtf8(), k.tenantId);
            QCOMPARE(body.value(QStringLiteral("budget")).toObject().value(QStringLiteral("amount_micros")).toInteger(), qint64(1000));
            QVERIFY(body.value(QStringLiteral("spent_micros")).toInteger() * 100 >= 1000 * body.value(QStringLiteral("threshold_percent")).toInteger());
            if (r.answeredStatus == 200 && body.value(QStringLiteral("threshold_percent")).toInt() == 50)
                retriedId = r.header("x-crosslogic-delivery");
        }
        QCOMPARE(retriedId, all.first().header("x-crosslogic-delivery")); // the retry of 50 % is the same delivery
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM budget_threshold_crossings WHERE tenant_id = '%1' AND status = 'sent'")
                            .arg(QString::fromLatin1(k.tenantId))),
                 qint64(3));

        // The operator's side: an alert names the tenant whose budget reached 100 %.
        clock.restart();
        QByteArray alert;
        while (alert.isEmpty() && clock.elapsed() < 20000) {
            const HttpResult a = admin.call("GET", "/admin/alerts?state=firing&rule=budget_threshold_reached");
            if (a.status == 200 && a.body.contains(k.tenantId))
                alert = a.body;
            else
                QTest::qWait(200);
        }
        QVERIFY2(!alert.isEmpty(), "budget_threshold_reached did not fire");
        QVERIFY2(alert.contains("reached 100 %: 1000 of 1000 micro-units"), alert.constData());
    }
};

QTEST_GUILESS_MAIN(TestSpendThresholds)
#include "test_spend_thresholds.moc"
