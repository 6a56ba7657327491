// PostgreSQL unavailable mid-load (connections refused, backends killed) and its connection limit exhausted:
// cached keys keep working, /health names the database with 503, the daemon recovers without a restart.
#include "faultfixture.h"
#include "loadrunner.h"

#include <QProcess>
#include <QThread>
#include <QtTest>

using namespace crosslogic::test;

class TestFaultPostgres : public QObject
{
    Q_OBJECT
    TestStack m_stack;

    // The test's own assertion connection was killed with the others: reopen it.
    void reopenAssertionConnection()
    {
        QSqlDatabase db = m_stack.db().db();
        db.close();
        QVERIFY(db.open());
    }

    int usageRowsFor(const QList<QByteArray> &ids)
    {
        QStringList quoted;
        for (const QByteArray &id : ids)
            quoted << QLatin1Char('\'') + QString::fromLatin1(id) + QLatin1Char('\'');
        return m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id IN (%1)").arg(quoted.join(u','))).toInt();
    }

private slots:
    void initTestCase()
    {
        startFaultServices(m_stack);
    }

    void databaseRefusesConnectionsMidLoad()
    {
        const auto daemon = m_stack.makeDaemon();
        QVERIFY2(daemon->start(), daemon->log().constData());
        const TestKey key = AdminApi(daemon->port()).createKey("\"rate_limit_requests_per_min\":10000000,\"rate_limit_tokens_per_min\":1000000000");
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status, 200, 5000);

        LoadRunner load(daemon->port(), RawHttp::build("POST", "/v1/chat/completions", chatBody(3), bearer(key.key)), 3);
        load.start();
        QThread::msleep(1000);
        const QString name = m_stack.db().name();
        QCOMPARE(adminPsql(QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS false").arg(name)), 0);
        QString killed;
        QCOMPARE(adminPsql(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '%1'").arg(name), &killed), 0);
        qInfo("database %s refuses connections; %s backends terminated", qPrintable(name), qPrintable(killed));
        const int sentBefore = load.sent();
        const int okBefore = load.succeeded();

        HttpResult health;
        QTRY_VERIFY_WITH_TIMEOUT((health = RawHttp::get(daemon->port(), "/health")).status == 503, 10000);
        qInfo("/health during the outage: %d %s", health.status, health.body.constData());
        QVERIFY2(health.body.contains("database"), health.body.constData());
        QVERIFY2(health.json("/database") != "ok", health.body.constData());
        QThread::msleep(3000);
        const int sentDuring = load.sent() - sentBefore;
        const int okDuring = load.succeeded() - okBefore;

        QCOMPARE(adminPsql(QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS true").arg(name)), 0);
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(daemon->port(), "/health").status, 200, 20000);
        QThread::msleep(1000);
        load.stop();
        qInfo("postgres outage under load: %s; during the outage %d sent, %d succeeded", qPrintable(load.summary()), sentDuring, okDuring);
        QVERIFY2(daemon->isRunning(), daemon->log().right(3000).constData());
        // The key was cached: customers kept being served while the database was gone.
        QVERIFY(sentDuring > 5);
        QCOMPARE(okDuring, sentDuring);
        QCOMPARE(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status, 200);

        // Every answered request is billed once, including those answered during the outage (spooled, replayed).
        reopenAssertionConnection();
        const QList<QByteArray> ids = load.succeededIds();
        int found = 0;
        QTRY_VERIFY_WITH_TIMEOUT((found = usageRowsFor(ids)) >= int(ids.size()), 20000);
        qInfo("usage rows: expected %lld, found %d", qint64(ids.size()), found);
        QCOMPARE(found, int(ids.size()));
        daemon->terminate();
        QVERIFY(daemon->waitForExit(15000));
    }

    void connectionLimitExhausted()
    {
        // A login role with a connection limit: the daemon's pool plus sleepers holding the remaining slots.
        const QString name = m_stack.db().name();
        const QString role = QStringLiteral("fault_") + name;
        QCOMPARE(adminPsql(QStringLiteral("DROP ROLE IF EXISTS \"%1\"; CREATE ROLE \"%1\" LOGIN CONNECTION LIMIT 3").arg(role)), 0);
        QCOMPARE(m_stack.db().psql(QStringLiteral("GRANT ALL ON ALL TABLES IN SCHEMA public TO \"%1\"; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO \"%1\";"
                                           " GRANT ALL ON SCHEMA public TO \"%1\"").arg(role)), 0);
        QString url = m_stack.db().url();
        url.replace(QStringLiteral("postgres@"), role + QLatin1Char('@'));
        QVERIFY(url.contains(role));
        {
            const auto daemon = m_stack.makeDaemon({}, url);
            daemon->setEnv(QStringLiteral("DB_MAX_CONNECTIONS"), QStringLiteral("2"));
            QVERIFY2(daemon->start(), daemon->log().constData());
            const TestKey key = AdminApi(daemon->port()).createKey();
            QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status, 200, 5000);

            // Runbook §4.1: the daemon's connections are killed and the slots are taken by others.
            QCOMPARE(adminPsql(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '%1'").arg(role)), 0);
            std::vector<std::unique_ptr<QProcess>> sleepers;
            for (int i = 0; i < 3; ++i) {
                auto p = std::make_unique<QProcess>();
                p->start(QStringLiteral("psql"), {url, QStringLiteral("-X"), QStringLiteral("-c"), QStringLiteral("SELECT pg_sleep(60)")});
                QVERIFY(p->waitForStarted(5000));
                sleepers.push_back(std::move(p));
            }
            QString held;
            QTRY_VERIFY_WITH_TIMEOUT((adminPsql(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE usename = '%1'").arg(role), &held), held.toInt() >= 3), 10000);
            qInfo("connection limit of role %s exhausted: %s held by sleepers", qPrintable(role), qPrintable(held));

            HttpResult health;
            QTRY_VERIFY_WITH_TIMEOUT((health = RawHttp::get(daemon->port(), "/health")).status == 503, 10000);
            qInfo("/health with the connection limit exhausted: %s", health.body.constData());
            QVERIFY(health.body.contains("database"));
            int ok = 0;
            for (int i = 0; i < 10; ++i)
                ok += RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status == 200 ? 1 : 0;
            qInfo("requests with a cached key while the pool cannot connect: 10 sent, %d succeeded", ok);
            QCOMPARE(ok, 10);

            for (auto &p : sleepers) {
                p->kill();
                p->waitForFinished(5000);
            }
            adminPsql(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '%1' AND query LIKE '%%pg_sleep%%'").arg(role));
            QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(daemon->port(), "/health").status, 200, 20000);
            QVERIFY(daemon->isRunning());
            daemon->terminate();
            QVERIFY(daemon->waitForExit(15000));
        }
        adminPsql(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '%1'").arg(role));
        m_stack.db().psql(QStringLiteral("REASSIGN OWNED BY \"%1\" TO postgres; DROP OWNED BY \"%1\"").arg(role));
        adminPsql(QStringLiteral("DROP ROLE IF EXISTS \"%1\"").arg(role));
    }
};

QTEST_GUILESS_MAIN(TestFaultPostgres)
#include "test_fault_postgres.moc"
