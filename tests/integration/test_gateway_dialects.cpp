// POST /v1/responses and POST /v1/messages over real sockets (issue 21): translated to the simulated engine's chat
// completions and back, streamed with each API's own events, metered into usage_records with the same token counts
// as the equivalent chat call, and counted against the same rate limits.
#include "support/teststack.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace crosslogic::test;

namespace {
const QByteArray kChatStream = "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"say hi there\"}],\"max_tokens\":5,\"stream\":true}";
const QByteArray kResponsesStream = "{\"model\":\"demo-model\",\"input\":\"say hi there\",\"max_output_tokens\":5,\"stream\":true}";
const QByteArray kMessagesStream = "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"say hi there\"}],\"max_tokens\":5,\"stream\":true}";

Headers anthropic(const QByteArray &key)
{
    return {{"x-api-key", key}, {"anthropic-version", "2023-06-01"}};
}

struct SseEvent
{
    QByteArray name;
    QJsonObject data;
};

QList<SseEvent> events(const QByteArray &body)
{
    QList<SseEvent> out;
    for (const QByteArray &block : body.split('\n')) {
        if (block.startsWith("event: "))
            out.append({block.mid(7), {}});
        else if (block.startsWith("data: ") && !out.isEmpty())
            out.last().data = QJsonDocument::fromJson(block.mid(6)).object();
    }
    return out;
}

QByteArrayList names(const QList<SseEvent> &list)
{
    QByteArrayList n;
    for (const SseEvent &e : list)
        n.append(e.name);
    return n;
}

} // namespace

