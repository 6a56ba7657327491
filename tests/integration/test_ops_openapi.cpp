// docs/openapi.yaml against the live route table (`crosslogicd routes`): every registered route is documented
// and every documented route is registered, so a route added without its documentation fails here by name.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

class TestOpsOpenApi : public QObject
{
    Q_OBJECT

    // "METHOD /path/{param}" for each path (two-space indent) and method (four-space indent) under paths:.
    static QSet<QString> documentedRoutes(const QByteArray &yaml, QString *error)
    {
        QSet<QString> routes;
        bool inPaths = false;
        QString path;
        static const QRegularExpression pathLine(QStringLiteral("^  (/[^:]*):\\s*$"));
        static const QRegularExpression methodLine(
            QStringLiteral("^    (get|put|post|delete|patch|head|options):"));
        for (const QByteArray &raw : yaml.split('\n')) {
            const QString line = QString::fromUtf8(raw);
            if (line.startsWith(QLatin1String("paths:"))) {
                inPaths = true;
                continue;
            }
            if (!inPaths || line.trimmed().isEmpty() || line.trimmed().startsWith(QLatin1Char('#')))
                continue;
            if (!line.startsWith(QLatin1Char(' ')))
                break; // next top-level key
            if (auto m = pathLine.match(line); m.hasMatch()) {
                path = m.captured(1);
                continue;
            }
            if (auto m = methodLine.match(line); m.hasMatch()) {
                if (path.isEmpty())
                    *error = QStringLiteral("method outside a path: ") + line;
                const QString route = m.captured(1).toUpper() + QLatin1Char(' ') + path;
                if (routes.contains(route))
                    *error = QStringLiteral("documented twice: ") + route;
                routes.insert(route);
            }
        }
        return routes;
    }

private slots:
    void everyRouteIsDocumentedAndViceVersa()
    {
        QProcess p;
        p.start(QStringLiteral(CROSSLOGICD_PATH),
                {QStringLiteral("routes"), QStringLiteral("--env-file"), QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        QSet<QString> registered;
        for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            // {model*} takes the rest of the path; OpenAPI spells it {model}.
            registered.insert(
                QString::fromUtf8(line.trimmed()).replace(QLatin1String("*}"), QLatin1String("}")));
        }
        QVERIFY(registered.contains(QStringLiteral("GET /metrics")));
        QVERIFY(registered.size() > 40);

        QFile f(QStringLiteral(CROSSLOGIC_SOURCE_DIR "/docs/openapi.yaml"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray yaml = f.readAll();
        QVERIFY(yaml.startsWith("#") && yaml.contains("\nopenapi: 3.1"));
        QString error;
        const QSet<QString> documented = documentedRoutes(yaml, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QStringList undocumented = QStringList(registered.cbegin(), registered.cend());
        undocumented.removeIf([&](const QString &r) { return documented.contains(r); });
        undocumented.sort();
        QStringList unregistered = QStringList(documented.cbegin(), documented.cend());
        unregistered.removeIf([&](const QString &r) { return registered.contains(r); });
        unregistered.sort();
        QVERIFY2(undocumented.isEmpty(),
                 qPrintable(QStringLiteral(
                                "routes the daemon registers but docs/openapi.yaml does not describe:\n  ") +
                            undocumented.join(QLatin1String("\n  "))));
        QVERIFY2(unregistered.isEmpty(),
                 qPrintable(QStringLiteral(
                                "routes docs/openapi.yaml describes but the daemon does not register:\n  ") +
                            unregistered.join(QLatin1String("\n  "))));
    }

    void everySchemaReferenceResolves()
    {
        QFile f(QStringLiteral(CROSSLOGIC_SOURCE_DIR "/docs/openapi.yaml"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString yaml = QString::fromUtf8(f.readAll());
        static const QRegularExpression ref(
            QStringLiteral("\\$ref: \"#/components/(schemas|parameters|responses)/([A-Za-z0-9_]+)\""));
        int count = 0;
        for (auto it = ref.globalMatch(yaml); it.hasNext();) {
            const auto m = it.next();
            ++count;
            // Each component is defined at four spaces under its section.
            QVERIFY2(yaml.contains(QStringLiteral("\n    %1:").arg(m.captured(2))),
                     qPrintable(m.captured(0)));
        }
        QVERIFY(count > 50);
    }

    void routesCommandNeedsNoServices()
    {
        // Placeholders stand in for a missing configuration; nothing listens and nothing connects.
        QProcess p;
        p.setProcessEnvironment(QProcessEnvironment());
        p.start(QStringLiteral(CROSSLOGICD_PATH),
                {QStringLiteral("routes"), QStringLiteral("--env-file"), QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY(out.contains("GET /admin/health-check\n"));
        QVERIFY(out.contains("POST /admin/db/terminate/{pid}\n"));
    }
};

QTEST_GUILESS_MAIN(TestOpsOpenApi)
#include "test_ops_openapi.moc"
