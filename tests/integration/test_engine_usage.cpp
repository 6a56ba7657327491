// An engine that reports negative or impossible usage (the simulated engine's usage_mode) is not believed (issue 24):
// the customer is billed from the gateway's own count, the usage row is flagged with what the engine claimed, an
// alert names the node, and nothing is missing from usage_records or request_logs. An honest engine's usage is
// billed exactly as reported.
#include "support/scrape.h"
#include "support/teststack.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using namespace crosslogic::test;
using Json = nlohmann::json;

namespace {
// The gateway's own estimate: the messages' text characters (role and content), (characters + 3) / 4 tokens.
const QByteArray kChat = R"({"model":"demo-model","messages":[{"role":"user","content":"count to five please"}],"max_tokens":5})";
const QByteArray kStream = R"({"model":"demo-model","messages":[{"role":"user","content":"count to seven"}],"max_tokens":7,"stream":true})";
} // namespace

class TestEngineUsage : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    EngineProcess *m_engine = nullptr;
    TestKey m_key;
    QByteArray m_nodeId;

    quint16 port() const { return m_stack.port(); }
    void setUsageMode(const char *mode)
    {
        const HttpResult r = RawHttp::post(m_engine->port(), "/sim/config", QByteArray(R"({"usage_mode":")") + mode + "\"}");
        QVERIFY2(r.status == 200, r.body.constData());
    }
    // The usage_records row of requestId once the usage writer stored it (fails the test after 5 s).
    QVariantMap usageRow(const QByteArray &requestId)
    {
        const QString where = QStringLiteral("FROM usage_records WHERE request_id = '%1'").arg(QString::fromLatin1(requestId));
        [&] { QTRY_COMPARE_WITH_TIMEOUT(m_stack.db().scalar(QStringLiteral("SELECT count(*) ") + where).toInt(), 1, 5000); }();
        const QString json = m_stack.db().scalar(QStringLiteral("SELECT row_to_json(u)::text FROM (SELECT prompt_tokens, completion_tokens, "
                                                                "usage_flag, engine_prompt_tokens, engine_completion_tokens ") + where + QStringLiteral(") u")).toString();
        return QJsonDocument::fromJson(json.toUtf8()).object().toVariantMap();
    }
    int requestLogRows(const QByteArray &requestId)
    {
        return m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM request_logs WHERE request_id = '%1'").arg(QString::fromLatin1(requestId))).toInt();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        m_engine = m_stack.startEngineNode(QStringLiteral("demo-model"), "--ttft-ms 5 --tokens-per-second 1000");
        QVERIFY(m_engine);
        DaemonProcess &daemon = m_stack.addDaemon({{"ALERT_EVAL_INTERVAL_MS", "500"}});
        QVERIFY2(daemon.start(), daemon.log().constData());
        m_key = m_stack.admin().createKey();
        QVERIFY(TestStack::waitForModel(port(), m_key.key, "demo-model"));
        m_nodeId = m_stack.db().scalar(QStringLiteral("SELECT id FROM nodes LIMIT 1")).toByteArray();
    }

    void honestUsageIsBilledAsReported()
    {
        setUsageMode("honest");
        const HttpResult r = RawHttp::post(port(), "/v1/chat/completions", kChat, bearer(m_key.key));
        QCOMPARE(r.status, 200);
        const Json answer = Json::parse(r.body.toStdString());
        const QVariantMap row = usageRow(r.header("x-request-id"));
        QCOMPARE(row.value(QStringLiteral("prompt_tokens")).toLongLong(), answer["usage"]["prompt_tokens"].get<qint64>());
        QCOMPARE(row.value(QStringLiteral("completion_tokens")).toLongLong(), 5);
        QVERIFY(row.value(QStringLiteral("usage_flag")).isNull());
        QVERIFY(row.value(QStringLiteral("engine_completion_tokens")).isNull());
    }

    void negativeUsageIsBilledFromTheGatewaysCount()
    {
        setUsageMode("negative");
        const HttpResult r = RawHttp::post(port(), "/v1/chat/completions", kChat, bearer(m_key.key));
        QCOMPARE(r.status, 200); // the customer still gets the answer
        const Json answer = Json::parse(r.body.toStdString());
        QVERIFY(answer["usage"]["completion_tokens"].get<qint64>() < 0); // what the engine said
        const QByteArray id = r.header("x-request-id");
        const QVariantMap row = usageRow(id);
        // The messages' text ("user" + "count to five please"): 24 characters → 6 prompt tokens;
        // the answer "tok1 tok2 tok3 tok4 tok5": 24 → 6.
        QCOMPARE(row.value(QStringLiteral("prompt_tokens")).toLongLong(), 6);
        QCOMPARE(row.value(QStringLiteral("completion_tokens")).toLongLong(), 6);
        QCOMPARE(row.value(QStringLiteral("usage_flag")).toString(), QStringLiteral("engine_usage_implausible"));
        QCOMPARE(row.value(QStringLiteral("engine_completion_tokens")).toLongLong(), answer["usage"]["completion_tokens"].get<qint64>());
        QCOMPARE(row.value(QStringLiteral("engine_prompt_tokens")).toLongLong(), answer["usage"]["prompt_tokens"].get<qint64>());
        QCOMPARE(requestLogRows(id), 1);
    }

    void inflatedStreamUsageIsBilledFromTheChunks()
    {
        setUsageMode("inflated");
        const HttpResult r = RawHttp::post(port(), "/v1/chat/completions", kStream, bearer(m_key.key));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("data: [DONE]"));
        const QByteArray id = r.header("x-request-id");
        const QVariantMap row = usageRow(id);
        QCOMPARE(row.value(QStringLiteral("completion_tokens")).toLongLong(), 7); // seven content chunks delivered
        QCOMPARE(row.value(QStringLiteral("prompt_tokens")).toLongLong(), 5);     // "user" + "count to seven": 18 characters
        QCOMPARE(row.value(QStringLiteral("usage_flag")).toString(), QStringLiteral("engine_usage_implausible"));
        QCOMPARE(row.value(QStringLiteral("engine_completion_tokens")).toLongLong(), 1000007);
        QCOMPARE(requestLogRows(id), 1);
        QCOMPARE(scrapeMetric(port(), "engine_usage_implausible_total", {{"node", m_nodeId}}), 2.0);
    }

    void anAlertNamesTheNode()
    {
        // Firing, and counting both implausible answers: an evaluation between the two requests fires it with 1, and
        // the next one raises the value (under ASan the first may come before the second request).
        QElapsedTimer t;
        t.start();
        Json alert;
        while (t.elapsed() < 15000 && !(alert.is_object() && alert.value("value", 0.0) >= 2.0)) {
            const HttpResult r = m_stack.admin().call("GET", "/admin/alerts?state=all&rule=engine_usage_implausible");
            const Json body = Json::parse(r.body.toStdString(), nullptr, false);
            if (r.status == 200 && body.contains("data"))
                for (const Json &a : body["data"])
                    if (a["state"] == "firing")
                        alert = a;
            QTest::qWait(200);
        }
        QVERIFY2(!alert.is_null(), "engine_usage_implausible did not fire");
        bool namesNode = false;
        for (const Json &o : alert["objects"])
            namesNode = namesNode || (o["kind"] == "node" && o["id"] == m_nodeId.toStdString());
        QVERIFY2(namesNode, alert.dump().c_str());
        QCOMPARE(alert["value"].get<double>(), 2.0);
        bool drains = false;
        for (const Json &rem : alert["remediations"])
            drains = drains || rem["path"] == "/admin/nodes/" + m_nodeId.toStdString() + "/drain";
        QVERIFY2(drains, alert.dump().c_str());
    }
};

QTEST_GUILESS_MAIN(TestEngineUsage)
#include "test_engine_usage.moc"