class TestGatewayDialects : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    TestKey m_key;

    quint16 port() const { return m_stack.port(); }
    // prompt_tokens,completion_tokens of a request's usage_records row, once it is written.
    QString usageOf(const QByteArray &requestId)
    {
        const QString sql = QStringLiteral("SELECT prompt_tokens || ',' || completion_tokens FROM usage_records WHERE request_id = '%1'")
                                .arg(QString::fromLatin1(requestId));
        QString row;
        QElapsedTimer clock;
        clock.start();
        while ((row = m_stack.db().scalar(sql).toString()).isEmpty() && clock.elapsed() < 5000)
            QTest::qWait(50);
        return row.isEmpty() ? QStringLiteral("(no usage_records row)") : row;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        QVERIFY(m_stack.startEngineNode(QStringLiteral("demo-model"), "--ttft-ms 5 --tokens-per-second 1000"));
        DaemonProcess &daemon = m_stack.addDaemon();
        QVERIFY2(daemon.start(), daemon.log().constData());
        m_key = m_stack.admin().createKey();
        QVERIFY(TestStack::waitForModel(port(), m_key.key, "demo-model"));
    }

    void streamsAreMeteredLikeChat()
    {
        const HttpResult chat = RawHttp::post(port(), "/v1/chat/completions", kChatStream, bearer(m_key.key));
        QCOMPARE(chat.status, 200);
        const QString chatUsage = usageOf(chat.header("x-request-id"));
        QVERIFY2(chatUsage.endsWith(QStringLiteral(",5")), qPrintable(chatUsage));

        const HttpResult responses = RawHttp::post(port(), "/v1/responses", kResponsesStream, bearer(m_key.key));
        QCOMPARE(responses.status, 200);
        QCOMPARE(responses.header("content-type"), QByteArray("text/event-stream"));
        const QList<SseEvent> r = events(responses.body);
        const QByteArrayList rn = names(r);
        QVERIFY2(rn.size() >= 10, responses.body.constData());
        QCOMPARE(rn.mid(0, 4), (QByteArrayList{"response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"}));
        QCOMPARE(rn.count("response.output_text.delta"), 5);
        QCOMPARE(rn.last(), QByteArray("response.incomplete")); // max_output_tokens reached
        QString text;
        for (const SseEvent &e : r) {
            QCOMPARE(e.data.value(QStringLiteral("type")).toString().toUtf8(), e.name);
            if (e.name == "response.output_text.delta")
                text += e.data.value(QStringLiteral("delta")).toString();
        }
        QCOMPARE(text, QStringLiteral("tok1 tok2 tok3 tok4 tok5"));
        const QJsonObject final = r.last().data.value(QStringLiteral("response")).toObject();
        QCOMPARE(final.value(QStringLiteral("output")).toArray().at(0).toObject().value(QStringLiteral("content")).toArray().at(0)
                     .toObject().value(QStringLiteral("text")).toString(), text);
        const QJsonObject usage = final.value(QStringLiteral("usage")).toObject();
        QCOMPARE(QStringLiteral("%1,%2").arg(usage.value(QStringLiteral("input_tokens")).toInt()).arg(usage.value(QStringLiteral("output_tokens")).toInt()), chatUsage);
        QVERIFY2(!responses.body.contains("[DONE]"), "the Responses stream ends with its last event");
        QCOMPARE(usageOf(responses.header("x-request-id")), chatUsage);

        const HttpResult messages = RawHttp::post(port(), "/v1/messages", kMessagesStream, anthropic(m_key.key));
        QCOMPARE(messages.status, 200);
        const QList<SseEvent> m = events(messages.body);
        const QByteArrayList mn = names(m);
        QCOMPARE(mn.first(), QByteArray("message_start"));
        QCOMPARE(mn.mid(mn.size() - 3), (QByteArrayList{"content_block_stop", "message_delta", "message_stop"}));
        QCOMPARE(mn.count("content_block_delta"), 5);
        QString mtext;
        for (const SseEvent &e : m)
            if (e.name == "content_block_delta")
                mtext += e.data.value(QStringLiteral("delta")).toObject().value(QStringLiteral("text")).toString();
        QCOMPARE(mtext, QStringLiteral("tok1 tok2 tok3 tok4 tok5"));
        const QJsonObject delta = m.at(mn.size() - 2).data;
        QCOMPARE(delta.value(QStringLiteral("delta")).toObject().value(QStringLiteral("stop_reason")).toString(), QStringLiteral("max_tokens"));
        QCOMPARE(delta.value(QStringLiteral("usage")).toObject().value(QStringLiteral("output_tokens")).toInt(), 5);
        QCOMPARE(usageOf(messages.header("x-request-id")), chatUsage);
    }

    void wholeAnswers()
    {
        const HttpResult r = RawHttp::post(port(), "/v1/responses",
                                           "{\"model\":\"demo-model\",\"instructions\":\"be brief\",\"input\":[{\"role\":\"user\",\"content\":"
                                           "[{\"type\":\"input_text\",\"text\":\"say hi there\"}]}]}", bearer(m_key.key));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json("/object"), QByteArray("response"));
        QCOMPARE(r.json("/status"), QByteArray("completed"));
        QCOMPARE(r.json("/instructions"), QByteArray("be brief"));
        QCOMPARE(r.json("/output/0/content/0/text").left(15), QByteArray("tok1 tok2 tok3 "));
        QCOMPARE(r.json("/usage/output_tokens"), QByteArray("16"));

        const HttpResult m = RawHttp::post(port(), "/v1/messages",
                                           "{\"model\":\"demo-model\",\"system\":\"be brief\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                                           {{"Authorization", "Bearer " + m_key.key}, {"anthropic-version", "2023-06-01"}});
        QCOMPARE(m.status, 200);
        QCOMPARE(m.json("/type"), QByteArray("message"));
        QCOMPARE(m.json("/content/0/text"), QByteArray("tok1 tok2 tok3"));
        QCOMPARE(m.json("/stop_reason"), QByteArray("max_tokens"));
        QCOMPARE(m.json("/usage/output_tokens"), QByteArray("3"));
    }

    void functionToolRoundTrip()
    {
        const QByteArray tool = "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}}]";
        const HttpResult call = RawHttp::post(port(), "/v1/responses",
                                              "{\"model\":\"demo-model\",\"input\":\"weather?\",\"max_output_tokens\":2,\"tool_choice\":\"required\"," + tool + "}",
                                              bearer(m_key.key));
        QCOMPARE(call.status, 200);
        QCOMPARE(call.json("/output/0/type"), QByteArray("function_call"));
        QCOMPARE(call.json("/output/0/name"), QByteArray("get_weather"));
        QCOMPARE(call.json("/output/0/arguments"), QByteArray("{\"text\":\"tok1 tok2\"}"));
        const QByteArray callId = call.json("/output/0/call_id");
        QVERIFY(!callId.isEmpty());
        const HttpResult answer = RawHttp::post(port(), "/v1/responses",
                                                "{\"model\":\"demo-model\",\"max_output_tokens\":2," + tool + ",\"input\":[{\"role\":\"user\",\"content\":\"weather?\"},"
                                                "{\"type\":\"function_call\",\"call_id\":\"" + callId + "\",\"name\":\"get_weather\",\"arguments\":\"{}\"},"
                                                "{\"type\":\"function_call_output\",\"call_id\":\"" + callId + "\",\"output\":\"sunny\"}]}",
                                                bearer(m_key.key));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json("/output/0/type"), QByteArray("message"));
        QCOMPARE(answer.json("/output/0/content/0/text"), QByteArray("tok1 tok2"));
        // Streamed, the call arrives as function_call_arguments deltas.
        const HttpResult streamed = RawHttp::post(port(), "/v1/responses",
                                                  "{\"model\":\"demo-model\",\"input\":\"weather?\",\"max_output_tokens\":2,\"stream\":true,\"tool_choice\":\"required\"," + tool + "}",
                                                  bearer(m_key.key));
        QCOMPARE(streamed.status, 200);
        const QList<SseEvent> e = events(streamed.body);
        QCOMPARE(names(e).count("response.function_call_arguments.delta"), 2);
        QCOMPARE(e.last().name, QByteArray("response.completed"));
        QCOMPARE(e.last().data.value(QStringLiteral("response")).toObject().value(QStringLiteral("output")).toArray().at(0).toObject()
                     .value(QStringLiteral("arguments")).toString(), QStringLiteral("{\"text\":\"tok1 tok2\"}"));
    }

    void errorsInEachApisShape()
    {
        // Anthropic's shape: {"type":"error","error":{"type":…,"message":…}}.
        const HttpResult noVersion = RawHttp::post(port(), "/v1/messages", kMessagesStream, {{"x-api-key", m_key.key}});
        QCOMPARE(noVersion.status, 400);
        QCOMPARE(noVersion.json("/type"), QByteArray("error"));
        QCOMPARE(noVersion.json("/error/type"), QByteArray("invalid_request_error"));
        QVERIFY(noVersion.json("/error/message").contains("anthropic-version"));
        const HttpResult noMax = RawHttp::post(port(), "/v1/messages", "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", anthropic(m_key.key));
        QCOMPARE(noMax.status, 400);
        QVERIFY(noMax.json("/error/message").contains("max_tokens"));
        const HttpResult badKey = RawHttp::post(port(), "/v1/messages", kMessagesStream, anthropic("clsk_live_not_a_real_key"));
        QCOMPARE(badKey.status, 401);
        QCOMPARE(badKey.json("/error/type"), QByteArray("authentication_error"));
        const HttpResult unknownModel = RawHttp::post(port(), "/v1/messages", "{\"model\":\"nope\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", anthropic(m_key.key));
        QCOMPARE(unknownModel.status, 404);
        QCOMPARE(unknownModel.json("/error/type"), QByteArray("not_found_error"));
        // The Responses API answers in OpenAI's shape; responses are not stored.
        const HttpResult previous = RawHttp::post(port(), "/v1/responses", "{\"model\":\"demo-model\",\"input\":\"x\",\"previous_response_id\":\"resp_1\"}", bearer(m_key.key));
        QCOMPARE(previous.status, 400);
        QCOMPARE(previous.json("/error/param"), QByteArray("previous_response_id"));
        QCOMPARE(previous.json("/error/type"), QByteArray("invalid_request_error"));
        const HttpResult store = RawHttp::post(port(), "/v1/responses", "{\"model\":\"demo-model\",\"input\":\"x\",\"store\":true}", bearer(m_key.key));
        QCOMPARE(store.status, 400);
        QCOMPARE(store.json("/error/param"), QByteArray("store"));
        // Fields of the wrong type are refused, not fatal.
        for (const QByteArray &body : {QByteArray("{\"model\":\"demo-model\",\"input\":\"x\",\"store\":\"yes\"}"),
                                       QByteArray("{\"model\":\"demo-model\",\"input\":[{\"type\":7}]}"),
                                       QByteArray("{\"model\":\"demo-model\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":3}}}")}) {
            const HttpResult wrong = RawHttp::post(port(), "/v1/responses", body, bearer(m_key.key));
            QCOMPARE(wrong.status, 400);
            QVERIFY2(wrong.json("/error/message").contains("wrong type"), wrong.body.constData());
        }
        const HttpResult wrongMessage = RawHttp::post(port(), "/v1/messages", "{\"model\":\"demo-model\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":{\"type\":\"tool\",\"name\":1}}", anthropic(m_key.key));
        QCOMPARE(wrongMessage.status, 400);
        QCOMPARE(wrongMessage.json("/error/type"), QByteArray("invalid_request_error"));
        const HttpResult noInput = RawHttp::post(port(), "/v1/responses", "{\"model\":\"demo-model\"}", bearer(m_key.key));
        QCOMPARE(noInput.status, 400);
        QCOMPARE(noInput.json("/error/param"), QByteArray("input"));
    }

    void sameRateLimits()
    {
        const TestKey limited = m_stack.admin().createKey("\"rate_limit_requests_per_min\":3");
        QCOMPARE(RawHttp::post(port(), "/v1/chat/completions", kChatStream, bearer(limited.key)).status, 200);
        QCOMPARE(RawHttp::post(port(), "/v1/responses", kResponsesStream, bearer(limited.key)).status, 200);
        QCOMPARE(RawHttp::post(port(), "/v1/messages", kMessagesStream, anthropic(limited.key)).status, 200);
        const HttpResult responses = RawHttp::post(port(), "/v1/responses", kResponsesStream, bearer(limited.key));
        QCOMPARE(responses.status, 429);
        QVERIFY(!responses.json("/error/message").isEmpty()); // OpenAI's shape, as chat's refusal
        const HttpResult messages = RawHttp::post(port(), "/v1/messages", kMessagesStream, anthropic(limited.key));
        QCOMPARE(messages.status, 429);
        QCOMPARE(messages.json("/error/type"), QByteArray("rate_limit_error"));
        QVERIFY(!messages.header("retry-after").isEmpty());
        const HttpResult chat = RawHttp::post(port(), "/v1/chat/completions", kChatStream, bearer(limited.key));
        QCOMPARE(chat.status, 429);
        QCOMPARE(responses.json("/error/code"), chat.json("/error/code"));
    }
};

QTEST_GUILESS_MAIN(TestGatewayDialects)
#include "test_gateway_dialects.moc"
