// Unauthenticated load must not become database load: 3,000 requests with invented (well-formed, checksum-valid)
// API keys and unknown admin tokens from one address cost PostgreSQL fewer than 100 jobs, because the address is
// answered 429 too_many_auth_failures once its budget (AUTH_FAILURE_BUDGET_PER_MINUTE, default 30) is spent; known
// credentials from the same address keep working.
#include "security/apikey.h"
#include "support/scrape.h"
#include "support/teststack.h"

#include <QtTest>

using namespace crosslogic;
using namespace crosslogic::test;

class TestAuthBudget : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    DaemonProcess *m_daemon = nullptr;

    quint16 port() const { return m_daemon->port(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        QVERIFY(m_stack.startEngineNode(QStringLiteral("demo-model"), "--ttft-ms 5"));
        // The alert engine's own queries would blur the count; everything else runs as in production.
        m_daemon = &m_stack.addDaemon({{"ALERTS_ENABLED", "false"}});
        QVERIFY2(m_daemon->start(), m_daemon->log().constData());
    }

    void inventedCredentialsCostTheDatabaseAlmostNothing()
    {
        const TestKey key = m_stack.admin().createKey();
        QVERIFY(TestStack::waitForModel(port(), key.key, "demo-model"));
        const double jobsBefore = scrapeMetric(port(), "db_jobs_total");
        QVERIFY(jobsBefore > 0);

        QHash<int, int> keyAnswers, tokenAnswers;
        for (int i = 0; i < 1500; ++i) {
            const ApiKeyParts invented = ApiKey::generate(true);
            ++keyAnswers[RawHttp::get(port(), "/v1/models", bearer(invented.key)).status];
            ++tokenAnswers[RawHttp::get(port(), "/admin/nodes", {{"X-Admin-Token", "unknown-token-" + QByteArray::number(i)}}).status];
        }
        const double jobs = scrapeMetric(port(), "db_jobs_total") - jobsBefore;
        qInfo("3000 requests with unknown credentials: %.0f database jobs; API keys %d x 401, %d x 429; admin tokens %d x 401, %d x 429",
              jobs, keyAnswers.value(401), keyAnswers.value(429), tokenAnswers.value(401), tokenAnswers.value(429));
        QVERIFY2(jobs < 100, qPrintable(QString::number(jobs)));
        // The budget is per minute and shared by both gates: at most 30 lookups were refused as unknown.
        QVERIFY(keyAnswers.value(401) + tokenAnswers.value(401) <= 31);
        QCOMPARE(keyAnswers.value(401) + keyAnswers.value(429), 1500);
        QCOMPARE(tokenAnswers.value(401) + tokenAnswers.value(429), 1500);
        QVERIFY(scrapeMetric(port(), "auth_budget_refusals_total") >= 2900);

        // Known credentials from the same address still work: the budget guards lookups, not customers.
        QCOMPARE(RawHttp::get(port(), "/v1/models", bearer(key.key)).status, 200);
        QCOMPARE(m_stack.admin().call("GET", "/admin/nodes").status, 200);
        const HttpResult refused = RawHttp::get(port(), "/v1/models", bearer(ApiKey::generate(true).key));
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.json("/error/code"), QByteArray("too_many_auth_failures"));
    }
};

QTEST_GUILESS_MAIN(TestAuthBudget)
#include "test_auth_budget.moc"
