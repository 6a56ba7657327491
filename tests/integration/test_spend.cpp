// Spend controls through real daemons sharing one Redis and PostgreSQL: budgets at key, environment and tenant level
// hold exactly under 300 concurrent requests on two replicas (billed cost never above the cap), refusals are OpenAI's
// insufficient_quota, periods roll over at their boundary (a daemon whose spend clock is a day ahead), prepaid
// credit admits only what the balance covers, and customers read their budgets on GET /v1/budgets.
#include "support/teststack.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QElapsedTimer>
#include <QMutex>
#include <QThread>
#include <QtTest>
#include <functional>
#include <memory>

using namespace crosslogic::test;

namespace {
// Output tokens only are priced (50 micro-units per token): a request's maximum cost (max_tokens 10) is 500
// micro-units, which the engine's count settles exactly; $0.05 = 50000 micro-units holds 100 requests.
const QByteArray kChat = "{\"model\":\"spend-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":10}";
constexpr qint64 kCapMicros = 50000;
constexpr qint64 kRequestMicros = 500;

void inParallel(int n, const std::function<void(int)> &fn)
{
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back(QThread::create([&fn, i] { fn(i); }));
        threads.back()->start();
    }
    for (auto &t : threads)
        t->wait(120000);
}

QString tomorrowMidnight(qint64 daysAhead = 1)
{
    return QDateTime(QDateTime::currentDateTimeUtc().date().addDays(daysAhead), QTime(0, 0), Qt::UTC).toString(Qt::ISODate);
}

// Keeps a test clear of UTC midnight, where its daily period would legitimately change.
void avoidMidnight(int needSeconds)
{
    const QTime t = QDateTime::currentDateTimeUtc().time();
    const int left = 86400 - (t.hour() * 3600 + t.minute() * 60 + t.second());
    if (left <= needSeconds)
        QThread::sleep(unsigned(left + 1));
}
} // namespace

class TestSpend : public QObject
{
    Q_OBJECT
    TestStack m_stack;

    // Posts one chat request at a time until one answers want (each request counts: QTRY would send more), or 3 s.
    int chatUntil(quint16 port, const QByteArray &key, int want)
    {
        QElapsedTimer clock;
        clock.start();
        int status = 0;
        while ((status = RawHttp::post(port, "/v1/chat/completions", kChat, bearer(key)).status) != want && clock.elapsed() < 3000)
            QTest::qWait(20);
        return status;
    }
    qint64 rows(const QString &sql) { return m_stack.db().scalar(sql).toLongLong(); }
    QByteArray budgetPath(const QByteArray &level, const TestKey &k)
    {
        if (level == "key")
            return QByteArray("/admin/api-keys/" + k.keyId + "/budget");
        if (level == "environment")
            return QByteArray("/admin/environments/" + k.environmentId + "/budget");
        return QByteArray("/admin/tenants/" + k.tenantId + "/budget");
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        m_stack.db().scalar(QStringLiteral("INSERT INTO models (name, input_price_micros_per_mtok, output_price_micros_per_mtok)"
                                           " VALUES ('spend-model', 0, 50000000)"));
        QVERIFY(m_stack.startEngineNode(QStringLiteral("spend-model"), "--ttft-ms 0", QStringLiteral("spend")));
        for (int n = 0; n < 2; ++n)
            QVERIFY(m_stack.addDaemon({{"RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN", "0"}}).start());
        // A third replica whose spend clock is one day ahead: the next daily period, now.
        QVERIFY(m_stack.addDaemon({{"RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN", "0"}, {"SPEND_CLOCK_OFFSET_SECONDS", "86400"}}).start());
        const TestKey probe = m_stack.admin().createKey();
        for (int n = 0; n < 3; ++n)
            QVERIFY(TestStack::waitForModel(m_stack.port(n), probe.key, "spend-model"));
    }

    void capHoldsExactlyUnderConcurrencyOnTwoReplicas_data()
    {
        QTest::addColumn<QByteArray>("level");
        QTest::newRow("tenant") << QByteArray("tenant");
        QTest::newRow("environment") << QByteArray("environment");
        QTest::newRow("key") << QByteArray("key");
    }

