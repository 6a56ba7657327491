// The schema: migrations applied twice and concurrently, and every runbook SQL statement runs as written.
#include "support/testdatabase.h"
#include "support/testenv.h"
#include "support/testnodes.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QtTest>

using namespace crosslogic::test;

namespace {

QProcess *startMigrate(const QString &url)
{
    auto *p = new QProcess;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), url);
    env.insert(QStringLiteral("REDIS_URL"), QStringLiteral("redis://127.0.0.1:1"));
    env.insert(QStringLiteral("ADMIN_API_TOKEN"), QStringLiteral("test-admin-token-0123456789"));
    p->setProcessEnvironment(env);
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->start(QStringLiteral(CROSSLOGICD_PATH), {QStringLiteral("migrate"), QStringLiteral("--env-file"), QStringLiteral("/dev/null")});
    return p;
}

// The runbook this build was checked against: the team's shared copy when present, else the one in the repo.
QString runbookText()
{
    for (const QString &path : {QStringLiteral(CROSSLOGIC_SOURCE_DIR "/../shared/spec/RUNBOOK.md"),
                                QStringLiteral(CROSSLOGIC_SOURCE_DIR "/tests/data/RUNBOOK.md")}) {
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            return QString::fromUtf8(f.readAll());
    }
    return {};
}

// Every SQL file in daemon/migrations is embedded and applied once.
int migrationCount()
{
    return int(QDir(QStringLiteral(CROSSLOGIC_SOURCE_DIR "/daemon/migrations")).entryList({QStringLiteral("*.sql")}, QDir::Files).size());
}
} // namespace

class TestSchema : public QObject
{
    Q_OBJECT

private slots:
    void migrateTwiceIsANoOp()
    {
        TestDatabase db(true);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt(), migrationCount());
        std::unique_ptr<QProcess> again(startMigrate(db.url()));
        QVERIFY(again->waitForFinished(30000));
        QCOMPARE(again->exitCode(), 0);
        QVERIFY(again->readAll().contains("0 migration(s) applied now"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt(), migrationCount());
    }

