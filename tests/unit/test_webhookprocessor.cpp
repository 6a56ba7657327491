// WebhookProcessor's effects on a private PostgreSQL (every decision it makes is a transaction): suspension and
// reactivation with their audit rows and key invalidations, ignored types, retries with backoff up to the limit,
// the runbook's re-process, one application however many replicas poll. Keys are dropped through a FakeKeyCache.
#include "billing/webhookprocessor.h"
#include "config/configslot.h"
#include "metrics/servicemetrics.h"
#include "store/dbpool.h"
#include "store/migrator.h"
#include "support/fakekeycache.h"
#include "support/testdatabase.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>
#include <memory>

using namespace crosslogic;
using namespace crosslogic::test;

namespace {
constexpr int kRetryBaseMs = 100;
constexpr int kMaxRetries = 2;
constexpr int kPollMs = 20;

QByteArray hexHash(char c)
{
    return QByteArray(64, c);
}

// The retries' singleton lease (job_leases): a processor holds it under its replica name; only the holder retries.
JobLease lease(const char *replica)
{
    return JobLease{QStringLiteral("webhook_retries"), QString::fromLatin1(replica), nullptr};
}
} // namespace

class TestWebhookProcessor : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_database;
    ConfigSlot m_config;
    ServiceMetrics m_metrics;

    void exec(const QString &sql)
    {
        QSqlQuery q(m_database->db());
        if (!q.exec(sql))
            QFAIL(qPrintable(q.lastError().text() + QLatin1String(": ") + sql));
    }
    QString scalar(const QString &sql) { return m_database->scalar(sql).toString(); }
    void insertEvent(const QString &eventId, const QString &type, const QString &customer)
    {
        const QString object = customer.isEmpty() ? QStringLiteral("{}") : QStringLiteral("{\"customer\":\"%1\"}").arg(customer);
        exec(QStringLiteral("INSERT INTO billing_events (event_id, event_type, payload) VALUES ('%1', '%2', "
                            "'{\"id\":\"%1\",\"type\":\"%2\",\"data\":{\"object\":%3}}')")
                 .arg(eventId, type, object));
    }
    QString eventField(const QString &eventId, const QString &column)
    {
        return scalar(QStringLiteral("SELECT %1 FROM billing_events WHERE event_id = '%2'").arg(column, eventId));
    }
    DatabaseTarget target() const { return *parseDatabaseUrl(m_database->url()); }
    double retries() { return m_metrics.billingRetries.get().value(); }

