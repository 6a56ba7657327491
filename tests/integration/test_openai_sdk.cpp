// Runs the official OpenAI Node SDK (tests/sdk, from the npm registry) unchanged against a real gateway.
#include "support/teststack.h"

#include <QDir>
#include <QProcess>
#include <QtTest>

using namespace crosslogic::test;

class TestOpenAiSdk : public QObject
{
    Q_OBJECT

private slots:
    void sdkWorksUnchanged()
    {
        const QString sdkDir = QStringLiteral(CROSSLOGIC_SOURCE_DIR "/tests/sdk");
        QVERIFY2(QDir(sdkDir + QStringLiteral("/node_modules/openai")).exists(),
                 "the openai package is not installed: scripts/test.sh runs `npm ci` in tests/sdk");
        TestStack stack;
        QVERIFY(stack.start());
        QVERIFY(stack.startEngineNode(QStringLiteral("sdk-model"), "--ttft-ms 10", QStringLiteral("sdk")));
        QVERIFY(!insertNode(stack.db(), QStringLiteral("parked-model"), "http://127.0.0.1:1", QStringLiteral("draining"), QStringLiteral("parked")).isEmpty());
        DaemonProcess &daemon = stack.addDaemon();
        QVERIFY(daemon.start());
        const TestKey key = stack.admin().createKey();
        const TestKey limited = stack.admin().createKey("\"rate_limit_requests_per_min\":2");
        QVERIFY(!key.key.isEmpty() && !limited.key.isEmpty());
        QVERIFY(TestStack::waitForModel(daemon.port(), key.key, "sdk-model"));

        QProcess node;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CROSSLOGIC_BASE_URL"), QStringLiteral("http://127.0.0.1:%1/v1").arg(daemon.port()));
        env.insert(QStringLiteral("CROSSLOGIC_API_KEY"), QString::fromLatin1(key.key));
        env.insert(QStringLiteral("CROSSLOGIC_LIMITED_KEY"), QString::fromLatin1(limited.key));
        env.insert(QStringLiteral("CROSSLOGIC_MODEL"), QStringLiteral("sdk-model"));
        env.insert(QStringLiteral("CROSSLOGIC_PARKED_MODEL"), QStringLiteral("parked-model"));
        node.setProcessEnvironment(env);
        node.setWorkingDirectory(sdkDir);
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(QStringLiteral("node"), {QStringLiteral("--test"), QStringLiteral("--test-reporter=spec"), QStringLiteral("openai_sdk.test.mjs")});
        QVERIFY(node.waitForStarted());
        QVERIFY(node.waitForFinished(120000));
        const QByteArray out = node.readAll();
        qInfo("%s", out.constData());
        QCOMPARE(node.exitCode(), 0);
        QVERIFY2(out.contains("ℹ fail 0") && out.contains("ℹ skipped 0") && !out.contains("ℹ pass 0"), "every SDK test ran and passed");
    }
};

QTEST_GUILESS_MAIN(TestOpenAiSdk)
#include "test_openai_sdk.moc"