    void concurrentMigrationsApplyOnce()
    {
        TestDatabase db(false);
        std::vector<std::unique_ptr<QProcess>> runs;
        for (int i = 0; i < 4; ++i)
            runs.emplace_back(startMigrate(db.url()));
        // Each migration is its own transaction under the advisory lock and checks schema_migrations inside it, so
        // concurrent runs may share the work (one applies 1-4, another 5-11) but never apply one twice: the counts
        // the runs report add up to exactly the number of migrations.
        int applied = 0;
        static const QRegularExpression count(QStringLiteral("\\((\\d+) migration\\(s\\) applied now\\)"));
        for (auto &p : runs) {
            QVERIFY(p->waitForFinished(60000));
            const QString out = QString::fromUtf8(p->readAll());
            QVERIFY2(p->exitCode() == 0, qPrintable(out));
            const QRegularExpressionMatch m = count.match(out);
            QVERIFY2(m.hasMatch(), qPrintable(out));
            applied += m.captured(1).toInt();
        }
        QCOMPARE(applied, migrationCount());
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt(), migrationCount());
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM tenants")).toInt(), 0);
    }

    void statusValuesAreConstrained()
    {
        TestDatabase db(true);
        QString out;
        QVERIFY(db.psql(QStringLiteral("INSERT INTO tenants (name, status) VALUES ('t', 'bogus')"), &out) != 0);
        QVERIFY(out.contains(QStringLiteral("tenants_status_check")));
        QVERIFY(insertNode(db, {}, {}, QStringLiteral("exploded"), QStringLiteral("c")).isEmpty());
        QVERIFY(!insertNode(db, {}, {}, QStringLiteral("draining"), QStringLiteral("c")).isEmpty());
    }

    void indexesTheRunbookChecksExist()
    {
        TestDatabase db(true);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_usage_tenant_time'")).toInt(), 1);
    }

    void runbookCopyMatchesShared()
    {
        QFile shared(QStringLiteral(CROSSLOGIC_SOURCE_DIR "/../shared/spec/RUNBOOK.md"));
        QFile copy(QStringLiteral(CROSSLOGIC_SOURCE_DIR "/tests/data/RUNBOOK.md"));
        QVERIFY(copy.open(QIODevice::ReadOnly));
        if (!shared.open(QIODevice::ReadOnly))
            QSKIP("../shared/spec/RUNBOOK.md is not beside this checkout; the repository copy is used");
        QVERIFY2(shared.readAll() == copy.readAll(), "tests/data/RUNBOOK.md differs from the shared runbook: update the copy");
    }

    void everyRunbookStatementRuns()
    {
        const QString runbook = runbookText();
        QVERIFY(!runbook.isEmpty());
        static const QRegularExpression psqlCall(QStringLiteral("psql -d crosslogic -c \"((?:[^\"\\\\]|\\\\.)*)\""));
        QStringList statements;
        for (auto it = psqlCall.globalMatch(runbook); it.hasNext();)
            statements << it.next().captured(1).replace(QStringLiteral("'\\''"), QStringLiteral("'"));
        QVERIFY2(statements.size() >= 25, qPrintable(QString::number(statements.size())));

        TestDatabase db(true);
        // Rows the placeholders stand for.
        const QString tenant = db.scalar(QStringLiteral("INSERT INTO tenants (name, email) VALUES ('Acme', 'ops@acme.test') RETURNING id")).toString();
        const QString env = db.scalar(QStringLiteral("INSERT INTO environments (tenant_id, name) VALUES ('%1', 'production') RETURNING id").arg(tenant)).toString();
        const QString key = db.scalar(QStringLiteral("INSERT INTO api_keys (tenant_id, environment_id, key_hash, key_prefix, status) VALUES ('%1', '%2', '%3', 'clsk_live_xx', 'revoked') RETURNING id")
                                          .arg(tenant, env, QString(64, QLatin1Char('a')))).toString();
        QVERIFY(!key.isEmpty());
        QVERIFY(!insertNode(db, QStringLiteral("m"), "http://127.0.0.1:1", QStringLiteral("active"), QStringLiteral("c1"), 300).isEmpty());
        // A backend for §4.1's pg_terminate_backend(PID) to kill: a separate session, as an operator's target would be.
        QProcess victim;
        victim.setProcessEnvironment(psqlEnvironment());
        victim.start(QStringLiteral("psql"), {QStringLiteral("-d"), db.name(), QStringLiteral("-c"), QStringLiteral("SELECT pg_sleep(60)")});
        QVERIFY(victim.waitForStarted());
        QString backendPid;
        QTRY_VERIFY_WITH_TIMEOUT(!(backendPid = db.scalar(QStringLiteral("SELECT pid FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'")).toString()).isEmpty(), 10000);

        int ran = 0;
        QStringList skipped;
        for (QString sql : std::as_const(statements)) {
            if (sql.contains(QStringLiteral("INSERT INTO usage_records (...)"))) {
                skipped << QStringLiteral("§6.1 backfill (a template with '...', not SQL; the admin API's backfill replaces it)");
                continue;
            }
            sql.replace(QStringLiteral("'tenant-uuid-here'"), QLatin1Char('\'') + tenant + QLatin1Char('\''))
                .replace(QStringLiteral("'tenant-uuid'"), QLatin1Char('\'') + tenant + QLatin1Char('\''))
                .replace(QStringLiteral("'key-uuid'"), QLatin1Char('\'') + key + QLatin1Char('\''))
                .replace(QStringLiteral("pg_terminate_backend(PID)"), QStringLiteral("pg_terminate_backend(%1)").arg(backendPid));
            if (sql.contains(QStringLiteral("CREATE INDEX CONCURRENTLY idx_usage_tenant_time")))
                QCOMPARE(db.psql(QStringLiteral("DROP INDEX idx_usage_tenant_time")), 0); // the "missing index" case
            QString out;
            const int rc = db.psql(sql, &out);
            QVERIFY2(rc == 0, qPrintable(QStringLiteral("runbook statement failed:\n%1\n%2").arg(sql, out)));
            ++ran;
        }
        qInfo("ran %d runbook statements; not SQL: %s", ran, qPrintable(skipped.join(QStringLiteral("; "))));
        QCOMPARE(skipped.size(), 1);
        // The remediations took effect as the runbook intends.
        QCOMPARE(db.scalar(QStringLiteral("SELECT status FROM api_keys WHERE id = '%1'").arg(key)).toString(), QStringLiteral("active"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT rate_limit_requests_per_min FROM api_keys WHERE id = '%1'").arg(key)).toInt(), 120);
        QCOMPARE(db.scalar(QStringLiteral("SELECT status_message FROM nodes WHERE cluster_name = 'c1'")).toString(), QStringLiteral("stale_heartbeat"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_usage_tenant_time'")).toInt(), 1);
        QVERIFY(victim.waitForFinished(10000)); // its backend was terminated
        QVERIFY(victim.exitCode() != 0);
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "test_schema.moc"
