// Billing end to end: durable usage (spool, PostgreSQL outage, kill -9), usage APIs, Stripe webhooks and
// meter export.
#include "support/adminapi.h"
#include "support/daemonprocess.h"
#include "support/engineprocess.h"
#include "support/fakestripe.h"
#include "support/rawhttp.h"
#include "support/tcpproxy.h"
#include "support/testdatabase.h"
#include "support/testenv.h"
#include "support/testredis.h"

#include "billing/stripesignature.h"
#include "billing/usagesql.h"
#include "config/config.h"
#include "store/dbpool.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>
#include <QUrl>
#include <QtTest>
#include <atomic>
#include <mutex>
#include <thread>

using namespace crosslogic;
using namespace crosslogic::test;

namespace {

const QByteArray kWebhookSecret = "whsec_test_billing_0123456789";
const QByteArray kStripeKey = "sk_test_billing_0123456789";

QByteArray chat(int maxTokens, bool stream)
{
    return "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"count for "
           "me\"}],\"max_tokens\":" +
           QByteArray::number(maxTokens) + (stream ? ",\"stream\":true}" : "}");
}

QString inList(const QList<QByteArray> &ids)
{
    QStringList quoted;
    for (const QByteArray &id : ids)
        quoted << QStringLiteral("'%1'").arg(QString::fromLatin1(id));
    return quoted.isEmpty() ? QStringLiteral("''") : quoted.join(u',');
}

struct Completed
{
    QByteArray requestId;
    qint64 atMs;
    int completionTokens;
};

} // namespace

class TestBilling : public QObject
{
    Q_OBJECT
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<TestRedis> m_redis;
    std::unique_ptr<EngineProcess> m_engine;
    std::unique_ptr<TcpProxy> m_proxy;
    std::unique_ptr<FakeStripe> m_stripe;
    std::unique_ptr<DaemonProcess> m_daemon;
    QString m_spoolDir;
    TestKey m_key;

    quint16 port() const { return m_daemon->port(); }

    std::unique_ptr<DaemonProcess> makeDaemon()
    {
        // The daemon reaches PostgreSQL through the proxy, so the test can take the database away and bring
        // it back.
        QUrl url(m_db->url());
        url.setPort(m_proxy->port());
        auto d = std::make_unique<DaemonProcess>(url.toString(), m_redis->url());
        d->setEnv(QStringLiteral("USAGE_SPOOL_DIR"), m_spoolDir);
        d->setEnv(QStringLiteral("USAGE_SPOOL_FLUSH_MS"), QStringLiteral("50"));
        d->setEnv(QStringLiteral("STRIPE_WEBHOOK_SECRET"), QString::fromLatin1(kWebhookSecret));
        d->setEnv(QStringLiteral("STRIPE_SECRET_KEY"), QString::fromLatin1(kStripeKey));
        d->setEnv(QStringLiteral("STRIPE_API_BASE"), QString::fromLatin1(m_stripe->url()));
        d->setEnv(QStringLiteral("BILLING_EXPORT_INTERVAL_MS"), QStringLiteral("300"));
        d->setEnv(QStringLiteral("BILLING_EXPORT_PERIOD_SECONDS"), QStringLiteral("1"));
        d->setEnv(QStringLiteral("BILLING_RETRY_BASE_MS"), QStringLiteral("100"));
        d->setEnv(QStringLiteral("BILLING_MAX_RETRIES"), QStringLiteral("3"));
        d->setEnv(QStringLiteral("RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN"), QStringLiteral("0"));
        d->setEnv(QStringLiteral("RATE_LIMIT_DEFAULT_TOKENS_PER_MIN"), QStringLiteral("0"));
        d->setEnv(QStringLiteral("RATE_LIMIT_DEFAULT_CONCURRENCY"), QStringLiteral("0"));
        return d;
    }

    int rows(const QString &sql) { return m_db->scalar(sql).toInt(); }

    HttpResult webhook(const QByteArray &body, const QByteArray &signature)
    {
        Headers h{{"Content-Type", "application/json"}};
        if (!signature.isNull())
            h.append({"Stripe-Signature", signature});
        return RawHttp::post(port(), "/webhooks/stripe", body, h);
    }
    static QByteArray event(const QByteArray &id, const QByteArray &type, const QByteArray &customer)
    {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type +
               "\",\"data\":{\"object\":{\"customer\":\"" + customer + "\"}}}";
    }
    static QByteArray sign(const QByteArray &body, qint64 at = QDateTime::currentSecsSinceEpoch())
    {
        return signStripePayload(body, kWebhookSecret, at);
    }