    void capHoldsExactlyUnderConcurrencyOnTwoReplicas()
    {
        QFETCH(QByteArray, level);
        AdminApi admin = m_stack.admin();
        const TestKey k = admin.createKey();
        QList<QByteArray> keys{k.key};
        if (level == "tenant") { // two environments share the tenant's budget
            TestKey other = k;
            other.environmentId = admin.call("POST", "/admin/tenants/" + k.tenantId + "/environments", "{\"name\":\"staging\"}").json("/id");
            keys << admin.addKey(other).key;
        } else if (level == "environment") { // two keys share the environment's budget
            keys << admin.addKey(k).key;
        }
        HttpResult set = admin.call("PUT", budgetPath(level, k), "{\"amount_micros\":" + QByteArray::number(kCapMicros) + ",\"period\":\"daily\"}");
        QCOMPARE(set.status, 200);
        QCOMPARE(set.json("/budget/thresholds"), QByteArray("[50,80,100]"));
        avoidMidnight(60);

        // 30 clients, 10 requests each, alternating replicas: 300 requests for ~100 that fit.
        QMutex lock;
        int admitted = 0, refused = 0, admittedAfterRefusal = 0;
        QStringList wrong;
        inParallel(30, [&](int client) {
            bool sawRefusal = false;
            for (int i = 0; i < 10; ++i) {
                const HttpResult r = RawHttp::post(m_stack.port((client + i) % 2), "/v1/chat/completions", kChat,
                                                   bearer(keys[client % keys.size()]));
                QMutexLocker hold(&lock);
                if (r.status == 200) {
                    ++admitted;
                    admittedAfterRefusal += sawRefusal ? 1 : 0;
                } else {
                    ++refused;
                    sawRefusal = true;
                    if (r.status != 429 || r.json("/error/type") != "insufficient_quota" || r.json("/error/code") != "insufficient_quota"
                        || !r.json("/error/message").contains(tomorrowMidnight().toUtf8()))
                        wrong << QString::number(r.status) + QLatin1Char(' ') + QString::fromUtf8(r.body.left(300));
                }
            }
        });
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
        QCOMPARE(admitted + refused, 300);
        QCOMPARE(admittedAfterRefusal, 0); // settlement returns nothing here (metered = reserved): exhaustion is final
        const QString scope = level == "key" ? QStringLiteral("api_key_id = '%1'").arg(QString::fromLatin1(k.keyId))
                            : level == "environment" ? QStringLiteral("environment_id = '%1'").arg(QString::fromLatin1(k.environmentId))
                                                     : QStringLiteral("tenant_id = '%1'").arg(QString::fromLatin1(k.tenantId));
        QTRY_COMPARE_WITH_TIMEOUT(rows(QStringLiteral("SELECT count(*) FROM usage_records WHERE ") + scope), qint64(admitted), 10000);
        const qint64 billed = rows(QStringLiteral("SELECT coalesce(sum(cost_micros), 0) FROM usage_records WHERE ") + scope);
        qInfo("%s cap %lld: %d admitted, %d refused, billed %lld", level.constData(), kCapMicros, admitted, refused, billed);
        QVERIFY2(billed <= kCapMicros, qPrintable(QString::number(billed))); // zero overshoot, in micro-units
        QVERIFY2(kCapMicros - billed < kRequestMicros, qPrintable(QString::number(billed))); // and no request that fitted was refused
        // Exhausted: refused on either replica.
        for (int n = 0; n < 2; ++n)
            QCOMPARE(RawHttp::post(m_stack.port(n), "/v1/chat/completions", kChat, bearer(k.key)).status, 429);

        // The customer's view: the budget that applies to this key, with what was billed and when it resets.
        const HttpResult mine = RawHttp::get(m_stack.port(1), "/v1/budgets", bearer(k.key));
        QCOMPARE(mine.status, 200);
        QCOMPARE(mine.json("/budgets/0/level"), level);
        QCOMPARE(mine.json("/budgets/0/amount_micros").toLongLong(), kCapMicros);
        QCOMPARE(mine.json("/budgets/0/spent_micros").toLongLong(), billed);
        QCOMPARE(mine.json("/budgets/0/remaining_micros").toLongLong(), kCapMicros - billed);
        QCOMPARE(mine.json("/budgets/0/resets_at"), tomorrowMidnight().chopped(1).toUtf8() + ".000Z");
        QCOMPARE(mine.json("/credit"), QByteArray("null"));
    }

