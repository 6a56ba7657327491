// Runs client libraries from the npm registry (tests/sdk, pinned by its package-lock.json) unchanged against a real
// gateway: the official OpenAI SDK (chat, completions, embeddings, models, errors, the Responses API), Anthropic's SDK
// (/v1/messages), the Vercel AI SDK's default provider and LangChain JS. node --test reports each case by name.
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
        for (const char *package : {"openai", "@anthropic-ai/sdk", "ai", "@ai-sdk/openai", "@langchain/openai"})
            QVERIFY2(QDir(sdkDir + QStringLiteral("/node_modules/") + QLatin1String(package)).exists(),
                     qPrintable(QStringLiteral("the %1 package is not installed: scripts/test.sh runs `npm ci` in tests/sdk").arg(QLatin1String(package))));
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
        node.start(QStringLiteral("node"), {QStringLiteral("--test"), QStringLiteral("--test-reporter=spec"), QStringLiteral("openai_sdk.test.mjs"),
                                            QStringLiteral("openai_responses.test.mjs"), QStringLiteral("anthropic_sdk.test.mjs"),
                                            QStringLiteral("vercel_ai_sdk.test.mjs"), QStringLiteral("langchain.test.mjs")});
        QVERIFY(node.waitForStarted());
        QVERIFY(node.waitForFinished(120000));
        const QByteArray out = node.readAll();
        qInfo("%s", out.constData());
        QCOMPARE(node.exitCode(), 0);
        for (const char *name : {"responses with a function tool round trip", "anthropic messages.create with stream: true",
                                 "ai streamText (default provider: Responses API)", "langchain ChatOpenAI stream"})
            QVERIFY2(out.contains(name), name);
        QVERIFY2(out.contains("ℹ fail 0") && out.contains("ℹ skipped 0") && !out.contains("ℹ pass 0"), "every SDK test ran and passed");
    }
};

QTEST_GUILESS_MAIN(TestOpenAiSdk)
#include "test_openai_sdk.moc"
