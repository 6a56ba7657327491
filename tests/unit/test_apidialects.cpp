// The Responses and Anthropic Messages translations on their own (gateway/responsesadapter.h, messagesadapter.h):
// what each client body becomes as a chat completion, and what the engine's answers and chunks become for the client.
#include "gateway/messagesadapter.h"
#include "gateway/responsesadapter.h"

#include <QtTest>

using namespace crosslogic;
using Json = nlohmann::json;

namespace {
Json chatOf(ApiDialect &d, const Json &body)
{
    Result<QByteArray> chat = d.toChat(QByteArray::fromStdString(body.dump()));
    return chat ? Json::parse(chat.value().toStdString()) : Json{{"failed", chat.failure().param.toStdString()}};
}

// The (event name, data) pairs of a block of SSE events.
std::vector<std::pair<std::string, Json>> eventsOf(const QByteArray &sse)
{
    std::vector<std::pair<std::string, Json>> out;
    for (const QByteArray &block : sse.split('\n')) {
        if (block.startsWith("event: "))
            out.emplace_back(block.mid(7).toStdString(), Json());
        else if (block.startsWith("data: ") && !out.empty())
            out.back().second = Json::parse(block.mid(6).toStdString());
    }
    return out;
}

QByteArray chunk(const Json &delta, const Json &finish = nullptr)
{
    return QByteArray::fromStdString(Json{{"choices", {{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}}}}.dump());
}
} // namespace

class TestApiDialects : public QObject
{
    Q_OBJECT

private slots:
    void responsesRequestBecomesChat();
    void responsesRefusals();
    void responsesStreamFromChatChunks();
    void messagesRequestBecomesChat();
    void messagesAnswerStreamAndErrors();
};

void TestApiDialects::responsesRequestBecomesChat()
{
    ResponsesAdapter r;
    const Json chat = chatOf(r, {{"model", "m"}, {"instructions", "be brief"}, {"max_output_tokens", 7}, {"temperature", 0.5},
                                 {"input", {{{"role", "developer"}, {"content", "rules"}},
                                            {{"role", "user"}, {"content", {{{"type", "input_text"}, {"text", "hi"}},
                                                                              {{"type", "input_image"}, {"image_url", "https://x/y.png"}}}}},
                                            {{"type", "function_call"}, {"call_id", "c1"}, {"name", "f"}, {"arguments", "{}"}},
                                            {{"type", "function_call"}, {"call_id", "c2"}, {"name", "g"}, {"arguments", "{\"a\":1}"}},
                                            {{"type", "function_call_output"}, {"call_id", "c1"}, {"output", "one"}}}},
                                 {"tools", {{{"type", "function"}, {"name", "f"}, {"parameters", {{"type", "object"}}}}}},
                                 {"tool_choice", {{"type", "function"}, {"name", "f"}}},
                                 {"text", {{"format", {{"type", "json_schema"}, {"name", "out"}, {"schema", {{"type", "object"}}}}}}}});
    QCOMPARE(chat["max_tokens"], 7);
    QCOMPARE(chat["temperature"], 0.5);
    QCOMPARE(chat["messages"][0], (Json{{"role", "system"}, {"content", "be brief"}}));
    QCOMPARE(chat["messages"][1], (Json{{"role", "system"}, {"content", "rules"}}));
    QCOMPARE(chat["messages"][2]["content"][1]["image_url"]["url"], "https://x/y.png");
    // Consecutive function calls are one assistant message's tool_calls.
    QCOMPARE(chat["messages"][3]["tool_calls"].size(), size_t(2));
    QCOMPARE(chat["messages"][3]["tool_calls"][1]["function"]["arguments"], "{\"a\":1}");
    QCOMPARE(chat["messages"][4], (Json{{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "one"}}));
    QCOMPARE(chat["tools"][0]["function"]["name"], "f");
    QCOMPARE(chat["tool_choice"]["function"]["name"], "f");
    QCOMPARE(chat["response_format"]["json_schema"]["name"], "out");
}

