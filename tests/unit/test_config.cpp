// Configuration parsing: defaults, every malformed value named, whitespace trimmed, secrets never printed.
#include "config/config.h"
#include "config/envfile.h"

#include <QtTest>

using namespace crosslogic;

class TestConfig : public QObject
{
    Q_OBJECT

    static EnvMap valid()
    {
        return {{QStringLiteral("DATABASE_URL"), QStringLiteral("postgres://cl:s3cretpw@db.internal:5433/crosslogic?sslmode=require")},
                {QStringLiteral("REDIS_URL"), QStringLiteral("redis://:redispw@cache:6380/2")},
                {QStringLiteral("ADMIN_API_TOKEN"), QStringLiteral("admin-token-abcdefghijkl")}};
    }

private slots:
    void defaults()
    {
        auto c = Config::fromEnvironment(valid());
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error()));
        QCOMPARE(c->serverPort, 8080);
        QCOMPARE(c->serverHost, QStringLiteral("0.0.0.0"));
        QCOMPARE(c->dbMaxConnections, 10);
        QCOMPARE(c->logFormat, QStringLiteral("text"));
        QCOMPARE(c->database.host, QStringLiteral("db.internal"));
        QCOMPARE(c->database.port, 5433);
        QCOMPARE(c->database.user, QStringLiteral("cl"));
        QCOMPARE(c->database.password, QStringLiteral("s3cretpw"));
        QCOMPARE(c->database.database, QStringLiteral("crosslogic"));
        QCOMPARE(c->database.options, QStringLiteral("sslmode=require"));
        QCOMPARE(c->redis.host, QStringLiteral("cache"));
        QCOMPARE(c->redis.port, 6380);
        QCOMPARE(c->redis.password, QStringLiteral("redispw"));
        QCOMPARE(c->redis.db, 2);
        QCOMPARE(c->stripeApiBase, QStringLiteral("https://api.stripe.com"));
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected"); // part of the error message

        QTest::newRow("missing database") << "DATABASE_URL" << "" << "DATABASE_URL is missing";
        QTest::newRow("missing redis") << "REDIS_URL" << "   " << "REDIS_URL is missing";
        QTest::newRow("missing admin token") << "ADMIN_API_TOKEN" << "" << "ADMIN_API_TOKEN is missing";
        QTest::newRow("short admin token") << "ADMIN_API_TOKEN" << "short" << "ADMIN_API_TOKEN is too short";
        QTest::newRow("token with inner space") << "ADMIN_API_TOKEN" << "abcdefgh ijklmnopq" << "ADMIN_API_TOKEN contains a space";
        QTest::newRow("mysql url") << "DATABASE_URL" << "mysql://u@h/crosslogic" << "DATABASE_URL must be postgres://";
        QTest::newRow("no database name") << "DATABASE_URL" << "postgres://u@h:5432/" << "DATABASE_URL has no database name";
        QTest::newRow("no db host") << "DATABASE_URL" << "postgres:///crosslogic" << "DATABASE_URL has no host";
        QTest::newRow("redis scheme") << "REDIS_URL" << "http://cache:6379" << "REDIS_URL must be redis://";
        QTest::newRow("redis db") << "REDIS_URL" << "redis://cache:6379/99" << "REDIS_URL has an invalid database number";
        QTest::newRow("port text") << "SERVER_PORT" << "eighty" << "SERVER_PORT must be an integer from 0 to 65535, got 'eighty'";
        QTest::newRow("port range") << "SERVER_PORT" << "70000" << "SERVER_PORT must be an integer";
        QTest::newRow("port negative") << "SERVER_PORT" << "-1" << "SERVER_PORT must be an integer";
        QTest::newRow("pool zero") << "DB_MAX_CONNECTIONS" << "0" << "DB_MAX_CONNECTIONS must be an integer from 1 to 500";
        QTest::newRow("pool float") << "DB_MAX_CONNECTIONS" << "2.5" << "DB_MAX_CONNECTIONS must be an integer";
        QTest::newRow("huge number") << "MAX_BODY_BYTES" << "99999999999999999999999" << "MAX_BODY_BYTES must be an integer";
        QTest::newRow("log level") << "LOG_LEVEL" << "verbose" << "LOG_LEVEL must be one of trace, debug, info, warn, error, off";
        QTest::newRow("log format") << "LOG_FORMAT" << "xml" << "LOG_FORMAT must be one of text, json";
        QTest::newRow("stripe base") << "STRIPE_API_BASE" << "ftp://stripe" << "STRIPE_API_BASE must be an http(s) URL";
        QTest::newRow("migrate flag") << "MIGRATE_ON_START" << "maybe" << "MIGRATE_ON_START must be one of";
    }

    void invalid()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        EnvMap env = valid();
        env.insert(name, value);
        auto c = Config::fromEnvironment(env);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().contains(expected), qPrintable(c.error()));
        // The error never echoes a secret value.
        QVERIFY(!c.error().contains(QStringLiteral("s3cretpw")));
        QVERIFY(!c.error().contains(QStringLiteral("admin-token-abcdefghijkl")));
    }

    void allErrorsReportedAtOnce()
    {
        EnvMap env;
        env.insert(QStringLiteral("SERVER_PORT"), QStringLiteral("x"));
        auto c = Config::fromEnvironment(env);
        QVERIFY(!c.ok());
        for (const char *part : {"DATABASE_URL is missing", "REDIS_URL is missing", "ADMIN_API_TOKEN is missing", "SERVER_PORT must be"})
            QVERIFY2(c.error().contains(QLatin1String(part)), qPrintable(c.error()));
    }

    void whitespaceTrimmed_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::newRow("trailing space") << "admin-token-abcdefghijkl ";
        QTest::newRow("leading tab") << "\tadmin-token-abcdefghijkl";
        QTest::newRow("crlf from windows editor") << "admin-token-abcdefghijkl\r";
        QTest::newRow("newline") << "admin-token-abcdefghijkl\n";
    }

    void whitespaceTrimmed()
    {
        QFETCH(QString, raw);
        EnvMap env = valid();
        env.insert(QStringLiteral("ADMIN_API_TOKEN"), raw);
        auto c = Config::fromEnvironment(env);
        QVERIFY(c.ok());
        QCOMPARE(c->adminApiToken, QStringLiteral("admin-token-abcdefghijkl"));
    }

    // Every default is written once, in Config::variables(): an unset variable shows its table default, and the
    // member initialisers of a default-constructed Config (used by tests and tools that build one by hand) agree.
    void defaultsComeFromTheTable()
    {
        auto c = Config::fromEnvironment(valid());
        QVERIFY(c.ok());
        const QStringList lines = c->describe();
        QCOMPARE(lines.size(), Config::variables().size());
        for (int i = 0; i < lines.size(); ++i) {
            const ConfigVariable &v = Config::variables()[i];
            QVERIFY2(lines[i].startsWith(QString::fromLatin1(v.name) + QLatin1Char('=')), v.name);
            if (!v.defaultValue || v.secret)
                continue;
            QString expected = QString::fromLatin1(v.name) + QLatin1Char('=') + QString::fromLatin1(v.defaultValue);
            if (qstrcmp(v.name, "GATEWAY_IO_THREADS") == 0)
                expected += QStringLiteral(" (%1: one per core)").arg(c->ioThreadCount());
            QCOMPARE(lines[i], expected);
        }
        const Config plain;
        QCOMPARE(plain.serverPort, c->serverPort);
        QCOMPARE(plain.gatewayIoThreads, c->gatewayIoThreads);
        QCOMPARE(plain.dbMaxConnections, c->dbMaxConnections);
        QCOMPARE(plain.billingMaxRetries, c->billingMaxRetries);
        QCOMPARE(plain.billingRetryBaseMs, c->billingRetryBaseMs);
        QCOMPARE(plain.billingExportIntervalMs, c->billingExportIntervalMs);
        QCOMPARE(plain.billingExportPeriodSeconds, c->billingExportPeriodSeconds);
        QCOMPARE(plain.usageSpoolFlushMs, c->usageSpoolFlushMs);
        QCOMPARE(plain.usageSpoolMaxBytes, c->usageSpoolMaxBytes);
        QCOMPARE(plain.defaultRequestsPerMin, c->defaultRequestsPerMin);
        QCOMPARE(plain.defaultTokensPerMin, c->defaultTokensPerMin);
        QCOMPARE(plain.defaultConcurrency, c->defaultConcurrency);
        QCOMPARE(plain.rateLimitFailOpen, c->rateLimitFailOpen);
        QCOMPARE(plain.upstreamConnectTimeoutMs, c->upstreamConnectTimeoutMs);
        QCOMPARE(plain.upstreamFirstByteTimeoutMs, c->upstreamFirstByteTimeoutMs);
        QCOMPARE(plain.upstreamIdleTimeoutMs, c->upstreamIdleTimeoutMs);
        QCOMPARE(plain.nodeStaleSeconds, c->nodeStaleSeconds);
        QCOMPARE(plain.nodeHeartbeatIntervalSeconds, c->nodeHeartbeatIntervalSeconds);
        QCOMPARE(plain.nodeReconcileIntervalMs, c->nodeReconcileIntervalMs);
        QCOMPARE(plain.nodeLaunchTimeoutSeconds, c->nodeLaunchTimeoutSeconds);
        QCOMPARE(plain.lbFailureThreshold, c->lbFailureThreshold);
        QCOMPARE(plain.lbCooldownMs, c->lbCooldownMs);
    }

    void describeMasksSecrets()
    {
        EnvMap env = valid();
        env.insert(QStringLiteral("STRIPE_SECRET_KEY"), QStringLiteral("sk_test_verysecretvalue"));
        env.insert(QStringLiteral("STRIPE_WEBHOOK_SECRET"), QStringLiteral("whsec_anothersecret"));
        auto c = Config::fromEnvironment(env);
        QVERIFY(c.ok());
        const QString text = c->describe().join(QLatin1Char('\n'));
        for (const char *secret : {"s3cretpw", "redispw", "admin-token-abcdefghijkl", "sk_test_verysecretvalue", "whsec_anothersecret"})
            QVERIFY2(!text.contains(QLatin1String(secret)), secret);
        QVERIFY(text.contains(QStringLiteral("DATABASE_URL=postgres://cl:********@db.internal:5433/crosslogic")));
        QVERIFY(text.contains(QStringLiteral("ADMIN_API_TOKEN=******** (24 characters)")));
        // Every documented variable is shown.
        for (const ConfigVariable &v : Config::variables())
            QVERIFY2(text.contains(QString::fromLatin1(v.name) + QLatin1Char('=')), v.name);
    }

    void envFile_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << "A=1" << "A" << "1";
        QTest::newRow("export") << "export TOKEN=abc" << "TOKEN" << "abc";
        QTest::newRow("double quotes") << "X=\"a b # c\"" << "X" << "a b # c";
        QTest::newRow("single quotes") << "X='q'" << "X" << "q";
        QTest::newRow("comment after") << "X=val # note" << "X" << "val";
        QTest::newRow("spaces around") << "  X =  v  " << "X" << "v";
        QTest::newRow("comments and blanks") << "# c\n\nY=2\n" << "Y" << "2";
        QTest::newRow("equals in value") << "URL=postgres://u:p@h/db?a=b" << "URL" << "postgres://u:p@h/db?a=b";
    }

    void envFile()
    {
        QFETCH(QString, text);
        QFETCH(QString, key);
        QFETCH(QString, value);
        auto parsed = parseEnvText(text);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->value(key), value);
    }

    void envFileErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no equals") << "A=1\nJUSTTEXT" << "line 2: expected KEY=VALUE";
        QTest::newRow("bad name") << "1A=x" << "line 1: invalid variable name";
        QTest::newRow("unterminated") << "S=\"secretvalue" << "line 1: unterminated quote";
    }

    void envFileErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        auto parsed = parseEnvText(text);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().contains(expected), qPrintable(parsed.error()));
        QVERIFY(!parsed.error().contains(QStringLiteral("secretvalue")));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "test_config.moc"
