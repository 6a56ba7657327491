// Billing: durable usage end to end (batch insert, one row per request, disconnects, usage APIs, backfill,
// PostgreSQL outage, full spool, kill -9, graceful stop).
#include "billingfixture.h"
#include "prometheus/prometheustext.h"
#include "support/scrape.h"

class TestBillingUsage : public BillingFixture
{
    Q_OBJECT
private slots:
    void initTestCase() { initFixture(); }

    // The batch statement (one array literal per column): values that are syntax in array or SQL literals
    // arrive as data, NULLs stay NULL, a request id twice in one batch and a replay insert nothing twice.
    void batchInsertQuotesValuesAndIsIdempotent()
    {
        {
            QSqlDatabase db = daemonConnection(QStringLiteral("test-usage-batch"));
            QVERIFY(db.isOpen());
            const QString tenant = m_stack.db().scalar(QStringLiteral("SELECT id FROM tenants LIMIT 1")).toString();
            QVERIFY(!tenant.isEmpty());
            const QString nasty = QStringLiteral("a'b\"c\\d{e},f NULL \u00e9\u4e2d\n'); DROP TABLE x; --");
            const qint64 ts = 1764323456789; // ms: must survive exactly
            std::vector<UsageEvent> events;
            for (int i = 0; i < 4; ++i) {
                UsageEvent e;
                e.requestId = "batch-test-" + QByteArray::number(i < 3 ? i : 0); // the fourth repeats the first
                e.tenantId = tenant;
                e.keyPrefix = "clsk_\"'x";
                e.model = i == 1 ? nasty : QStringLiteral("demo-model");
                e.method = "POST";
                e.path = nasty.toUtf8();
                e.promptTokens = 1000000;
                e.completionTokens = 1000000 * i;
                e.latencyMs = 7;
                e.ttftMs = i == 2 ? -1 : 3;
                e.statusCode = 200;
                e.status = i == 2 ? QStringLiteral("rejected") : QStringLiteral("completed");
                e.reason = i == 2 ? nasty : QString();
                e.timestampMs = ts + i;
                events.push_back(e);
            }
            auto inserted = insertUsageEvents(db, events);
            QVERIFY2(inserted, inserted ? "" : qPrintable(inserted.error()));
            QCOMPARE(*inserted, 2); // 0 and 1 billable; 2 rejected; the fourth is a duplicate of 0
            QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM request_logs WHERE request_id LIKE 'batch-test-%'")), 3);
            QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT model_name FROM usage_records WHERE request_id = 'batch-test-1'"))
                         .toString(),
                     nasty);
            QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT path FROM request_logs WHERE request_id = 'batch-test-1'"))
                         .toString(),
                     nasty);
            QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT reason FROM request_logs WHERE request_id = 'batch-test-2'"))
                         .toString(),
                     nasty);
            QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT key_prefix FROM request_logs WHERE request_id = 'batch-test-0'"))
                         .toString(),
                     QStringLiteral("clsk_\"'x"));
            QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM request_logs WHERE request_id = 'batch-test-2'"
                                         " AND ttft_ms IS NULL AND environment_id IS NULL AND node_id IS NULL")),
                     1);
            QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT (extract(epoch FROM created_at) * 1000)::bigint FROM "
                                                 "request_logs WHERE request_id = 'batch-test-1'"))
                         .toLongLong(),
                     ts + 1);
            // demo-model: 1 $/Mtok in, 2 $/Mtok out; the unknown (nasty) model costs nothing.
            QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT cost_micros FROM usage_records WHERE request_id = 'batch-test-0'"))
                         .toLongLong(),
                     1000000);
            QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT cost_micros FROM usage_records WHERE request_id = 'batch-test-1'"))
                         .toLongLong(),
                     0);
            auto again = insertUsageEvents(db, events);
            QVERIFY2(again, again ? "" : qPrintable(again.error()));
            QCOMPARE(*again, 0);
            QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id LIKE 'batch-test-%'")), 2);
            m_stack.db().scalar(QStringLiteral("WITH a AS (DELETE FROM usage_records WHERE request_id LIKE 'batch-test-%'),"
                                        " b AS (DELETE FROM request_logs WHERE request_id LIKE 'batch-test-%') SELECT 1"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("test-usage-batch"));
    }

    // A spool replay that overlaps what PostgreSQL already holds (the writer died between the insert and the
    // spool commit, then got more events): the new events are inserted, the old ones are not inserted twice.
    void partialReplayInsertsOnlyTheNewEvents()
    {
        {
            QSqlDatabase db = daemonConnection(QStringLiteral("test-usage-replay"));
            QVERIFY(db.isOpen());
            const QString tenant = m_stack.db().scalar(QStringLiteral("SELECT id FROM tenants LIMIT 1")).toString();
            std::vector<UsageEvent> events;
            for (int i = 0; i < 5; ++i) {
                UsageEvent e;
                e.requestId = "replay-test-" + QByteArray::number(i);
                e.tenantId = tenant;
                e.model = QStringLiteral("demo-model");
                e.method = "POST";
                e.path = "/v1/chat/completions";
                e.promptTokens = 10 + i;
                e.completionTokens = 20;
                e.statusCode = 200;
                e.status = QStringLiteral("completed");
                e.timestampMs = 1764323456789 + i;
                events.push_back(e);
            }
            auto first = insertUsageEvents(db, {events.begin(), events.begin() + 2});
            QVERIFY2(first, first ? "" : qPrintable(first.error()));
            QCOMPARE(*first, 2);
            auto replay = insertUsageEvents(db, events);
            QVERIFY2(replay, replay ? "" : qPrintable(replay.error()));
            QCOMPARE(*replay, 3);
            QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id LIKE 'replay-test-%'")), 5);
            QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM request_logs WHERE request_id LIKE 'replay-test-%'")), 5);
            QCOMPARE(rows(QStringLiteral("SELECT sum(prompt_tokens) FROM usage_records WHERE request_id LIKE 'replay-test-%'")),
                     10 + 11 + 12 + 13 + 14);
            m_stack.db().scalar(QStringLiteral("WITH a AS (DELETE FROM usage_records WHERE request_id LIKE 'replay-test-%'),"
                                        " b AS (DELETE FROM request_logs WHERE request_id LIKE 'replay-test-%') SELECT 1"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("test-usage-replay"));
    }

    void everyRequestHasExactlyOneRowWithTheEnginesTokens()
    {
        const TestKey key = AdminApi(port()).addKey(m_key);
        QList<QByteArray> ids;
        QHash<QByteArray, int> expected;
        for (int i = 0; i < 20; ++i) {
            const int tokens = 1 + i % 6;
            const bool stream = i % 2 == 0;
            const HttpResult r =
                RawHttp::post(port(), "/v1/chat/completions", chat(tokens, stream), bearer(key.key));
            QCOMPARE(r.status, 200);
            ids << r.header("x-request-id");
            expected[ids.last()] = tokens;
        }
        QTRY_COMPARE_WITH_TIMEOUT(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id IN (%1)")
                     .arg(inList(ids))),
            20, 5000);
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE api_key_id = '%1'")
                          .arg(QString::fromLatin1(key.keyId))),
                 20);
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM request_logs WHERE api_key_id = '%1'")
                          .arg(QString::fromLatin1(key.keyId))),
                 20);
        // "Last used" comes with the metering: the time of the key's newest request.
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT k.last_used_at = (SELECT max(created_at) FROM request_logs"
                                                    " WHERE api_key_id = k.id) FROM api_keys k WHERE k.id = '%1'")
                                         .arg(QString::fromLatin1(key.keyId)))
                     .toBool(),
                 true);
        QVERIFY(!AdminApi(port()).call("GET", "/admin/api-keys/" + key.keyId).json("/last_used_at").isEmpty());
        QVERIFY(AdminApi(port()).call("GET", "/admin/api-keys/" + key.keyId).json("/last_used_at") != "null");
        for (const QByteArray &id : ids)
            QCOMPARE(rows(QStringLiteral("SELECT completion_tokens FROM usage_records WHERE request_id = "
                                         "'%1' AND status = 'completed'")
                              .arg(QString::fromLatin1(id))),
                     expected[id]);
        // Cost in integer micro-dollars from the model's prices (1 $/Mtok in, 2 $/Mtok out): tokens × price /
        // 10^6.
        QCOMPARE(m_stack.db().scalar(QStringLiteral(
                                  "SELECT sum(cost_micros) = sum((prompt_tokens * 1000000::bigint + "
                                  "completion_tokens * 2000000::bigint) / 1000000)"
                                  " AND sum(cost_micros) > 0 FROM usage_records WHERE api_key_id = '%1'")
                                  .arg(QString::fromLatin1(key.keyId)))
                     .toBool(),
                 true);
    }

    void disconnectMidStreamBillsTheTokensDelivered()
    {
        StreamingResponse s;
        QVERIFY(s.open(port(),
                       RawHttp::build("POST", "/v1/chat/completions", chat(400, true), bearer(m_key.key))));
        QCOMPARE(s.status(), 200);
        const QString id = QString::fromLatin1(s.header("x-request-id"));
        int chunks = 0;
        while (chunks < 3) {
            const QByteArray c = s.nextChunk(3000);
            QVERIFY(!c.isEmpty());
            chunks += int(c.count("chat.completion.chunk"));
        }
        s.abort();
        QTRY_COMPARE_WITH_TIMEOUT(
            m_stack.db().scalar(QStringLiteral("SELECT status FROM usage_records WHERE request_id = '%1'").arg(id))
                .toString(),
            QStringLiteral("interrupted"), 5000);
        const int billed = rows(
            QStringLiteral("SELECT completion_tokens FROM usage_records WHERE request_id = '%1'").arg(id));
        QVERIFY2(billed >= chunks && billed < 400,
                 qPrintable(QStringLiteral("billed %1 after reading %2 chunks").arg(billed).arg(chunks)));
        QCOMPARE(
            m_stack.db().scalar(QStringLiteral("SELECT status FROM request_logs WHERE request_id = '%1'").arg(id))
                .toString(),
            QStringLiteral("interrupted"));
    }

    void customerUsageByDayAndModel()
    {
        const TestKey key = AdminApi(port()).addKey(m_key);
        QList<QByteArray> ids;
        for (int i = 0; i < 3; ++i) {
            const HttpResult r =
                RawHttp::post(port(), "/v1/chat/completions", chat(4, false), bearer(key.key));
            QCOMPARE(r.status, 200);
            ids << r.header("x-request-id");
        }
        const QString tenant = QString::fromLatin1(m_key.tenantId);
        QTRY_COMPARE_WITH_TIMEOUT(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id IN (%1)")
                     .arg(inList(ids))),
            3, 5000);
        const int expectedRequests =
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE tenant_id = '%1'").arg(tenant));
        QCOMPARE(expectedRequests, rows(QStringLiteral("SELECT count(*) FROM request_logs WHERE tenant_id = "
                                                       "'%1' AND status IN ('completed','interrupted')")
                                            .arg(tenant)));
        QVERIFY(expectedRequests >= 3);
        const HttpResult r = RawHttp::get(port(), "/v1/usage", bearer(key.key));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.json("/object") == "usage", r.body.constData());
        QCOMPARE(r.json("/tenant_id"), m_key.tenantId);
        QVERIFY2(r.json("/data/0/model") == "demo-model", r.body.constData());
        QCOMPARE(r.json("/data/0/date"),
                 QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate).toLatin1());
        QCOMPARE(r.json("/totals/requests").toInt(), expectedRequests);
        QCOMPARE(r.json("/totals/total_tokens").toInt(),
                 rows(QStringLiteral("SELECT sum(total_tokens) FROM usage_records WHERE tenant_id = '%1'")
                          .arg(tenant)));
        // A range that ends before today holds nothing; bad input is a 400; no key is a 401.
        QCOMPARE(RawHttp::get(port(), "/v1/usage?start=2020-01-01&end=2020-01-31", bearer(key.key))
                     .json("/totals/requests"),
                 QByteArray("0"));
        QCOMPARE(RawHttp::get(port(), "/v1/usage?start=yesterday", bearer(key.key)).status, 400);
        QCOMPARE(RawHttp::get(port(), "/v1/usage?start=2020-02-01&end=2020-01-01", bearer(key.key)).status,
                 400);
        QCOMPARE(RawHttp::get(port(), "/v1/usage").status, 401);
        // Another tenant sees only its own usage.
        const TestKey other = AdminApi(port()).createKey();
        QCOMPARE(RawHttp::get(port(), "/v1/usage", bearer(other.key)).json("/totals/requests"),
                 QByteArray("0"));
    }

    void adminUsageAndBackfill()
    {
        AdminApi admin(port());
        const QString tenant = QString::fromLatin1(m_key.tenantId);
        const int all =
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE tenant_id = '%1'").arg(tenant));
        HttpResult list = admin.call("GET", "/admin/usage?tenant_id=" + m_key.tenantId + "&limit=2");
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json("/totals/requests").toInt(), all);
        QCOMPARE(list.json("/data/1/tenant_id"), m_key.tenantId);
        // Names beside the ids, for people reading the list.
        QCOMPARE(QString::fromUtf8(list.json("/data/1/tenant_name")),
                 m_stack.db().scalar(QStringLiteral("SELECT name FROM tenants WHERE id = '%1'").arg(tenant)).toString());
        QCOMPARE(QString::fromLatin1(list.json("/data/1/api_key_prefix")),
                 m_stack.db().scalar(QStringLiteral("SELECT key_prefix FROM api_keys WHERE id = '%1'").arg(QString::fromLatin1(list.json("/data/1/api_key_id")))).toString());
        QVERIFY(list.json("/data/1/api_key_prefix").startsWith("clsk_"));
        QCOMPARE(list.json("/data/2"), QByteArray("<absent>"));
        QCOMPARE(admin.call("GET", "/admin/usage?tenant_id=" + m_key.tenantId + "&model=other-model")
                     .json("/totals/requests"),
                 QByteArray("0"));
        QCOMPARE(admin.call("GET", "/admin/usage?since=garbage").status, 400);
        QCOMPARE(RawHttp::get(port(), "/admin/usage").status, 401);

        // Lose three usage rows (as if written by a broken release), then rebuild them from request_logs
        // (runbook 6.1).
        m_stack.db().scalar(QStringLiteral(
                         "WITH d AS (DELETE FROM usage_records WHERE id IN (SELECT id FROM usage_records "
                         "WHERE tenant_id = '%1'"
                         " AND status = 'completed' ORDER BY id LIMIT 3) RETURNING 1) SELECT count(*) FROM d")
                         .arg(tenant));
        QCOMPARE(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE tenant_id = '%1'").arg(tenant)),
            all - 3);
        const QByteArray since =
            QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODate).toLatin1();
        const QByteArray until = QDateTime::currentDateTimeUtc().addSecs(60).toString(Qt::ISODate).toLatin1();
        const QByteArray body = "{\"since\":\"" + since + "\",\"until\":\"" + until + "\"}";
        HttpResult dry = admin.call("POST", "/admin/usage/backfill?dry_run=true", body);
        QCOMPARE(dry.status, 200);
        QCOMPARE(dry.json("/dry_run"), QByteArray("true"));
        QVERIFY(dry.json("/would/inserted").toInt() >= 3);
        QCOMPARE(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE tenant_id = '%1'").arg(tenant)),
            all - 3);
        HttpResult done = admin.call("POST", "/admin/usage/backfill", body);
        QCOMPARE(done.status, 200);
        QCOMPARE(done.json("/inserted"), dry.json("/would/inserted"));
        QCOMPARE(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE tenant_id = '%1'").arg(tenant)),
            all);
        QCOMPARE(admin.call("POST", "/admin/usage/backfill", body).json("/inserted"),
                 QByteArray("0")); // idempotent
        QVERIFY(rows(QStringLiteral(
                    "SELECT count(*) FROM audit_log WHERE action = 'usage.backfill' AND result = 'ok'")) >=
                2);
        QCOMPARE(admin
                     .call("POST", "/admin/usage/backfill",
                           "{\"since\":\"" + until + "\",\"until\":\"" + since + "\"}")
                     .status,
                 400);
        QCOMPARE(admin.call("POST", "/admin/usage/backfill", "{\"since\":\"" + since + "\"}").status, 400);
    }

    void postgresOutageLosesAndDuplicatesNothing()
    {
        const TestKey key = AdminApi(port()).addKey(m_key);
        QCOMPARE(RawHttp::get(port(), "/v1/models", bearer(key.key)).status, 200); // the key is cached
        std::atomic<bool> stop{false};
        std::atomic<int> errors{0};
        std::vector<Completed> done;
        std::thread client([&] { done = load(port(), key.key, 2, stop, &errors); });
        QTest::qWait(500);
        m_proxy->setOpen(false);
        QTest::qWait(1500);
        const HttpResult metrics = RawHttp::get(port(), "/metrics");
        QTest::qWait(1000);
        m_proxy->setOpen(true);
        QTest::qWait(500);
        stop = true;
        client.join();
        QVERIFY2(done.size() > 20, qPrintable(QString::number(done.size())));
        // While PostgreSQL was away the spool held the usage, and said so.
        const crosslogic::PrometheusText scraped = crosslogic::PrometheusText::parse(metrics.body);
        QVERIFY2(scraped.value("usage_spool_depth") > 0, metrics.body.constData());
        QVERIFY(!std::isnan(scraped.value("usage_write_lag_seconds")));
        QList<QByteArray> ids;
        for (const Completed &c : done)
            ids << c.requestId;
        QTRY_COMPARE_WITH_TIMEOUT(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id IN (%1)")
                     .arg(inList(ids))),
            int(ids.size()), 15000);
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE api_key_id = '%1'")
                          .arg(QString::fromLatin1(key.keyId))),
                 rows(QStringLiteral("SELECT count(*) FROM request_logs WHERE api_key_id = '%1' AND status "
                                     "IN ('completed','interrupted')")
                          .arg(QString::fromLatin1(key.keyId))));
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE api_key_id = '%1'")
                          .arg(QString::fromLatin1(key.keyId))),
                 int(ids.size()));
        for (const Completed &c : done)
            QCOMPARE(
                rows(QStringLiteral("SELECT completion_tokens FROM usage_records WHERE request_id = '%1'")
                         .arg(QString::fromLatin1(c.requestId))),
                c.completionTokens);
        qInfo("outage: %d requests completed, %d failed, all %d billed once", int(done.size()), errors.load(),
              int(ids.size()));
        QTRY_VERIFY_WITH_TIMEOUT(scrapeMetric(port(), "usage_spool_depth") == 0,
                                 5000);
    }

    void fullSpoolRefusesNewRequestsUntilItDrains()
    {
        // A second replica with a tiny spool: with PostgreSQL away it fills, then refuses new requests with
        // 503.
        auto small = makeDaemon();
        small->setEnv(QStringLiteral("USAGE_SPOOL_DIR"), scratchDir() + QStringLiteral("/small-spool"));
        small->setEnv(QStringLiteral("USAGE_SPOOL_MAX_BYTES"), QStringLiteral("65536"));
        small->setEnv(QStringLiteral("STRIPE_SECRET_KEY"), QString());
        QVERIFY2(small->start(), small->log().constData());
        const TestKey key = AdminApi(small->port()).addKey(m_key);
        QCOMPARE(RawHttp::get(small->port(), "/v1/models", bearer(key.key)).status, 200);
        m_proxy->setOpen(false);
        QList<QByteArray> served;
        HttpResult refused;
        for (int i = 0; i < 2000 && refused.status == 0; ++i) {
            const HttpResult r =
                RawHttp::post(small->port(), "/v1/chat/completions", chat(2, false), bearer(key.key));
            if (r.status == 200)
                served << r.header("x-request-id");
            else
                refused = r;
        }
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.json("/error/code"), QByteArray("usage_spool_full"));
        QVERIFY2(served.size() > 50, qPrintable(QString::number(served.size())));
        QCOMPARE(scrapeMetric(small->port(), "usage_spool_full"), 1.0);
        QVERIFY(small->log().contains("usage spool FULL"));
        m_proxy->setOpen(true);
        QTRY_COMPARE_WITH_TIMEOUT(
            RawHttp::post(small->port(), "/v1/chat/completions", chat(2, false), bearer(key.key)).status, 200,
            15000);
        QTRY_COMPARE_WITH_TIMEOUT(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id IN (%1)")
                     .arg(inList(served))),
            int(served.size()), 15000);
        qInfo("full spool: %d requests served and billed before the first 503", int(served.size()));
        QTRY_VERIFY_WITH_TIMEOUT(
            scrapeMetric(small->port(), "usage_spool_full") == 0, 5000);
    }

    void killNineLosesAtMostOneFlushInterval()
    {
        const TestKey key = AdminApi(port()).addKey(m_key);
        QCOMPARE(RawHttp::get(port(), "/v1/models", bearer(key.key)).status, 200);
        // Keep PostgreSQL away so that the usage is only in the spool when the daemon dies.
        m_proxy->setOpen(false);
        std::atomic<bool> stop{false};
        std::vector<Completed> done;
        std::thread client([&] { done = load(port(), key.key, 3, stop); });
        QTest::qWait(1500);
        m_daemon->kill();
        const qint64 killedAt = QDateTime::currentMSecsSinceEpoch();
        stop = true;
        client.join();
        QVERIFY(m_daemon->waitForExit(5000));
        m_proxy->setOpen(true);
        QList<QByteArray> mustHave;
        for (const Completed &c : done)
            if (c.atMs < killedAt - 50)
                mustHave << c.requestId;
        QVERIFY2(mustHave.size() > 10, qPrintable(QString::number(mustHave.size())));

        m_daemon = makeDaemon(); // same spool directory: it is replayed on start
        QVERIFY2(m_daemon->start(), m_daemon->log().constData());
        QTRY_COMPARE_WITH_TIMEOUT(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id IN (%1)")
                     .arg(inList(mustHave))),
            int(mustHave.size()), 15000);
        const int total = rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE api_key_id = '%1'")
                                   .arg(QString::fromLatin1(key.keyId)));
        QVERIFY2(total >= mustHave.size() && total <= int(done.size()) + 3,
                 qPrintable(QStringLiteral("%1 rows, %2 responses, %3 completed before the last flush")
                                .arg(total)
                                .arg(done.size())
                                .arg(mustHave.size())));
        qInfo("kill -9: %d responses, %d older than one flush interval, %d rows after replay",
              int(done.size()), int(mustHave.size()), total);
        QVERIFY(m_daemon->log().contains("replaying"));
    }

    void gracefulStopFlushesTheSpool()
    {
        const TestKey key = AdminApi(port()).addKey(m_key);
        QCOMPARE(RawHttp::get(port(), "/v1/models", bearer(key.key)).status, 200); // the key is cached
        m_proxy->setOpen(false);
        QList<QByteArray> ids;
        for (int i = 0; i < 5; ++i) {
            const HttpResult r =
                RawHttp::post(port(), "/v1/chat/completions", chat(2, false), bearer(key.key));
            if (r.status == 200)
                ids << r.header("x-request-id");
        }
        QCOMPARE(ids.size(), 5);
        m_daemon->terminate();
        QVERIFY(m_daemon->waitForExit(15000));
        m_proxy->setOpen(true);
        m_daemon = makeDaemon();
        QVERIFY2(m_daemon->start(), m_daemon->log().constData());
        QTRY_COMPARE_WITH_TIMEOUT(
            rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id IN (%1)")
                     .arg(inList(ids))),
            int(ids.size()), 15000);
        QVERIFY(m_daemon->log().contains("replaying"));
    }

    void cleanupTestCase() { cleanupFixture(); }
};

QTEST_GUILESS_MAIN(TestBillingUsage)
#include "test_billing_usage.moc"