void TestApiDialects::responsesRefusals()
{
    for (const auto &[body, param] : std::vector<std::pair<Json, std::string>>{
             {{{"model", "m"}}, "input"},
             {{{"model", "m"}, {"input", Json::array()}}, "input"},
             {{{"model", "m"}, {"input", "x"}, {"previous_response_id", "resp_1"}}, "previous_response_id"},
             {{{"model", "m"}, {"input", "x"}, {"store", true}}, "store"},
             {{{"model", "m"}, {"input", "x"}, {"tools", {{{"type", "web_search"}}}}}, "tools"},
             {{{"model", "m"}, {"input", {{{"type", "computer_call"}}}}}, "input"},
             {{{"model", "m"}, {"input", "x"}, {"text", {{"format", {{"type", "yaml"}}}}}}, "text"}}) {
        ResponsesAdapter r;
        QCOMPARE(chatOf(r, body), (Json{{"failed", param}}));
    }
}

void TestApiDialects::responsesStreamFromChatChunks()
{
    ResponsesAdapter r;
    QVERIFY(chatOf(r, {{"model", "m"}, {"input", "x"}, {"stream", true}}).contains("messages"));
    QByteArray sse = r.streamOpened();
    sse += r.streamChunk(chunk({{"role", "assistant"}, {"content", "he"}}));
    sse += r.streamChunk(chunk({{"content", "llo"}}));
    sse += r.streamChunk(chunk({{"tool_calls", {{{"index", 0}, {"id", "call_1"}, {"function", {{"name", "f"}, {"arguments", "{\"a\""}}}}}}}));
    sse += r.streamChunk(chunk({{"tool_calls", {{{"index", 0}, {"function", {{"arguments", ":1}"}}}}}}}, "tool_calls"));
    sse += r.streamChunk(R"({"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4}})");
    sse += r.streamClosed();
    const auto events = eventsOf(sse);
    std::vector<std::string> names;
    for (size_t i = 0; i < events.size(); ++i) {
        names.push_back(events[i].first);
        QCOMPARE(events[i].second["type"], events[i].first);
        QVERIFY2(events[i].second.value("sequence_number", -1) == int(i), events[i].second.dump().c_str());
    }
    QCOMPARE(names, (std::vector<std::string>{
                        "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                        "response.output_text.delta", "response.output_text.delta", "response.output_item.added",
                        "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                        "response.output_text.done", "response.content_part.done", "response.output_item.done",
                        "response.function_call_arguments.done", "response.output_item.done", "response.completed"}));
    const Json done = events.back().second["response"];
    QCOMPARE(done["output"][0]["content"][0]["text"], "hello");
    QCOMPARE(done["output"][1]["call_id"], "call_1");
    QCOMPARE(done["output"][1]["arguments"], "{\"a\":1}");
    QCOMPARE(done["usage"]["input_tokens"], 9);
    QCOMPARE(done["usage"]["total_tokens"], 13);

    ResponsesAdapter failing;
    QVERIFY(chatOf(failing, {{"model", "m"}, {"input", "x"}, {"stream", true}}).contains("messages"));
    failing.streamOpened();
    const auto failed = eventsOf(failing.streamFailed(fail(502, "node_failed", QStringLiteral("gone"))));
    QCOMPARE(failed.size(), size_t(2));
    QCOMPARE(failed[0].second, (Json{{"type", "error"}, {"code", "node_failed"}, {"message", "gone"}, {"param", nullptr}, {"sequence_number", 2}}));
    QCOMPARE(failed[1].second["response"]["status"], "failed");
    QCOMPARE(failed[1].second["response"]["error"]["code"], "node_failed");
}