    // Sends requests from `threads` clients until stop; returns every 200 with its completion time.
    static std::vector<Completed> load(quint16 port, const QByteArray &key, int threads,
                                       std::atomic<bool> &stop, std::atomic<int> *errors = nullptr)
    {
        std::mutex mutex;
        std::vector<Completed> done;
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                int i = 0;
                while (!stop) {
                    const int tokens = 1 + (i++ % 7);
                    const HttpResult r = RawHttp::request(port, "POST", "/v1/chat/completions",
                                                          chat(tokens, (i + t) % 2 == 0), bearer(key), 5000);
                    const qint64 at = QDateTime::currentMSecsSinceEpoch();
                    if (r.status == 200) {
                        std::lock_guard lock(mutex);
                        done.push_back(Completed{r.header("x-request-id"), at, tokens});
                    } else if (errors) {
                        ++*errors;
                    }
                }
            });
        for (auto &w : workers)
            w.join();
        return done;
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<TestDatabase>();
        m_redis = std::make_unique<TestRedis>();
        QVERIFY(m_redis->start());
        m_engine = std::make_unique<EngineProcess>();
        QVERIFY(m_engine->start({QStringLiteral("--model"), QStringLiteral("demo-model"),
                                 QStringLiteral("--ttft-ms"), QStringLiteral("5"),
                                 QStringLiteral("--tokens-per-second"), QStringLiteral("200")}));
        m_db->scalar(
            QStringLiteral("INSERT INTO nodes (cluster_name, provider, status, model_name, endpoint_url, "
                           "last_heartbeat_at)"
                           " VALUES ('test', 'local', 'active', 'demo-model', '%1', now()) RETURNING id")
                .arg(QString::fromLatin1(m_engine->url())));
        m_db->scalar(QStringLiteral(
            "INSERT INTO models (name, input_price_micros_per_mtok, output_price_micros_per_mtok)"
            " VALUES ('demo-model', 1000000, 2000000) RETURNING name"));
        const QUrl pg(m_db->url());
        m_proxy = std::make_unique<TcpProxy>();
        QVERIFY(m_proxy->start(pg.host(), quint16(pg.port())));
        m_stripe = std::make_unique<FakeStripe>();
        QVERIFY(m_stripe->start());
        m_spoolDir = scratchDir() + QStringLiteral("/billing-spool");
        m_daemon = makeDaemon();
        QVERIFY2(m_daemon->start(), m_daemon->log().constData());
        m_key = AdminApi(port()).createKey();
        QVERIFY(m_key.key.startsWith("clsk_"));
        QTRY_VERIFY_WITH_TIMEOUT(
            RawHttp::get(port(), "/v1/models", bearer(m_key.key)).body.contains("demo-model"), 5000);
    }

    // The batch statement (one array literal per column): values that are syntax in array or SQL literals
    // arrive as data, NULLs stay NULL, a request id twice in one batch and a replay insert nothing twice.
    void batchInsertQuotesValuesAndIsIdempotent()
    {
        {
            auto target = parseDatabaseUrl(m_db->url());
            QVERIFY(target);
            auto opened = DbPool::open(*target, QStringLiteral("test-usage-batch"));
            QVERIFY2(opened, opened ? "" : qPrintable(opened.error()));
            QSqlDatabase db = *opened;
            const QString tenant = m_db->scalar(QStringLiteral("SELECT id FROM tenants LIMIT 1")).toString();
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
            QCOMPARE(m_db->scalar(QStringLiteral("SELECT model_name FROM usage_records WHERE request_id = 'batch-test-1'"))
                         .toString(),
                     nasty);
            QCOMPARE(m_db->scalar(QStringLiteral("SELECT path FROM request_logs WHERE request_id = 'batch-test-1'"))
                         .toString(),
                     nasty);
            QCOMPARE(m_db->scalar(QStringLiteral("SELECT reason FROM request_logs WHERE request_id = 'batch-test-2'"))
                         .toString(),
                     nasty);
            QCOMPARE(m_db->scalar(QStringLiteral("SELECT key_prefix FROM request_logs WHERE request_id = 'batch-test-0'"))
                         .toString(),
                     QStringLiteral("clsk_\"'x"));
            QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM request_logs WHERE request_id = 'batch-test-2'"
                                         " AND ttft_ms IS NULL AND environment_id IS NULL AND node_id IS NULL")),
                     1);
            QCOMPARE(m_db->scalar(QStringLiteral("SELECT (extract(epoch FROM created_at) * 1000)::bigint FROM "
                                                 "request_logs WHERE request_id = 'batch-test-1'"))
                         .toLongLong(),
                     ts + 1);
            // demo-model: 1 $/Mtok in, 2 $/Mtok out; the unknown (nasty) model costs nothing.
            QCOMPARE(m_db->scalar(QStringLiteral("SELECT cost_micros FROM usage_records WHERE request_id = 'batch-test-0'"))
                         .toLongLong(),
                     1000000);
            QCOMPARE(m_db->scalar(QStringLiteral("SELECT cost_micros FROM usage_records WHERE request_id = 'batch-test-1'"))
                         .toLongLong(),
                     0);
            auto again = insertUsageEvents(db, events);
            QVERIFY2(again, again ? "" : qPrintable(again.error()));
            QCOMPARE(*again, 0);
            QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id LIKE 'batch-test-%'")), 2);
            m_db->scalar(QStringLiteral("WITH a AS (DELETE FROM usage_records WHERE request_id LIKE 'batch-test-%'),"
                                        " b AS (DELETE FROM request_logs WHERE request_id LIKE 'batch-test-%') SELECT 1"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("test-usage-batch"));
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
        for (const QByteArray &id : ids)
            QCOMPARE(rows(QStringLiteral("SELECT completion_tokens FROM usage_records WHERE request_id = "
                                         "'%1' AND status = 'completed'")
                              .arg(QString::fromLatin1(id))),
                     expected[id]);
        // Cost in integer micro-dollars from the model's prices (1 $/Mtok in, 2 $/Mtok out): tokens × price /
        // 10^6.
        QCOMPARE(m_db->scalar(QStringLiteral(
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
            m_db->scalar(QStringLiteral("SELECT status FROM usage_records WHERE request_id = '%1'").arg(id))
                .toString(),
            QStringLiteral("interrupted"), 5000);
        const int billed = rows(
            QStringLiteral("SELECT completion_tokens FROM usage_records WHERE request_id = '%1'").arg(id));
        QVERIFY2(billed >= chunks && billed < 400,
                 qPrintable(QStringLiteral("billed %1 after reading %2 chunks").arg(billed).arg(chunks)));
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT status FROM request_logs WHERE request_id = '%1'").arg(id))
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
        QCOMPARE(list.json("/data/2"), QByteArray("<absent>"));
        QCOMPARE(admin.call("GET", "/admin/usage?tenant_id=" + m_key.tenantId + "&model=other-model")
                     .json("/totals/requests"),
                 QByteArray("0"));
        QCOMPARE(admin.call("GET", "/admin/usage?since=garbage").status, 400);
        QCOMPARE(RawHttp::get(port(), "/admin/usage").status, 401);

        // Lose three usage rows (as if written by a broken release), then rebuild them from request_logs
        // (runbook 6.1).
        m_db->scalar(QStringLiteral(
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

    void webhookSuspendsAndReactivates()
    {
        AdminApi admin(port());
        const TestKey key = admin.createKey();
        m_db->scalar(
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
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM tenants WHERE id = '%1'")
                                  .arg(QString::fromLatin1(key.tenantId)))
                     .toString(),
                 QStringLiteral("suspended"));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_db->scalar(QStringLiteral("SELECT processed FROM billing_events WHERE event_id = 'evt_fail_1'"))
                .toBool(),
            true, 3000);
        QCOMPARE(m_db->scalar(QStringLiteral(
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
            m_db->scalar(
                    QStringLiteral("SELECT processed FROM billing_events WHERE event_id = 'evt_other_1'"))
                .toBool(),
            true, 3000);
        QVERIFY(!m_daemon->log().contains(kWebhookSecret));
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
        QCOMPARE(m_db->scalar(QStringLiteral(
                                  "SELECT processed FROM billing_events WHERE event_id = 'evt_orphan_1'"))
                     .toBool(),
                 false);
        QVERIFY(
            m_db->scalar(QStringLiteral("SELECT error FROM billing_events WHERE event_id = 'evt_orphan_1'"))
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
        QCOMPARE(m_db->psql(QStringLiteral("UPDATE billing_events SET processed = false, retry_count = 0 "
                                           "WHERE processed = false AND error IS NOT NULL"),
                            &out),
                 0);
        QTRY_COMPARE_WITH_TIMEOUT(rows(q), 3, 10000); // retried again, and given up again
        // The operator fixes the cause (links the customer), and the audited admin action re-queues it.
        const TestKey key = admin.createKey();
        m_db->scalar(
            QStringLiteral("UPDATE tenants SET stripe_customer_id = 'cus_nobody' WHERE id = '%1' RETURNING 1")
                .arg(QString::fromLatin1(key.tenantId)));
        HttpResult retried = admin.call("POST", "/admin/billing/events/retry", "{}");
        QCOMPARE(retried.status, 200);
        QCOMPARE(retried.json("/requeued"), QByteArray("1"));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_db->scalar(
                    QStringLiteral("SELECT processed FROM billing_events WHERE event_id = 'evt_orphan_1'"))
                .toBool(),
            true, 5000);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM tenants WHERE id = '%1'")
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
        m_db->scalar(QStringLiteral(
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
        const QByteArray depthLine =
            metrics.body.mid(metrics.body.indexOf("\nusage_spool_depth ") + 1).split('\n').value(0);
        QVERIFY2(depthLine.split(' ').value(1).toDouble() > 0, depthLine.constData());
        QVERIFY(metrics.body.contains("\nusage_write_lag_seconds "));
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
        QTRY_VERIFY_WITH_TIMEOUT(RawHttp::get(port(), "/metrics").body.contains("\nusage_spool_depth 0\n"),
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
        QVERIFY(RawHttp::get(small->port(), "/metrics").body.contains("\nusage_spool_full 1\n"));
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
            RawHttp::get(small->port(), "/metrics").body.contains("\nusage_spool_full 0\n"), 5000);
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

    void cleanupTestCase()
    {
        if (m_proxy)
            m_proxy->setOpen(true);
        m_daemon.reset();
    }
};

QTEST_GUILESS_MAIN(TestBilling)
#include "test_billing.moc"