    void periodRollsOverAtItsBoundary()
    {
        AdminApi admin = m_stack.admin();
        const TestKey k = admin.createKey();
        QCOMPARE(admin.call("PUT", budgetPath("tenant", k), "{\"amount_micros\":1000,\"period\":\"daily\"}").status, 200);
        avoidMidnight(20);
        QCOMPARE(RawHttp::post(m_stack.port(0), "/v1/chat/completions", kChat, bearer(k.key)).status, 200);
        QCOMPARE(RawHttp::post(m_stack.port(1), "/v1/chat/completions", kChat, bearer(k.key)).status, 200);
        const HttpResult refused = RawHttp::post(m_stack.port(0), "/v1/chat/completions", kChat, bearer(k.key));
        QCOMPARE(refused.status, 429);
        QVERIFY2(refused.json("/error/message").contains(QByteArray("resets at " + tomorrowMidnight().toUtf8())), refused.body.constData());
        QVERIFY(refused.header("retry-after").toLongLong() > 0);
        // Tomorrow (the replica whose spend clock is a day ahead) is a new period with the whole budget.
        QCOMPARE(RawHttp::post(m_stack.port(2), "/v1/chat/completions", kChat, bearer(k.key)).status, 200);
        QCOMPARE(RawHttp::post(m_stack.port(2), "/v1/chat/completions", kChat, bearer(k.key)).status, 200);
        const HttpResult next = RawHttp::post(m_stack.port(2), "/v1/chat/completions", kChat, bearer(k.key));
        QCOMPARE(next.status, 429);
        QVERIFY2(next.json("/error/message").contains(QByteArray("resets at " + tomorrowMidnight(2).toUtf8())), next.body.constData());
        // One counter per period, as the runbook reads them.
        const QString today = QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
        const QString tomorrow = QDateTime::currentDateTimeUtc().date().addDays(1).toString(Qt::ISODate);
        QTRY_COMPARE(m_stack.redis().cli({QStringLiteral("GET"), QStringLiteral("spend:tenant:%1:%2").arg(QString::fromLatin1(k.tenantId), today)}),
                     QStringLiteral("1000"));
        QTRY_COMPARE(m_stack.redis().cli({QStringLiteral("GET"), QStringLiteral("spend:tenant:%1:%2").arg(QString::fromLatin1(k.tenantId), tomorrow)}),
                     QStringLiteral("1000"));
    }

    void countersAreRebuiltFromPostgresAfterFlushall()
    {
        AdminApi admin = m_stack.admin();
        const TestKey k = admin.createKey();
        QCOMPARE(admin.call("PUT", budgetPath("tenant", k), "{\"amount_micros\":5000,\"period\":\"daily\"}").status, 200);
        avoidMidnight(30);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(RawHttp::post(m_stack.port(i % 2), "/v1/chat/completions", kChat, bearer(k.key)).status, 200);
        const QString tenant = QStringLiteral("tenant_id = '%1'").arg(QString::fromLatin1(k.tenantId));
        QTRY_COMPARE_WITH_TIMEOUT(rows(QStringLiteral("SELECT coalesce(sum(cost_micros), 0) FROM usage_records WHERE ") + tenant), qint64(3000), 10000);
        // Redis loses everything: the replicas rebuild the counter from usage_records (PostgreSQL is the truth).
        const QString counter = QStringLiteral("spend:tenant:%1:%2").arg(QString::fromLatin1(k.tenantId),
                                                                         QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate));
        QCOMPARE(m_stack.redis().cli({QStringLiteral("FLUSHALL")}), QStringLiteral("OK"));
        QTRY_COMPARE_WITH_TIMEOUT(m_stack.redis().cli({QStringLiteral("GET"), counter}), QStringLiteral("3000"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_stack.redis().cli({QStringLiteral("EXISTS"), QStringLiteral("spend:ready")}), QStringLiteral("1"), 5000);
        // Enforcement continues exactly: 4 more requests fit in the 5000, the 5th does not.
        QList<int> statuses;
        for (int i = 0; i < 5; ++i)
            statuses << RawHttp::post(m_stack.port(i % 2), "/v1/chat/completions", kChat, bearer(k.key)).status;
        QCOMPARE(statuses, (QList<int>{200, 200, 200, 200, 429}));
        QTRY_COMPARE_WITH_TIMEOUT(rows(QStringLiteral("SELECT coalesce(sum(cost_micros), 0) FROM usage_records WHERE ") + tenant), qint64(5000), 10000);
    }