void TestApiDialects::messagesRequestBecomesChat()
{
    MessagesAdapter m;
    const Json chat = chatOf(m, {{"model", "m"}, {"max_tokens", 5}, {"stop_sequences", {"END"}},
                                 {"system", {{{"type", "text"}, {"text", "be "}}, {{"type", "text"}, {"text", "brief"}}}},
                                 {"messages", {{{"role", "user"}, {"content", {{{"type", "text"}, {"text", "hi"}},
                                                                                 {{"type", "image"}, {"source", {{"type", "base64"}, {"media_type", "image/png"}, {"data", "AAAA"}}}}}}},
                                               {{"role", "assistant"}, {"content", {{{"type", "tool_use"}, {"id", "toolu_1"}, {"name", "f"}, {"input", {{"a", 1}}}}}}},
                                               {{"role", "user"}, {"content", {{{"type", "tool_result"}, {"tool_use_id", "toolu_1"}, {"content", {{{"type", "text"}, {"text", "one"}}}}}}}}}},
                                 {"tools", {{{"name", "f"}, {"input_schema", {{"type", "object"}}}}}},
                                 {"tool_choice", {{"type", "any"}}}});
    QCOMPARE(chat["max_tokens"], 5);
    QCOMPARE(chat["stop"], (Json{"END"}));
    QCOMPARE(chat["messages"][0], (Json{{"role", "system"}, {"content", "be brief"}}));
    QCOMPARE(chat["messages"][1]["content"][1]["image_url"]["url"], "data:image/png;base64,AAAA");
    QCOMPARE(chat["messages"][2]["tool_calls"][0]["function"]["arguments"], "{\"a\":1}");
    QCOMPARE(chat["messages"][3], (Json{{"role", "tool"}, {"tool_call_id", "toolu_1"}, {"content", "one"}}));
    QCOMPARE(chat["tool_choice"], "required");
    QCOMPARE(chat["tools"][0]["function"]["parameters"], (Json{{"type", "object"}}));
    MessagesAdapter noMax;
    QCOMPARE(chatOf(noMax, {{"model", "m"}, {"messages", {{{"role", "user"}, {"content", "x"}}}}}), (Json{{"failed", "max_tokens"}}));
    MessagesAdapter badRole;
    QCOMPARE(chatOf(badRole, {{"model", "m"}, {"max_tokens", 1}, {"messages", {{{"role", "system"}, {"content", "x"}}}}}), (Json{{"failed", "messages"}}));
}

void TestApiDialects::messagesAnswerStreamAndErrors()
{
    MessagesAdapter m;
    QVERIFY(chatOf(m, {{"model", "m"}, {"max_tokens", 5}, {"messages", {{{"role", "user"}, {"content", "x"}}}}}).contains("messages"));
    const Result<QByteArray> whole = m.fromChat(R"({"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"ok",
        "tool_calls":[{"id":"call_9","type":"function","function":{"name":"f","arguments":"{\"a\":2}"}}]}}],"usage":{"prompt_tokens":3,"completion_tokens":2}})");
    QVERIFY(whole);
    const Json a = Json::parse(whole.value().toStdString());
    QCOMPARE(a["content"][0], (Json{{"type", "text"}, {"text", "ok"}}));
    QCOMPARE(a["content"][1]["input"], (Json{{"a", 2}}));
    QCOMPARE(a["stop_reason"], "tool_use");
    QCOMPARE(a["usage"], (Json{{"input_tokens", 3}, {"output_tokens", 2}}));
    QVERIFY(!m.fromChat(R"({"choices":[]})"));

    QByteArray sse = m.streamOpened();
    sse += m.streamChunk(chunk({{"content", "a"}}));
    sse += m.streamChunk(chunk({{"tool_calls", {{{"index", 0}, {"id", "call_1"}, {"function", {{"name", "f"}, {"arguments", "{}"}}}}}}}, "tool_calls"));
    sse += m.streamChunk(R"({"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4}})");
    sse += m.streamClosed();
    std::vector<std::string> names;
    for (const auto &e : eventsOf(sse))
        names.push_back(e.first);
    QCOMPARE(names, (std::vector<std::string>{"message_start", "content_block_start", "content_block_delta", "content_block_stop",
                                              "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"}));
    const auto events = eventsOf(sse);
    QCOMPARE(events[4].second["content_block"]["type"], "tool_use");
    QCOMPARE(events[4].second["index"], 1);
    QCOMPARE(events[5].second["delta"]["type"], "input_json_delta");
    QCOMPARE(events[7].second["usage"], (Json{{"input_tokens", 9}, {"output_tokens", 4}}));
    QCOMPARE(events[7].second["delta"]["stop_reason"], "tool_use");

    QCOMPARE(m.errorJson(fail(429, "requests", QStringLiteral("slow down"))),
             (Json{{"type", "error"}, {"error", {{"type", "rate_limit_error"}, {"message", "slow down"}}}}));
    QCOMPARE(MessagesAdapter::errorType(401), "authentication_error");
    QCOMPARE(MessagesAdapter::errorType(404), "not_found_error");
    QCOMPARE(MessagesAdapter::errorType(502), "api_error");
    QCOMPARE(eventsOf(m.streamFailed(fail(502, "node_failed", QStringLiteral("gone"))))[0].second["error"]["type"], "api_error");
}

QTEST_GUILESS_MAIN(TestApiDialects)
#include "test_apidialects.moc"
