// The daemon process: /health and /ready against real PostgreSQL and Redis, outages, bad input, CLI, signals.
#include "support/testenv.h"
#include "support/teststack.h"

#include <csignal>

#include <QProcess>
#include <QtTest>

using namespace crosslogic::test;

class TestDaemon : public QObject
{
    Q_OBJECT

private slots:
    void healthReportsDependencies()
    {
        TestStack stack;
        QVERIFY(stack.start());
        DaemonProcess &daemon = stack.addDaemon();
        QVERIFY2(daemon.start(), daemon.log().constData());

        auto ok = RawHttp::get(daemon.port(), "/health");
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json("/status"), QByteArray("ok"));
        QCOMPARE(ok.json("/database"), QByteArray("ok"));
        QCOMPARE(ok.json("/redis"), QByteArray("ok"));
        QCOMPARE(ok.json("/nodes_active"), QByteArray("0"));
        QVERIFY(!insertNode(stack.db(), {}, {}, QStringLiteral("active"), QStringLiteral("a")).isEmpty());
        QCOMPARE(RawHttp::get(daemon.port(), "/health").json("/nodes_active"), QByteArray("1"));

        stack.redis().stop();
        HttpResult down;
        QTRY_VERIFY_WITH_TIMEOUT((down = RawHttp::get(daemon.port(), "/health")).status == 503, 5000);
        QCOMPARE(down.json("/redis").left(6), QByteArray("error:"));
        QCOMPARE(down.json("/database"), QByteArray("ok"));
        QCOMPARE(down.json("/failing"), QByteArray("redis"));