    void prepaidCreditAdmitsOnlyWhatTheBalanceCovers()
    {
        AdminApi admin = m_stack.admin();
        const TestKey k = admin.createKey();
        const QByteArray credit = "/admin/tenants/" + k.tenantId + "/credit";
        // Money needs the billing permission; a dry run credits nothing.
        AdminApi support(m_stack.port(), admin.createToken("spend-support", "support"));
        QCOMPARE(support.call("POST", credit, "{\"amount_micros\":1000}").status, 403);
        QCOMPARE(admin.call("POST", credit + "?dry_run=true", "{\"amount_micros\":1000}").status, 200);
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM credit_ledger WHERE tenant_id = '%1'").arg(QString::fromLatin1(k.tenantId))), qint64(0));
        QCOMPARE(admin.call("POST", credit, "{\"amount_micros\":-5}").status, 400);
        QCOMPARE(admin.call("POST", credit, "{\"amount_micros\":1000,\"reference\":\"PO-1\"}").status, 200);
        QCOMPARE(RawHttp::post(m_stack.port(0), "/v1/chat/completions", kChat, bearer(k.key)).status, 200);
        QCOMPARE(RawHttp::post(m_stack.port(1), "/v1/chat/completions", kChat, bearer(k.key)).status, 200);
        const HttpResult out = RawHttp::post(m_stack.port(0), "/v1/chat/completions", kChat, bearer(k.key));
        QCOMPARE(out.status, 429);
        QCOMPARE(out.json("/error/code"), QByteArray("insufficient_quota"));
        QVERIFY2(out.json("/error/message").contains("prepaid credit"), out.body.constData());
        // A top-up is served on every replica as soon as their cached keys are dropped (pub/sub, milliseconds).
        const HttpResult topUp = admin.call("POST", credit, "{\"amount_micros\":500}");
        QCOMPARE(topUp.status, 200);
        QCOMPARE(topUp.json("/ledger_entry/credited_total_micros").toLongLong(), qint64(1500));
        QCOMPARE(chatUntil(m_stack.port(1), k.key, 200), 200);
        QCOMPARE(RawHttp::post(m_stack.port(0), "/v1/chat/completions", kChat, bearer(k.key)).status, 429);
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(m_stack.port(0), "/v1/budgets", bearer(k.key)).json("/credit/balance_micros"), QByteArray("0"), 5000);
        const HttpResult spend = admin.call("GET", "/admin/tenants/" + k.tenantId + "/spend");
        QCOMPARE(spend.status, 200);
        QCOMPARE(spend.json("/credit/credited_micros").toLongLong(), qint64(1500));
        QCOMPARE(spend.json("/credit/spent_micros").toLongLong(), qint64(1500));
        QCOMPARE(spend.json("/ledger/1/reference"), QByteArray("PO-1"));
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'tenant.credit' AND target = '%1' AND NOT dry_run")
                          .arg(QString::fromLatin1(k.tenantId))), qint64(2));
    }

    void budgetChangesAreCheckedAuditedAndReversible()
    {
        AdminApi admin = m_stack.admin();
        const TestKey k = admin.createKey();
        const QByteArray path = budgetPath("key", k);
        for (const QByteArray &bad : {QByteArray("{\"amount_micros\":0,\"period\":\"daily\"}"), QByteArray("{\"amount_micros\":5,\"period\":\"weekly\"}"),
                                      QByteArray("{\"amount_micros\":5,\"period\":\"daily\",\"thresholds\":[150]}"),
                                      QByteArray("{\"amount_micros\":5.5,\"period\":\"daily\"}"), QByteArray("{\"amount\":5,\"period\":\"daily\"}")}) {
            const HttpResult r = admin.call("PUT", path, bad);
            QVERIFY2(r.status == 400, bad.constData());
        }
        QCOMPARE(admin.call("PUT", "/admin/api-keys/00000000-0000-0000-0000-000000000000/budget", "{\"amount_micros\":5,\"period\":\"daily\"}").status, 404);
        QCOMPARE(admin.call("PUT", path + "?dry_run=true", "{\"amount_micros\":400,\"period\":\"monthly\"}").status, 200);
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM budgets WHERE scope_id = '%1'").arg(QString::fromLatin1(k.keyId))), qint64(0));
        // The support role may set budgets (limits permission); below one request's cost, the key is refused.
        AdminApi support(m_stack.port(), admin.createToken("budget-support", "support"));
        const HttpResult set = support.call("PUT", path, "{\"amount_micros\":400,\"period\":\"monthly\",\"thresholds\":[90]}");
        QCOMPARE(set.status, 200);
        QCOMPARE(set.json("/undo/method"), QByteArray("DELETE"));
        const HttpResult refused = RawHttp::post(m_stack.port(1), "/v1/chat/completions", kChat, bearer(k.key));
        QCOMPARE(refused.status, 429);
        QVERIFY2(refused.json("/error/message").contains("monthly budget of this API key"), refused.body.constData());
        // Raising it admits again, on every replica once the cached key is dropped there.
        const HttpResult raised = admin.call("PUT", path, "{\"amount_micros\":1000,\"period\":\"monthly\"}");
        QCOMPARE(raised.status, 200);
        QCOMPARE(raised.json("/before/amount_micros"), QByteArray("400"));
        QCOMPARE(chatUntil(m_stack.port(1), k.key, 200), 200);
        QCOMPARE(admin.call("DELETE", path).status, 200);
        QCOMPARE(admin.call("DELETE", path).status, 404);
        QCOMPARE(rows(QStringLiteral("SELECT count(*) FROM audit_log WHERE action IN ('budget.set', 'budget.delete') AND target = '%1' AND NOT dry_run"
                                     " AND result = 'ok'").arg(QString::fromLatin1(k.keyId))), qint64(3));
    }
};

QTEST_GUILESS_MAIN(TestSpend)
#include "test_spend.moc"