private slots:
    void initTestCase()
    {
        m_database = std::make_unique<TestDatabase>(false);
        QSqlDatabase db = m_database->db();
        const auto applied = Migrator::apply(db); // in process: no crosslogicd migrate to start
        QVERIFY2(applied.ok(), applied.ok() ? "" : qPrintable(applied.error()));
        auto config = std::make_shared<Config>();
        config->billingMaxRetries = kMaxRetries;
        config->billingRetryBaseMs = kRetryBaseMs;
        m_config = config;
        // Two tenants with keys, shared by the tests (each one uses its own event ids).
        exec(QStringLiteral("INSERT INTO tenants (id, name, status, stripe_customer_id) VALUES"
                            " ('00000000-0000-0000-0000-0000000000a1', 'acme', 'active', 'cus_acme'),"
                            " ('00000000-0000-0000-0000-0000000000b2', 'bystander', 'active', 'cus_other')"));
        exec(QStringLiteral("INSERT INTO environments (id, tenant_id, name) VALUES"
                            " ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000a1', 'prod'),"
                            " ('00000000-0000-0000-0000-0000000000e2', '00000000-0000-0000-0000-0000000000b2', 'prod')"));
        exec(QStringLiteral("INSERT INTO api_keys (tenant_id, environment_id, key_hash, key_prefix) VALUES"
                            " ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000e1', '%1', 'clsk_live_aa'),"
                            " ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000e1', '%2', 'clsk_live_bb'),"
                            " ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000e2', '%3', 'clsk_live_cc')")
                 .arg(QString::fromLatin1(hexHash('a')), QString::fromLatin1(hexHash('b')), QString::fromLatin1(hexHash('c'))));
    }

    // An event a test left failing would be retried by the next test's processor.
    void cleanup() { exec(QStringLiteral("DELETE FROM billing_events WHERE NOT processed")); }

    void statusEvents_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QString>("action");
        QTest::newRow("payment failed") << QStringLiteral("invoice.payment_failed") << QStringLiteral("active")
                                        << QStringLiteral("suspended") << QStringLiteral("tenant.suspend");
        QTest::newRow("subscription deleted") << QStringLiteral("customer.subscription.deleted") << QStringLiteral("active")
                                              << QStringLiteral("suspended") << QStringLiteral("tenant.suspend");
        QTest::newRow("invoice paid") << QStringLiteral("invoice.paid") << QStringLiteral("suspended")
                                      << QStringLiteral("active") << QStringLiteral("tenant.activate");
    }

    void statusEvents()
    {
        QFETCH(QString, type);
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(QString, action);
        exec(QStringLiteral("UPDATE tenants SET status = '%1' WHERE name = 'acme'").arg(before));
        const QString event = QStringLiteral("evt_") + type;
        insertEvent(event, type, QStringLiteral("cus_acme"));
        DbPool db(target(), 1);
        FakeKeyCache keys;
        WebhookProcessor processor(m_config, &db, &m_metrics, &keys, lease("replica-1"));
        processor.kick();
        QTRY_COMPARE_WITH_TIMEOUT(eventField(event, QStringLiteral("processed")), QStringLiteral("true"), 5000);

        QCOMPARE(scalar(QStringLiteral("SELECT status FROM tenants WHERE name = 'acme'")), after);
        QCOMPARE(scalar(QStringLiteral("SELECT status_reason FROM tenants WHERE name = 'acme'")), QStringLiteral("stripe: ") + type);
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM tenants WHERE name = 'bystander'")), QStringLiteral("active"));
        QCOMPARE(eventField(event, QStringLiteral("tenant_id")), QStringLiteral("00000000-0000-0000-0000-0000000000a1"));
        QVERIFY(m_database->scalar(QStringLiteral("SELECT error FROM billing_events WHERE event_id = '%1'").arg(event)).isNull());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = '%1' AND token_name = 'stripe-webhook'"
                                       " AND target = '00000000-0000-0000-0000-0000000000a1'"
                                       " AND parameters->>'stripe_event_id' = '%2'").arg(action, event)),
                 QStringLiteral("1"));
        // Every key of that tenant, and only those, leaves every replica's caches once the change is committed.
        QTRY_COMPARE(keys.invalidations.size(), 1);
        QList<QByteArray> dropped = keys.invalidations.first();
        std::sort(dropped.begin(), dropped.end());
        QCOMPARE(dropped, (QList<QByteArray>{hexHash('a'), hexHash('b')}));
    }

    void otherTypesAreOnlyMarkedProcessed()
    {
        const QString before = scalar(QStringLiteral("SELECT status FROM tenants WHERE name = 'acme'"));
        insertEvent(QStringLiteral("evt_2"), QStringLiteral("customer.created"), QStringLiteral("cus_acme"));
        DbPool db(target(), 1);
        FakeKeyCache keys;
        WebhookProcessor processor(m_config, &db, &m_metrics, &keys, lease("replica-1"));
        processor.kick();
        QTRY_COMPARE_WITH_TIMEOUT(eventField(QStringLiteral("evt_2"), QStringLiteral("processed")), QStringLiteral("true"), 5000);
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM tenants WHERE name = 'acme'")), before);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE parameters->>'stripe_event_id' = 'evt_2'")),
                 QStringLiteral("0"));
        QTest::qWait(kPollMs);
        QVERIFY(keys.invalidations.isEmpty());
    }

    void failuresAreRetriedWithBackoffUntilTheLimit()
    {
        insertEvent(QStringLiteral("evt_3"), QStringLiteral("invoice.payment_failed"), QStringLiteral("cus_nobody"));
        insertEvent(QStringLiteral("evt_4"), QStringLiteral("invoice.payment_failed"), QString());
        DbPool db(target(), 1);
        FakeKeyCache keys;
        WebhookProcessor processor(m_config, &db, &m_metrics, &keys, lease("replica-1"));
        const double retriesBefore = retries();
        QElapsedTimer clock;
        clock.start();
        processor.start(kPollMs);
        QTRY_COMPARE_WITH_TIMEOUT(eventField(QStringLiteral("evt_3"), QStringLiteral("retry_count")), QStringLiteral("1"), 5000);
        QTRY_COMPARE(eventField(QStringLiteral("evt_4"), QStringLiteral("retry_count")), QStringLiteral("1"));
        QCOMPARE(eventField(QStringLiteral("evt_3"), QStringLiteral("error")), QStringLiteral("no tenant has stripe_customer_id 'cus_nobody'"));
        QCOMPARE(eventField(QStringLiteral("evt_4"), QStringLiteral("error")),
                 QStringLiteral("invoice.payment_failed without data.object.customer"));
        QCOMPARE(eventField(QStringLiteral("evt_3"), QStringLiteral("processed")), QStringLiteral("false"));
        // Polled every 20 ms, but not retried before the backoff (100 ms × 2^0) has passed.
        const qint64 firstFailureMs = clock.elapsed();
        QTest::qWait(kRetryBaseMs / 2);
        if (clock.elapsed() - firstFailureMs < kRetryBaseMs) // a stalled machine could have slept past it
            QCOMPARE(eventField(QStringLiteral("evt_3"), QStringLiteral("retry_count")), QStringLiteral("1"));
        QTRY_COMPARE_WITH_TIMEOUT(eventField(QStringLiteral("evt_3"), QStringLiteral("retry_count")), QStringLiteral("2"), 5000);
        QTRY_COMPARE(retries() - retriesBefore, 2.0); // billing_retries_total: both events' second attempts
        // At BILLING_MAX_RETRIES the event is left for an operator (a third attempt would be due 200 ms later).
        QTest::qWait(2 * kRetryBaseMs + 100);
        QCOMPARE(eventField(QStringLiteral("evt_3"), QStringLiteral("retry_count")), QStringLiteral("2"));
        QVERIFY(keys.invalidations.isEmpty());

        // Runbook 6.2: fix the cause, then re-process the failed events; they are due at once.
        exec(QStringLiteral("UPDATE tenants SET stripe_customer_id = 'cus_nobody' WHERE name = 'bystander'"));
        exec(QStringLiteral("UPDATE billing_events SET processed = false, retry_count = 0 WHERE processed = false AND error IS NOT NULL"));
        QTRY_COMPARE_WITH_TIMEOUT(eventField(QStringLiteral("evt_3"), QStringLiteral("processed")), QStringLiteral("true"), 5000);
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM tenants WHERE name = 'bystander'")), QStringLiteral("suspended"));
        QTRY_COMPARE(keys.invalidations.value(0), QList<QByteArray>{hexHash('c')});
    }

    void appliedOnceHoweverManyReplicasPoll()
    {
        for (int i = 0; i < 10; ++i)
            insertEvent(QStringLiteral("evt_r%1").arg(i), i % 2 ? QStringLiteral("invoice.paid") : QStringLiteral("invoice.payment_failed"),
                        QStringLiteral("cus_acme"));
        DbPool db1(target(), 1), db2(target(), 1);
        FakeKeyCache keys1, keys2;
        WebhookProcessor replica1(m_config, &db1, &m_metrics, &keys1, lease("replica-1")), replica2(m_config, &db2, &m_metrics, &keys2, lease("replica-2"));
        replica1.start(kPollMs);
        replica2.start(kPollMs);
        QTRY_COMPARE_WITH_TIMEOUT(scalar(QStringLiteral("SELECT count(*) FROM billing_events WHERE processed AND event_id LIKE 'evt_r%'")),
                                  QStringLiteral("10"), 5000);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE parameters->>'stripe_event_id' LIKE 'evt_r%'")),
                 QStringLiteral("10"));
        QTRY_COMPARE(keys1.invalidations.size() + keys2.invalidations.size(), 10);
    }

    void cleanupTestCase() { m_database.reset(); }
};

QTEST_GUILESS_MAIN(TestWebhookProcessor)
#include "test_webhookprocessor.moc"