        QVERIFY(stack.redis().start()); // recovers without a restart
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(daemon.port(), "/health").status, 200, 10000);
        QCOMPARE(RawHttp::get(daemon.port(), "/ready").status, 200);
    }

    void healthNamesDatabaseOutage()
    {
        TestRedis redis;
        QVERIFY(redis.start());
        // A database that does not exist stands for a database that is down.
        DaemonProcess daemon(QStringLiteral("postgres://postgres@127.0.0.1:1/crosslogic"), redis.url());
        QVERIFY(daemon.start(false));
        HttpResult r;
        QTRY_VERIFY_WITH_TIMEOUT((r = RawHttp::get(daemon.port(), "/health")).status == 503, 10000);
        QVERIFY2(r.json("/database").startsWith("error:"), r.body.constData());
        // Public: it names what fails, not where (no host, port or driver message); the log has the detail.
        QVERIFY2(!r.body.contains("127.0.0.1") && !r.body.contains("5432") && !r.body.contains("connection"), r.body.constData());
        QTRY_VERIFY_WITH_TIMEOUT(daemon.log().contains("health: database check failed"), 5000);
        QCOMPARE(r.json("/redis"), QByteArray("ok"));
        QCOMPARE(RawHttp::get(daemon.port(), "/ready").status, 503); // never became ready
    }

    void badInputNeverCrashes()
    {
        TestStack stack;
        QVERIFY(stack.start());
        DaemonProcess &daemon = stack.addDaemon({{"MAX_BODY_BYTES", "65536"}});
        QVERIFY(daemon.start());

        auto unknown = RawHttp::get(daemon.port(), "/no/such/route");
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.json("/error/code"), QByteArray("not_found"));
        QVERIFY(!unknown.header("x-request-id").isEmpty());

        auto garbage = RawHttp::exchange(daemon.port(), "\x01\x02 NOT HTTP\r\n\r\n");
        QCOMPARE(garbage.status, 400);
        QVERIFY(garbage.closedByServer);

        auto big = RawHttp::post(daemon.port(), "/v1/chat/completions", QByteArray(100000, 'x'));
        QCOMPARE(big.status, 413);
        QVERIFY(big.closedByServer);
        QVERIFY(big.json("/error/message").contains("65536"));

        QVERIFY(daemon.isRunning());
        QCOMPARE(RawHttp::get(daemon.port(), "/health").status, 200);
    }

    void sigtermExitsCleanly()
    {
        TestStack stack;
        QVERIFY(stack.start());
        DaemonProcess &daemon = stack.addDaemon();
        QVERIFY(daemon.start());
        daemon.terminate();
        QVERIFY(daemon.waitForExit(10000));
        QCOMPARE(daemon.exitCode(), 0);
        QVERIFY(daemon.log().contains("draining"));
    }

    void sighupReloadsTheEnvFile()
    {
        // Runbook §1.2: an admin token changed in the env file takes effect without a restart.
        TestStack stack;
        QVERIFY(stack.start());
        const quint16 port = freePort();
        const QString path = QDir(scratchDir()).filePath(QStringLiteral("reload.env"));
        auto writeEnv = [&](const char *token) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("DATABASE_URL=" + stack.db().url().toUtf8() + "\nREDIS_URL=" + stack.redis().url().toUtf8() + "\nSERVER_HOST=127.0.0.1\nSERVER_PORT="
                    + QByteArray::number(port) + "\nUSAGE_SPOOL_DIR=" + scratchDir().toUtf8() + "/reload-spool\nADMIN_API_TOKEN=" + token + "\n");
        };
        writeEnv("first-admin-token-1234567890");
        QProcess daemon;
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        daemon.setProcessEnvironment(env);
        daemon.setProcessChannelMode(QProcess::MergedChannels);
        daemon.start(QStringLiteral(CROSSLOGICD_PATH), {QStringLiteral("serve"), QStringLiteral("--env-file"), path});
        QVERIFY(daemon.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(port, "/ready").status, 200, 15000);
        QCOMPARE(RawHttp::get(port, "/admin/tenants", {{"X-Admin-Token", "first-admin-token-1234567890"}}).status, 200);

        writeEnv("second-admin-token-0987654321");
        ::kill(pid_t(daemon.processId()), SIGHUP);
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(port, "/admin/tenants", {{"X-Admin-Token", "second-admin-token-0987654321"}}).status, 200, 5000);
        QCOMPARE(RawHttp::get(port, "/admin/tenants", {{"X-Admin-Token", "first-admin-token-1234567890"}}).status, 401);
        // Whitespace around the token in the header is tolerated (runbook §1.2).
        QCOMPARE(RawHttp::get(port, "/admin/tenants", {{"X-Admin-Token", "  second-admin-token-0987654321 "}}).status, 200);
        ::kill(pid_t(daemon.processId()), SIGTERM);
        QVERIFY(daemon.waitForFinished(15000));
        const QByteArray log = daemon.readAll();
        QVERIFY(log.contains("SIGHUP: configuration reloaded"));
        QVERIFY2(!log.contains("second-admin-token") && !log.contains("first-admin-token"), "tokens never logged");
    }

    void checkConfigNamesProblemsAndMasksSecrets()
    {
        QProcess p;
        QProcessEnvironment env;
        env.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("postgres://u:dbpassword123@h/crosslogic"));
        env.insert(QStringLiteral("SERVER_PORT"), QStringLiteral("http"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CROSSLOGICD_PATH), {QStringLiteral("check-config"), QStringLiteral("--env-file"), QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError();
        QVERIFY(err.contains("REDIS_URL is missing"));
        QVERIFY(err.contains("ADMIN_API_TOKEN is missing"));
        QVERIFY(err.contains("SERVER_PORT must be an integer"));
        QVERIFY(!err.contains("dbpassword123"));

        env.insert(QStringLiteral("SERVER_PORT"), QStringLiteral("9000"));
        env.insert(QStringLiteral("REDIS_URL"), QStringLiteral("redis://127.0.0.1:6379"));
        env.insert(QStringLiteral("ADMIN_API_TOKEN"), QStringLiteral("  the-admin-token-value  "));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CROSSLOGICD_PATH), {QStringLiteral("check-config"), QStringLiteral("--env-file"), QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY(out.contains("SERVER_PORT=9000"));
        QVERIFY(out.contains("ADMIN_API_TOKEN=******** (21 characters)")); // trimmed, never shown
        QVERIFY(!out.contains("the-admin-token-value"));
        QVERIFY(!out.contains("dbpassword123"));
    }

    void envFileIsReadAndMissingExplicitFileIsAnError()
    {
        const QString path = QDir::temp().filePath(QStringLiteral("crosslogic-test-%1.env").arg(QCoreApplication::applicationPid()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# comment\nDATABASE_URL=postgres://u@h/crosslogic\nREDIS_URL=redis://h:6379\nexport ADMIN_API_TOKEN=\"from-the-env-file-123\"\nSERVER_PORT=8181\n");
        f.close();
        QProcess p;
        p.setProcessEnvironment(QProcessEnvironment());
        p.start(QStringLiteral(CROSSLOGICD_PATH), {QStringLiteral("check-config"), QStringLiteral("--env-file"), path});
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("SERVER_PORT=8181"));
        QFile::remove(path);

        p.start(QStringLiteral(CROSSLOGICD_PATH), {QStringLiteral("check-config"), QStringLiteral("--env-file"), path});
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("cannot read env file"));
    }
};

QTEST_GUILESS_MAIN(TestDaemon)
#include "test_daemon.moc"
