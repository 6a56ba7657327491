// Configuration: the table's rows (complete, unique, defaults in range), parsing (every malformed value named, ranges,
// whitespace trimmed), secrets never printed, the documents made from the table, no variable read outside it.
#include "config/config.h"
#include "config/configdocs.h"
#include "config/envfile.h"

#include <QDirIterator>
#include <QRegularExpression>
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

    // Every default is written once, in its row of Config::variables(): an unset variable shows its row's default,
    // and a default-constructed Config (what tests and tools build by hand) holds the same values.
    void defaultsComeFromTheTable()
    {
        auto c = Config::fromEnvironment(valid());
        QVERIFY(c.ok());
        const QStringList lines = c->describe();
        const QStringList plain = Config().describe();
        QCOMPARE(lines.size(), Config::variables().size());
        QCOMPARE(plain.size(), lines.size());
        for (int i = 0; i < lines.size(); ++i) {
            const ConfigVariable &v = Config::variables()[i];
            QVERIFY2(lines[i].startsWith(v.key() + QLatin1Char('=')), v.name);
            if (v.required() || v.secret)
                continue;
            QString expected = v.key() + QLatin1Char('=') + QString::fromLatin1(v.defaultValue);
            if (v.annotate && !v.annotate(*c).isEmpty())
                expected += QLatin1Char(' ') + v.annotate(*c);
            QCOMPARE(lines[i], expected);
            QCOMPARE(plain[i], expected);
        }
        // A few members read directly, as the subsystems do.
        const Config defaults;
        QCOMPARE(defaults.serverPort, 8080);
        QCOMPARE(defaults.upstreamFirstByteTimeoutMs, 120000);
        QCOMPARE(defaults.upstreamIdleTimeoutMs, 120000);
        QCOMPARE(defaults.usageSpoolMaxBytes, qint64(1) << 30);
        QCOMPARE(defaults.rateLimitFailOpen, true);
        QCOMPARE(defaults.migrateOnStart, false);
        QCOMPARE(defaults.logLevel, QStringLiteral("info"));
    }

    // The table is well formed: what the parser, check-config and the generated documents rely on.
    void everyRowIsComplete()
    {
        static const QRegularExpression namePattern(QStringLiteral("^[A-Z][A-Z0-9_]*$"));
        QSet<QString> names;
        QList<ConfigSection> sections;
        for (const ConfigSectionInfo &s : configSections())
            sections << s.section;
        for (const ConfigVariable &v : Config::variables()) {
            QVERIFY2(namePattern.match(v.key()).hasMatch(), v.name);
            QVERIFY2(!names.contains(v.key()), qPrintable(v.key() + QStringLiteral(" is in the table twice")));
            names.insert(v.key());
            QVERIFY2(qstrlen(v.description) >= 10, qPrintable(v.key() + QStringLiteral(" has no description")));
            QVERIFY2(!QByteArray(v.description).endsWith('.'), v.name); // the documents add their own punctuation
            QVERIFY2(sections.contains(v.section), v.name);
            if (v.isInteger()) {
                QVERIFY2(v.min <= v.max, v.name);
                bool ok = false;
                const qint64 d = QString::fromLatin1(v.defaultValue).toLongLong(&ok);
                QVERIFY2(ok && d >= v.min && d <= v.max, qPrintable(v.key() + QStringLiteral("'s default is outside its range")));
            } else {
                QVERIFY2(v.min == 0 && v.max == 0, qPrintable(v.key() + QStringLiteral(" has a range but is no integer")));
            }
            if (v.choices && !v.required())
                QVERIFY2(v.choiceList().contains(QString::fromLatin1(v.defaultValue)), v.name);
            QCOMPARE(v.isFlag(), v.trueWords != nullptr);
            if (v.isFlag()) {
                QVERIFY2(v.choices, v.name);
                for (const QString &word : QString::fromLatin1(v.trueWords).split(QLatin1Char('|')))
                    QVERIFY2(v.choiceList().contains(word), v.name);
            }
            if (v.required())
                QVERIFY2(std::holds_alternative<QString Config::*>(v.target), v.name);
        }
        QVERIFY(names.size() >= 40);
    }

    // Out of range by one on either side is refused with the row's range in the message; the bounds themselves
    // are accepted and shown by check-config. Runs over every integer row of the table.
    void integerRange_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("min");
        QTest::addColumn<qint64>("max");
        for (const ConfigVariable &v : Config::variables())
            if (v.isInteger())
                QTest::newRow(v.name) << v.key() << v.min << v.max;
    }

    void integerRange()
    {
        QFETCH(QString, name);
        QFETCH(qint64, min);
        QFETCH(qint64, max);
        const QString expected = QStringLiteral("%1 must be an integer from %2 to %3, got '").arg(name).arg(min).arg(max);
        for (const qint64 bad : {min - 1, max + 1}) {
            EnvMap env = valid();
            env.insert(name, QString::number(bad));
            auto c = Config::fromEnvironment(env);
            QVERIFY2(!c.ok(), qPrintable(QString::number(bad)));
            QVERIFY2(c.error().contains(expected + QString::number(bad) + QLatin1Char('\'')), qPrintable(c.error()));
        }
        for (const qint64 good : {min, max}) {
            EnvMap env = valid();
            env.insert(name, QString::number(good));
            auto c = Config::fromEnvironment(env);
            QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error()));
            QVERIFY(c->describe().join(QLatin1Char('\n')).contains(name + QLatin1Char('=') + QString::number(good)));
        }
    }

    void flagsRead()
    {
        EnvMap env = valid();
        env.insert(QStringLiteral("MIGRATE_ON_START"), QStringLiteral("1"));
        env.insert(QStringLiteral("RATE_LIMIT_REDIS_FAILURE"), QStringLiteral("Closed"));
        auto c = Config::fromEnvironment(env);
        QVERIFY(c.ok());
        QCOMPARE(c->migrateOnStart, true);
        QCOMPARE(c->rateLimitFailOpen, false);
        const QStringList lines = c->describe();
        QVERIFY(lines.contains(QStringLiteral("MIGRATE_ON_START=true")));
        QVERIFY(lines.contains(QStringLiteral("RATE_LIMIT_REDIS_FAILURE=closed")));
    }

    void tlsNeedsBoth()
    {
        EnvMap env = valid();
        env.insert(QStringLiteral("TLS_KEY_PATH"), QStringLiteral("/etc/crosslogic/key.pem"));
        auto c = Config::fromEnvironment(env);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().contains(QStringLiteral("TLS_CERT_PATH and TLS_KEY_PATH must be set together")), qPrintable(c.error()));
    }

    // The documents made from the table: every variable in the full markdown table once, a section's table only its
    // own rows, an unknown section refused; the env template, filled in, reads back as the defaults.
    void documents()
    {
        const auto all = configMarkdown(QStringLiteral("all"));
        QVERIFY(all.ok());
        for (const ConfigVariable &v : Config::variables())
            QCOMPARE(all->count(QStringLiteral("| `%1` |").arg(v.key())), 1);
        const auto billing = configMarkdown(QStringLiteral("billing,spool"));
        QVERIFY(billing.ok());
        QVERIFY(billing->contains(QStringLiteral("| `STRIPE_SECRET_KEY` | (empty) |")));
        QVERIFY(billing->contains(QStringLiteral("| `USAGE_SPOOL_FLUSH_MS` | `50` | integer 1 to 1000 |")));
        QVERIFY(!billing->contains(QStringLiteral("SERVER_PORT")));
        const auto unknown = configMarkdown(QStringLiteral("billing,nonsense"));
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().contains(QStringLiteral("nonsense")));

        const QString env = configEnvTemplate();
        QVERIFY(env.contains(QStringLiteral("\nDATABASE_URL=\n")));
        QVERIFY(env.contains(QStringLiteral("\n#UPSTREAM_FIRST_BYTE_TIMEOUT_MS=120000\n")));
        auto parsed = parseEnvText(env);
        QVERIFY(parsed.ok());
        EnvMap filled = *parsed;
        const EnvMap required = valid();
        for (auto it = required.cbegin(); it != required.cend(); ++it)
            filled.insert(it.key(), it.value());
        auto fromTemplate = Config::fromEnvironment(filled);
        auto fromDefaults = Config::fromEnvironment(valid());
        QVERIFY(fromTemplate.ok() && fromDefaults.ok());
        QCOMPARE(fromTemplate->describe(), fromDefaults->describe());
    }

    // Nothing in the daemon reads a variable by name past the table: every qgetenv / qEnvironmentVariable /
    // getenv in daemon/ and shared/ (which the daemon links) names a table row, or one of the process switches
    // below that take effect before any configuration is read.
    void noVariableOutsideTheTable()
    {
        const QHash<QString, QString> processSwitches = {
            {QStringLiteral("QT_NO_GLIB"), QStringLiteral("Qt's own; main() reads it to choose the event dispatcher")},
            {QStringLiteral("CROSSLOGIC_EVENT_DISPATCHER"), QStringLiteral("poll: Qt's dispatcher instead of epoll (docs/operations.md)")},
        };
        static const QRegularExpression read(QStringLiteral(
            R"re((?:qEnvironmentVariable\w*|qgetenv|getenv|secure_getenv)\s*\(\s*(?:QStringLiteral\(|QLatin1String\()?\s*"([A-Za-z0-9_]+)")re"));
        QSet<QString> table;
        for (const ConfigVariable &v : Config::variables())
            table.insert(v.key());
        QSet<QString> seen;
        int files = 0;
        for (const char *dir : {"daemon", "shared"}) {
            QDirIterator it(QStringLiteral(CROSSLOGIC_SOURCE_DIR "/") + QLatin1String(dir), {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                            QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                ++files;
                const QString text = QString::fromUtf8(f.readAll());
                for (auto m = read.globalMatch(text); m.hasNext();) {
                    const QString name = m.next().captured(1);
                    seen.insert(name);
                    QVERIFY2(table.contains(name) || processSwitches.contains(name),
                             qPrintable(QStringLiteral("%1 reads %2, which is not in Config::variables()").arg(f.fileName(), name)));
                }
            }
        }
        QVERIFY(files > 50);
        QVERIFY2(seen.contains(QStringLiteral("QT_NO_GLIB")), "the scan finds main()'s qgetenv calls");
        for (auto it = processSwitches.cbegin(); it != processSwitches.cend(); ++it)
            QVERIFY2(!table.contains(it.key()), qPrintable(it.key()));
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
