// Billing against Stripe (a local fake): webhooks (signature, suspension, retries, runbook re-queue) and
// meter events sent exactly once through failures.
#include "billingfixture.h"

class TestBillingStripe : public BillingFixture
{
    Q_OBJECT
private slots:
    void initTestCase() { initFixture(); }

    void webhookSuspendsAndReactivates()
    {
        AdminApi admin(port());
        const TestKey key = admin.createKey();
        m_stack.db().scalar(
            QStringLiteral("UPDATE tenants SET stripe_customer_id = 'cus_hook_1' WHERE id = '%1' RETURNING 1")
                .arg(QString::fromLatin1(key.tenantId)));
        QCOMPARE(RawHttp::get(port(), "/v1/models", bearer(key.key)).status, 200); // cached as valid

        const QByteArray failed = event("evt_fail_1", "invoice.payment_failed", "cus_hook_1");
        QElapsedTimer t;
        t.start();
        HttpResult r = webhook(failed, sign(failed));
        QCOMPARE(r.status, 200);
        QVERIFY2(t.elapsed() < 1000, "answered fast");
        QCOMPARE(r.json("/duplicate"), QByteArray("false"));
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(port(), "/v1/models", bearer(key.key)).status, 403, 3000);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT status FROM tenants WHERE id = '%1'")
                                  .arg(QString::fromLatin1(key.tenantId)))
                     .toString(),
                 QStringLiteral("suspended"));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_stack.db().scalar(QStringLiteral("SELECT processed FROM billing_events WHERE event_id = 'evt_fail_1'"))
                .toBool(),
            true, 3000);
        QCOMPARE(m_stack.db().scalar(QStringLiteral(
                                  "SELECT tenant_id::text FROM billing_events WHERE event_id = 'evt_fail_1'"))
                     .toString()
                     .toLatin1(),
                 key.tenantId);

        // A duplicate delivery is answered 200 and changes nothing.
        r = webhook(failed, sign(failed));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json("/duplicate"), QByteArray("true"));
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM billing_events WHERE event_id = 'evt_fail_1'")),
                 1);
        QTest::qWait(1500);
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM audit_log WHERE token_name = 'stripe-webhook' AND "
                                     "parameters->>'stripe_event_id' = 'evt_fail_1'")),
                 1);

        const QByteArray paid = event("evt_paid_1", "invoice.paid", "cus_hook_1");
        QCOMPARE(webhook(paid, sign(paid)).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(port(), "/v1/models", bearer(key.key)).status, 200, 3000);

        // Unknown types are stored and marked processed.
        const QByteArray other = event("evt_other_1", "customer.created", "cus_hook_1");
        QCOMPARE(webhook(other, sign(other)).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_stack.db().scalar(
                    QStringLiteral("SELECT processed FROM billing_events WHERE event_id = 'evt_other_1'"))
                .toBool(),
            true, 3000);
        QVERIFY(!m_daemon->log().contains(kWebhookSecret));
    }

    void prepaidTopUpIsCreditedOncePerEvent()
    {
        AdminApi admin(port());
        const TestKey key = admin.createKey();
        m_stack.db().scalar(QStringLiteral("UPDATE tenants SET stripe_customer_id = 'cus_topup_1' WHERE id = '%1' RETURNING 1")
                                .arg(QString::fromLatin1(key.tenantId)));
        auto topUp = [](const QByteArray &id, const QByteArray &type, const QByteArray &object) -> QByteArray {
            return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type
                   + "\",\"data\":{\"object\":{\"customer\":\"cus_topup_1\",\"currency\":\"usd\"," + object + "}}}";
        };
        // A paid Checkout Session for $5.00 marked as a credit purchase, delivered twice: credited once.
        const QByteArray checkout = topUp("evt_topup_1", "checkout.session.completed",
                                          "\"payment_status\":\"paid\",\"amount_total\":500,\"metadata\":{\"crosslogic_credit\":\"true\"}");
        QCOMPARE(webhook(checkout, sign(checkout)).status, 200);
        QCOMPARE(webhook(checkout, sign(checkout)).json("/duplicate"), QByteArray("true"));
        // A paid invoice for a top-up ($0.25), and a Checkout Session that is not a credit purchase (nothing).
        const QByteArray invoice = topUp("evt_topup_2", "invoice.paid", "\"amount_paid\":25,\"metadata\":{\"crosslogic_credit\":\"true\"}");
        QCOMPARE(webhook(invoice, sign(invoice)).status, 200);
        const QByteArray plain = topUp("evt_topup_3", "checkout.session.completed", "\"payment_status\":\"paid\",\"amount_total\":900");
        QCOMPARE(webhook(plain, sign(plain)).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(rows(QStringLiteral("SELECT count(*) FROM billing_events WHERE event_id LIKE 'evt_topup_%' AND processed")), 3, 5000);
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM credit_ledger WHERE tenant_id = '%1'").arg(QString::fromLatin1(key.tenantId))), 2);
        QCOMPARE(rows(QStringLiteral("SELECT amount_micros FROM credit_ledger WHERE reference = 'evt_topup_1' AND source = 'stripe'")), 5000000);
        // The customer sees the prepaid balance: $5.25 in micro-units.
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(port(), "/v1/budgets", bearer(key.key)).json("/credit/balance_micros"), QByteArray("5250000"), 3000);
    }

    void badWebhooksAreRejectedAndNothingIsStored()
    {
        const int before = rows(QStringLiteral("SELECT count(*) FROM billing_events"));
        const QByteArray body = event("evt_bad_1", "invoice.paid", "cus_hook_1");
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QByteArray wrongSecret = signStripePayload(body, "whsec_not_ours", now);
        struct Case
        {
            const char *name;
            QByteArray body;
            QByteArray signature;
            QByteArray code;
        };
        const QList<Case> cases{
            {"bad signature", body, wrongSecret, "signature_mismatch"},
            {"body changed after signing", body + " ", sign(body), "signature_mismatch"},
            {"stale timestamp", body, sign(body, now - 301), "signature_stale"},
            {"missing header", body, QByteArray(), "signature_missing"},
            {"malformed header", body, "t=abc,v1=zz", "signature_malformed"},
            {"malformed JSON", "{\"id\":\"evt_bad_2\",", sign("{\"id\":\"evt_bad_2\","), "invalid_json"},
            {"no id", "{\"type\":\"invoice.paid\"}", sign("{\"type\":\"invoice.paid\"}"), "invalid_event"},
        };
        for (const Case &c : cases) {
            const HttpResult r = webhook(c.body, c.signature);
            QVERIFY2(r.status == 400, c.name);
            QVERIFY2(
                r.json("/error/code") == c.code,
                qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(c.name), QString::fromLatin1(r.body))));
            QVERIFY2(!r.body.contains(kWebhookSecret), c.name);
        }
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM billing_events")), before);
        QVERIFY(!m_daemon->log().contains(kWebhookSecret));
    }

    void failingEventIsRetriedGivenUpAndRequeuedByTheRunbook()
    {
        const QByteArray body = event("evt_orphan_1", "customer.subscription.deleted", "cus_nobody");
        QCOMPARE(webhook(body, sign(body)).status, 200);
        const QString q =
            QStringLiteral("SELECT retry_count FROM billing_events WHERE event_id = 'evt_orphan_1'");
        // BILLING_MAX_RETRIES=3 with 100 ms doubling backoff: gives up after the third failure.
        QTRY_COMPARE_WITH_TIMEOUT(rows(q), 3, 10000);
        QTest::qWait(1500);
        QCOMPARE(rows(q), 3);
        QCOMPARE(m_stack.db().scalar(QStringLiteral(
                                  "SELECT processed FROM billing_events WHERE event_id = 'evt_orphan_1'"))
                     .toBool(),
                 false);
        QVERIFY(
            m_stack.db().scalar(QStringLiteral("SELECT error FROM billing_events WHERE event_id = 'evt_orphan_1'"))
                .toString()
                .contains(QLatin1String("cus_nobody")));
        AdminApi admin(port());
        HttpResult listed = admin.call("GET", "/admin/billing/events?failed=true");
        QCOMPARE(listed.status, 200);
        QVERIFY(listed.body.contains("evt_orphan_1"));
        QVERIFY(!listed.body.contains("evt_paid_1"));
        QVERIFY(admin.call("GET", "/admin/billing/events?type=invoice.paid").body.contains("evt_paid_1"));
        HttpResult dry = admin.call("POST", "/admin/billing/events/retry?dry_run=true", "{}");
        QCOMPARE(dry.status, 200);
        QCOMPARE(dry.json("/would/requeued"), QByteArray("1"));
        QCOMPARE(rows(q), 3);

        // Runbook 6.2, exactly as written.
        QString out;
        QCOMPARE(m_stack.db().psql(QStringLiteral("UPDATE billing_events SET processed = false, retry_count = 0 "
                                           "WHERE processed = false AND error IS NOT NULL"),
                            &out),
                 0);
        QTRY_COMPARE_WITH_TIMEOUT(rows(q), 3, 10000); // retried again, and given up again
        // The operator fixes the cause (links the customer), and the audited admin action re-queues it.
        const TestKey key = admin.createKey();
        m_stack.db().scalar(
            QStringLiteral("UPDATE tenants SET stripe_customer_id = 'cus_nobody' WHERE id = '%1' RETURNING 1")
                .arg(QString::fromLatin1(key.tenantId)));
        HttpResult retried = admin.call("POST", "/admin/billing/events/retry", "{}");
        QCOMPARE(retried.status, 200);
        QCOMPARE(retried.json("/requeued"), QByteArray("1"));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_stack.db().scalar(
                    QStringLiteral("SELECT processed FROM billing_events WHERE event_id = 'evt_orphan_1'"))
                .toBool(),
            true, 5000);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT status FROM tenants WHERE id = '%1'")
                                  .arg(QString::fromLatin1(key.tenantId)))
                     .toString(),
                 QStringLiteral("suspended"));
        QVERIFY(rows(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'billing.events.retry' "
                                    "AND dry_run = false")) >= 1);
    }

    void meterEventsAreSentOnceDespiteFailures()
    {
        AdminApi admin(port());
        const TestKey key = admin.createKey();
        const QString tenant = QString::fromLatin1(key.tenantId);
        // One 500, then one 429 asking for 2 s, then success.
        m_stripe->script({FakeStripeAnswer{500, {}}, FakeStripeAnswer{429, "2"}});
        const int sentBefore = int(m_stripe->requests().size());
        for (int i = 0; i < 6; ++i)
            QCOMPARE(RawHttp::post(port(), "/v1/chat/completions", chat(3 + i, i % 2 == 0), bearer(key.key))
                         .status,
                     200);
        QTRY_COMPARE_WITH_TIMEOUT(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE tenant_id = '%1'").arg(tenant)), 6,
            5000);
        const int tokens = rows(
            QStringLiteral("SELECT sum(total_tokens) FROM usage_records WHERE tenant_id = '%1'").arg(tenant));
        m_stack.db().scalar(QStringLiteral(
                         "UPDATE tenants SET stripe_customer_id = 'cus_meter_1' WHERE id = '%1' RETURNING 1")
                         .arg(tenant));

        QTRY_COMPARE_WITH_TIMEOUT(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE tenant_id = '%1' AND NOT billed")
                     .arg(tenant)),
            0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            rows(QStringLiteral(
                     "SELECT count(*) FROM billing_exports WHERE tenant_id = '%1' AND status <> 'sent'")
                     .arg(tenant)),
            0, 15000);
        QCOMPARE(rows(QStringLiteral("SELECT sum(quantity) FROM billing_exports WHERE tenant_id = '%1'")
                          .arg(tenant)),
                 tokens);

        // What Stripe saw: every attempt for one identifier carries the same value; distinct identifiers sum
        // to the usage.
        QHash<QByteArray, QByteArray> valueOf;
        QHash<QByteArray, QList<FakeStripeRequest>> attempts;
        const QList<FakeStripeRequest> all = m_stripe->requests();
        for (int i = sentBefore; i < all.size(); ++i) {
            const FakeStripeRequest &r = all[i];
            if (r.form("payload[stripe_customer_id]") != "cus_meter_1")
                continue;
            QCOMPARE(r.method, QByteArray("POST"));
            QCOMPARE(r.path, QByteArray("/v1/billing/meter_events"));
            QCOMPARE(r.header("authorization"), "Bearer " + kStripeKey);
            QCOMPARE(r.header("content-type"), QByteArray("application/x-www-form-urlencoded"));
            QCOMPARE(r.form("event_name"), QByteArray("crosslogic_tokens"));
            QVERIFY(r.form("timestamp").toLongLong() > 1700000000);
            const QByteArray id = r.form("identifier");
            QVERIFY(id.startsWith(QByteArray("crosslogic-" + key.tenantId + "-")));
            if (valueOf.contains(id))
                QCOMPARE(r.form("payload[value]"), valueOf[id]);
            valueOf[id] = r.form("payload[value]");
            attempts[id] << r;
        }
        qint64 sum = 0;
        for (const QByteArray &v : valueOf)
            sum += v.toLongLong();
        QCOMPARE(sum, qint64(tokens));
        // The failed identifier was retried: 500, then 429 (Retry-After: 2 honoured), then 200.
        bool sawRetry = false;
        for (const auto &list : attempts) {
            if (list.size() < 3)
                continue;
            sawRetry = true;
            QCOMPARE(list[0].answeredStatus, 500);
            QCOMPARE(list[1].answeredStatus, 429);
            QCOMPARE(list[2].answeredStatus, 200);
            QVERIFY2(list[2].receivedAtMs - list[1].receivedAtMs >= 1900,
                     qPrintable(QStringLiteral("retried %1 ms after a 429 with Retry-After: 2")
                                    .arg(list[2].receivedAtMs - list[1].receivedAtMs)));
        }
        QVERIFY(sawRetry);
        QVERIFY(rows(QStringLiteral("SELECT max(attempts) FROM billing_exports WHERE tenant_id = '%1'")
                         .arg(tenant)) >= 3);
    }

    void cleanupTestCase() { cleanupFixture(); }
};

QTEST_GUILESS_MAIN(TestBillingStripe)
#include "test_billing_stripe.moc"
