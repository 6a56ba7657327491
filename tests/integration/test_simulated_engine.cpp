// The real crosslogic-node-agent --simulate process over real sockets: OpenAI shapes, SSE pacing, errors,
// metrics, cancellation.
#include "support/engineprocess.h"
#include "support/rawhttp.h"
#include "support/scrape.h"

#include <QElapsedTimer>
#include <QThread>
#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace crosslogic::test;
using json = nlohmann::json;

namespace {

const QByteArray kModel = "sim-test-model";

// The simulated engine serving kModel, warnings-only logs; port() is 0 when it did not start listening.
class SimEngine : public EngineProcess
{
public:
    explicit SimEngine(const QStringList &extraArgs)
    {
        start(QStringList{QStringLiteral("--model"), QString::fromLatin1(kModel), QStringLiteral("--log-level"), QStringLiteral("warn")}
              + extraArgs);
    }
};

json parse(const QByteArray &body)
{
    return json::parse(body.toStdString(), nullptr, false);
}

QByteArray chatBody(const json &extra)
{
    json body = {{"model", kModel.toStdString()},
                 {"messages", {{{"role", "user"}, {"content", "hello there you"}}}}};
    body.update(extra);
    return QByteArray::fromStdString(body.dump());
}

// One SSE event as it arrived: its data payload and the test-clock time it was read.
struct Event
{
    QByteArray data;
    qint64 atMs;
};

// Reads a whole SSE stream, splitting decoded chunks into events.
QList<Event> readEvents(StreamingResponse &stream, const QElapsedTimer &clock, int timeoutMs = 10000)
{
    QList<Event> events;
    QByteArray pending;
    while (!stream.ended()) {
        const QByteArray chunk = stream.nextChunk(timeoutMs);
        if (chunk.isEmpty())
            break;
        pending += chunk;
        qsizetype end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            const QByteArray event = pending.left(end);
            pending.remove(0, end + 2);
            if (event.startsWith("data: "))
                events.append({event.mid(6), clock.elapsed()});
        }
    }
    return events;
}

json stats(quint16 port)
{
    return parse(RawHttp::get(port, "/sim/stats").body);
}

} // namespace

class TestSimulatedEngine : public QObject
{
    Q_OBJECT
    std::unique_ptr<SimEngine> m_engine; // --ttft-ms 50 --tokens-per-second 50 --embedding-dim 8

    quint16 port() const { return m_engine->port(); }

private slots:
    void initTestCase()
    {
        m_engine = std::make_unique<SimEngine>(QStringList{
            QStringLiteral("--ttft-ms"), QStringLiteral("50"), QStringLiteral("--tokens-per-second"),
            QStringLiteral("50"), QStringLiteral("--embedding-dim"), QStringLiteral("8")});
        QVERIFY2(m_engine->port() != 0, "the agent did not print SIMULATED_ENGINE_LISTENING port=<n>");
    }
    void cleanupTestCase() { m_engine.reset(); }

    void healthIsEmpty200()
    {
        const HttpResult r = RawHttp::get(port(), "/health");
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.isEmpty());
    }

    void chatCompletionHasOpenAIShape()
    {
        const HttpResult r = RawHttp::post(port(), "/v1/chat/completions", chatBody({{"max_tokens", 5}}));
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("application/json"));
        const json j = parse(r.body);
        QVERIFY(j.at("id").get<std::string>().starts_with("chatcmpl-"));
        QCOMPARE(j.at("object"), "chat.completion");
        QVERIFY(j.at("created").is_number_integer());
        QCOMPARE(j.at("model"), kModel.toStdString());
        QCOMPARE(j.at("choices").size(), size_t(1));
        const json &c = j["choices"][0];
        QCOMPARE(c.at("index"), 0);
        QCOMPARE(c.at("message").at("role"), "assistant");
        QCOMPARE(c.at("message").at("content"), "tok1 tok2 tok3 tok4 tok5");
        QCOMPARE(c.at("finish_reason"), "length");
        // "hello there you": 3 words + 4 for the message.
        QCOMPARE(j.at("usage").at("prompt_tokens"), 7);
        QCOMPARE(j.at("usage").at("completion_tokens"), 5);
        QCOMPARE(j.at("usage").at("total_tokens"), 12);
    }

    void defaultLengthWithoutMaxTokens()
    {
        const HttpResult r = RawHttp::post(port(), "/v1/chat/completions", chatBody(json::object()));
        QCOMPARE(r.status, 200);
        const json j = parse(r.body);
        QCOMPARE(j["usage"]["completion_tokens"], 16);
        QCOMPARE(j["choices"][0]["finish_reason"], "stop");
    }

    void forcedToolChoiceAnswersWithAToolCall()
    {
        const json tools = json::array({{{"type", "function"}, {"function", {{"name", "lookup"}, {"parameters", {{"type", "object"}}}}}},
                                        {{"type", "function"}, {"function", {{"name", "other"}, {"parameters", {{"type", "object"}}}}}}});
        for (const json &choice : {json("required"), json{{"type", "function"}, {"function", {{"name", "other"}}}}}) {
            const HttpResult r = RawHttp::post(port(), "/v1/chat/completions",
                                               chatBody({{"max_tokens", 2}, {"tools", tools}, {"tool_choice", choice}}));
            QCOMPARE(r.status, 200);
            const json c = parse(r.body)["choices"][0];
            QCOMPARE(c["finish_reason"], "tool_calls");
            QVERIFY(c["message"]["content"].is_null());
            QCOMPARE(c["message"]["tool_calls"][0]["function"]["name"], choice == "required" ? "lookup" : "other");
            QCOMPARE(c["message"]["tool_calls"][0]["function"]["arguments"], "{\"text\":\"tok1 tok2\"}");
        }
        // tool_choice auto: text, as before.
        const HttpResult text = RawHttp::post(port(), "/v1/chat/completions",
                                              chatBody({{"max_tokens", 2}, {"tools", tools}, {"tool_choice", "auto"}}));
        QCOMPARE(parse(text.body)["choices"][0]["message"]["content"], "tok1 tok2");
        // Streamed: the id and name first, the arguments piece by piece.
        const HttpResult streamed = RawHttp::post(port(), "/v1/chat/completions",
                                                  chatBody({{"max_tokens", 3}, {"tools", tools}, {"tool_choice", "required"}, {"stream", true}}));
        QCOMPARE(streamed.status, 200);
        std::string arguments;
        int withName = 0;
        for (const QByteArray &line : streamed.body.split('\n')) {
            if (!line.startsWith("data: {"))
                continue;
            const json call = parse(line.mid(6))["choices"][0]["delta"]["tool_calls"][0];
            withName += call["function"].contains("name") ? 1 : 0;
            arguments += call["function"]["arguments"].get<std::string>();
        }
        QCOMPARE(withName, 1);
        QCOMPARE(arguments, "{\"text\":\"tok1 tok2 tok3\"}");
    }

    void textCompletionHasOpenAIShape()
    {
        const HttpResult r = RawHttp::post(
            port(), "/v1/completions",
            QByteArray::fromStdString(
                json{{"model", kModel.toStdString()}, {"prompt", "one two"}, {"max_tokens", 3}}.dump()));
        QCOMPARE(r.status, 200);
        const json j = parse(r.body);
        QVERIFY(j.at("id").get<std::string>().starts_with("cmpl-"));
        QCOMPARE(j.at("object"), "text_completion");
        QCOMPARE(j["choices"][0].at("text"), "tok1 tok2 tok3");
        QCOMPARE(j["choices"][0].at("finish_reason"), "length");
        QCOMPARE(j["usage"]["prompt_tokens"], 2);
        QCOMPARE(j["usage"]["completion_tokens"], 3);
        QCOMPARE(j["usage"]["total_tokens"], 5);
    }

    void keepAliveServesSeveralRequestsOnOneConnection()
    {
        const QByteArray one =
            RawHttp::build("POST", "/v1/chat/completions", chatBody({{"max_tokens", 1}}), {});
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(socket.waitForConnected(3000));
        QByteArray received;
        for (int i = 1; i <= 3; ++i) {
            socket.write(one);
            QElapsedTimer t;
            t.start();
            while (received.count("\"chat.completion\"") < i && t.elapsed() < 5000)
                if (socket.waitForReadyRead(100))
                    received += socket.readAll();
            QCOMPARE(received.count("HTTP/1.1 200 OK"), i);
            QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        }
        QVERIFY(received.contains("Connection: keep-alive"));
    }

    void streamIsPacedAndEndsWithDone()
    {
        QElapsedTimer clock;
        clock.start();
        StreamingResponse stream;
        QVERIFY(stream.open(port(), RawHttp::build("POST", "/v1/chat/completions",
                                                   chatBody({{"max_tokens", 10}, {"stream", true}}), {})));
        QCOMPARE(stream.status(), 200);
        QVERIFY(stream.header("content-type").startsWith("text/event-stream"));
        const QList<Event> events = readEvents(stream, clock);
        QVERIFY(stream.ended());
        QCOMPARE(events.size(), 11); // 10 tokens + [DONE]; no usage chunk unless asked
        QCOMPARE(events.last().data, QByteArray("[DONE]"));
        std::string content;
        for (int i = 0; i < 10; ++i) {
            const json j = parse(events[i].data);
            QCOMPARE(j.at("object"), "chat.completion.chunk");
            QVERIFY(j.at("id").get<std::string>().starts_with("chatcmpl-"));
            QVERIFY(!j.contains("usage"));
            const json &c = j.at("choices").at(0);
            QCOMPARE(c.at("index"), 0);
            if (i == 0)
                QCOMPARE(c.at("delta").at("role"), "assistant");
            content += c.at("delta").at("content").get<std::string>();
            QCOMPARE(c.at("finish_reason"), i == 9 ? json("length") : json(nullptr));
        }
        QCOMPARE(content, std::string("tok1 tok2 tok3 tok4 tok5 tok6 tok7 tok8 tok9 tok10"));
        // ttft 50 ms, then 20 ms a token: first event near 50 ms, last near 230 ms.
        qInfo("first event at %lld ms, last token at %lld ms", events.first().atMs, events[9].atMs);
        QVERIFY2(events.first().atMs <= 150, "first token later than ~150 ms");
        QVERIFY2(events[9].atMs >= 150, "tokens were not paced by the configured rate");
        QVERIFY(events[9].atMs - events.first().atMs >= 100);
    }

    void streamUsageChunkOnlyWhenAsked_data()
    {
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<bool>("expectUsage");
        QTest::newRow("include_usage true") << QByteArray(R"({"include_usage":true})") << true;
        QTest::newRow("include_usage false") << QByteArray(R"({"include_usage":false})") << false;
        QTest::newRow("no stream_options") << QByteArray() << false;
    }
    void streamUsageChunkOnlyWhenAsked()
    {
        QFETCH(QByteArray, options);
        QFETCH(bool, expectUsage);
        json extra = {{"max_tokens", 3}, {"stream", true}};
        if (!options.isEmpty())
            extra["stream_options"] = parse(options);
        QElapsedTimer clock;
        clock.start();
        StreamingResponse stream;
        QVERIFY(stream.open(port(), RawHttp::build("POST", "/v1/chat/completions", chatBody(extra), {})));
        const QList<Event> events = readEvents(stream, clock);
        QCOMPARE(events.size(), expectUsage ? 5 : 4);
        QCOMPARE(events.last().data, QByteArray("[DONE]"));
        int usageChunks = 0;
        for (const Event &e : events) {
            if (e.data == "[DONE]")
                continue;
            const json j = parse(e.data);
            if (j.contains("usage")) {
                ++usageChunks;
                QCOMPARE(j.at("choices"), json::array());
                QCOMPARE(j["usage"]["prompt_tokens"], 7);
                QCOMPARE(j["usage"]["completion_tokens"], 3);
                QCOMPARE(j["usage"]["total_tokens"], 10);
            }
        }
        QCOMPARE(usageChunks, expectUsage ? 1 : 0);
        if (expectUsage)
            QVERIFY(parse(events[events.size() - 2].data).contains("usage"));
    }

    void textCompletionStreams()
    {
        QElapsedTimer clock;
        clock.start();
        StreamingResponse stream;
        const QByteArray body = R"({"model":"sim-test-model","prompt":"hi","max_tokens":2,"stream":true})";
        QVERIFY(stream.open(port(), RawHttp::build("POST", "/v1/completions", body, {})));
        const QList<Event> events = readEvents(stream, clock);
        QCOMPARE(events.size(), 3);
        QCOMPARE(parse(events[0].data)["choices"][0]["text"], "tok1");
        QCOMPARE(parse(events[1].data)["choices"][0]["text"], " tok2");
        QCOMPARE(parse(events[1].data)["choices"][0]["finish_reason"], "length");
    }

    void embeddingsAreDeterministicUnitVectors()
    {
        const QByteArray body = R"({"model":"sim-test-model","input":["the quick fox","jumps"]})";
        const HttpResult r = RawHttp::post(port(), "/v1/embeddings", body);
        QCOMPARE(r.status, 200);
        const json j = parse(r.body);
        QCOMPARE(j.at("object"), "list");
        QCOMPARE(j.at("model"), kModel.toStdString());
        QCOMPARE(j.at("data").size(), size_t(2));
        for (size_t i = 0; i < 2; ++i) {
            const json &d = j["data"][i];
            QCOMPARE(d.at("object"), "embedding");
            QCOMPARE(d.at("index"), int(i));
            QCOMPARE(d.at("embedding").size(), size_t(8));
            double norm = 0;
            for (const auto &x : d["embedding"])
                norm += x.get<double>() * x.get<double>();
            QVERIFY(std::abs(norm - 1.0) < 1e-4);
        }
        QVERIFY(j["data"][0]["embedding"] != j["data"][1]["embedding"]);
        QCOMPARE(j["usage"]["prompt_tokens"], 4);
        QCOMPARE(j["usage"]["total_tokens"], 4);
        const json again = parse(
            RawHttp::post(port(), "/v1/embeddings", R"({"model":"sim-test-model","input":"the quick fox"})")
                .body);
        QCOMPARE(again["data"][0]["embedding"], j["data"][0]["embedding"]);
    }

    void modelsListsTheServedModel()
    {
        const HttpResult r = RawHttp::get(port(), "/v1/models");
        QCOMPARE(r.status, 200);
        const json j = parse(r.body);
        QCOMPARE(j.at("object"), "list");
        QCOMPARE(j.at("data").size(), size_t(1));
        QCOMPARE(j["data"][0].at("id"), kModel.toStdString());
        QCOMPARE(j["data"][0].at("object"), "model");
    }

    void badRequestsGetOpenAIErrors_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        const QByteArray chat = "/v1/chat/completions";
        QTest::newRow("malformed json")
            << chat << QByteArray("{\"model\":") << 400 << QByteArray("invalid_json");
        QTest::newRow("not an object") << chat << QByteArray("[1,2]") << 400 << QByteArray("invalid_json");
        QTest::newRow("missing model")
            << chat << QByteArray(R"({"messages":[{"role":"user","content":"x"}]})") << 400
            << QByteArray("missing_required_parameter");
        QTest::newRow("model not a string")
            << chat << QByteArray(R"({"model":5,"messages":[{"role":"user","content":"x"}]})") << 400
            << QByteArray("invalid_type");
        QTest::newRow("missing messages") << chat << QByteArray(R"({"model":"sim-test-model"})") << 400
                                          << QByteArray("missing_required_parameter");
        QTest::newRow("messages not array")
            << chat << QByteArray(R"({"model":"sim-test-model","messages":"hi"})") << 400
            << QByteArray("invalid_type");
        QTest::newRow("message without role")
            << chat << QByteArray(R"({"model":"sim-test-model","messages":[{"content":"x"}]})") << 400
            << QByteArray("invalid_type");
        QTest::newRow("max_tokens a string")
            << chat
            << QByteArray(
                   R"({"model":"sim-test-model","messages":[{"role":"user","content":"x"}],"max_tokens":"ten"})")
            << 400 << QByteArray("invalid_type");
        QTest::newRow("max_tokens zero")
            << chat
            << QByteArray(
                   R"({"model":"sim-test-model","messages":[{"role":"user","content":"x"}],"max_tokens":0})")
            << 400 << QByteArray("invalid_value");
        QTest::newRow("stream not bool")
            << chat
            << QByteArray(
                   R"({"model":"sim-test-model","messages":[{"role":"user","content":"x"}],"stream":"yes"})")
            << 400 << QByteArray("invalid_type");
        QTest::newRow("stream_options without stream")
            << chat
            << QByteArray(
                   R"({"model":"sim-test-model","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}})")
            << 400 << QByteArray("invalid_value");
        QTest::newRow("unknown model")
            << chat << QByteArray(R"({"model":"gpt-nope","messages":[{"role":"user","content":"x"}]})") << 404
            << QByteArray("model_not_found");
        QTest::newRow("completions missing prompt")
            << QByteArray("/v1/completions") << QByteArray(R"({"model":"sim-test-model"})") << 400
            << QByteArray("missing_required_parameter");
        QTest::newRow("completions unknown model")
            << QByteArray("/v1/completions") << QByteArray(R"({"model":"x","prompt":"a"})") << 404
            << QByteArray("model_not_found");
        QTest::newRow("embeddings missing input")
            << QByteArray("/v1/embeddings") << QByteArray(R"({"model":"sim-test-model"})") << 400
            << QByteArray("missing_required_parameter");
        QTest::newRow("embeddings unknown model")
            << QByteArray("/v1/embeddings") << QByteArray(R"({"model":"x","input":"a"})") << 404
            << QByteArray("model_not_found");
    }
    void badRequestsGetOpenAIErrors()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        const HttpResult r = RawHttp::post(port(), path, body);
        QCOMPARE(r.status, status);
        QCOMPARE(r.json("/error/code"), code);
        QVERIFY(!r.json("/error/message").isEmpty() && r.json("/error/message") != "<absent>");
        QVERIFY(r.json("/error/type") != "<absent>");
    }

    void metricsUseVllmNames()
    {
        const HttpResult r = RawHttp::get(port(), "/metrics");
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/plain"));
        for (const char *name :
             {"vllm:num_requests_running{model_name=\"sim-test-model\"} ",
              "vllm:num_requests_waiting{model_name=\"sim-test-model\"} ",
              "vllm:gpu_cache_usage_perc{model_name=\"sim-test-model\"} ",
              "# TYPE vllm:request_success_total counter",
              "vllm:request_success_total{finished_reason=\"length\",model_name=\"sim-test-model\"} "})
            QVERIFY2(r.body.contains(name), name);
    }

    void errorRateOneGives500sUntilReconfigured()
    {
        SimEngine failing({QStringLiteral("--error-rate"), QStringLiteral("1.0"),
                               QStringLiteral("--ttft-ms"), QStringLiteral("0")});
        QVERIFY(failing.port() != 0);
        for (const QByteArray &extra :
             {QByteArray(R"({"max_tokens":2})"), QByteArray(R"({"max_tokens":2,"stream":true})")}) {
            const HttpResult r =
                RawHttp::post(failing.port(), "/v1/chat/completions", chatBody(parse(extra)));
            QCOMPARE(r.status, 500);
            QVERIFY(r.json("/error/message") != "<absent>");
            QVERIFY(r.json("/error/type") != "<absent>");
        }
        QCOMPARE(RawHttp::post(failing.port(), "/v1/embeddings", R"({"model":"sim-test-model","input":"a"})")
                     .status,
                 500);
        QCOMPARE(stats(failing.port())["errors_injected"], 3);
        const HttpResult set = RawHttp::post(failing.port(), "/sim/config", R"({"error_rate":0})");
        QCOMPARE(set.status, 200);
        QCOMPARE(RawHttp::post(failing.port(), "/v1/chat/completions", chatBody({{"max_tokens", 2}})).status,
                 200);
        QCOMPARE(RawHttp::post(failing.port(), "/sim/config", R"({"error_rate":2})").status, 400);
    }

    void errorRateIsDeterministicForASeed()
    {
        const QStringList args{QStringLiteral("--error-rate"), QStringLiteral("0.5"),
                               QStringLiteral("--seed"),       QStringLiteral("7"),
                               QStringLiteral("--ttft-ms"),    QStringLiteral("0")};
        QList<int> first, second;
        for (QList<int> *statuses : {&first, &second}) {
            SimEngine engine(args);
            QVERIFY(engine.port() != 0);
            for (int i = 0; i < 24; ++i)
                statuses->append(
                    RawHttp::post(engine.port(), "/v1/chat/completions", chatBody({{"max_tokens", 1}}))
                        .status);
        }
        QCOMPARE(first, second);
        QVERIFY(first.contains(500));
        QVERIFY(first.contains(200));
    }

    void requestsAboveConcurrencyWait()
    {
        SimEngine engine({QStringLiteral("--max-concurrency"), QStringLiteral("1"),
                              QStringLiteral("--ttft-ms"), QStringLiteral("300"),
                              QStringLiteral("--tokens-per-second"), QStringLiteral("0")});
        QVERIFY(engine.port() != 0);
        const QByteArray request = RawHttp::build("POST", "/v1/chat/completions",
                                                  chatBody({{"max_tokens", 2}, {"stream", true}}), {});
        StreamingResponse a, b;
        QVERIFY(a.open(engine.port(), request));
        QVERIFY(b.open(engine.port(), request));
        const json s = stats(engine.port());
        QCOMPARE(s["active"], 1);
        QCOMPARE(s["waiting"], 1);
        QCOMPARE(scrapeMetric(engine.port(), "vllm:num_requests_waiting", {{"model_name", "sim-test-model"}}), 1.0);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(readEvents(a, clock).size(), 3);
        QCOMPARE(readEvents(b, clock).size(), 3);
        QVERIFY2(clock.elapsed() >= 400, "the second request did not wait for the first");
        const json after = stats(engine.port());
        QCOMPARE(after["streams_completed"], 2);
        QCOMPARE(after["active"], 0);
        QCOMPARE(after["waiting"], 0);
    }

    void abortedStreamIsCancelledAtOnce()
    {
        SimEngine engine({QStringLiteral("--ttft-ms"), QStringLiteral("10"),
                              QStringLiteral("--tokens-per-second"), QStringLiteral("20")});
        QVERIFY(engine.port() != 0);
        StreamingResponse stream;
        QVERIFY(stream.open(engine.port(),
                            RawHttp::build("POST", "/v1/chat/completions",
                                           chatBody({{"max_tokens", 200}, {"stream", true}}), {})));
        QVERIFY(!stream.nextChunk(2000).isEmpty());
        QVERIFY(!stream.nextChunk(2000).isEmpty());
        QCOMPARE(stats(engine.port())["streams_started"], 1);
        QCOMPARE(stats(engine.port())["active"], 1);

        QElapsedTimer sinceAbort;
        stream.abort();
        sinceAbort.start();
        json s;
        while (sinceAbort.elapsed() < 2000) {
            s = stats(engine.port());
            if (s["streams_cancelled"] == 1)
                break;
            QThread::msleep(2);
        }
        const qint64 seenAfter = sinceAbort.elapsed();
        qInfo("cancellation visible in /sim/stats %lld ms after the abort", seenAfter);
        QCOMPARE(s["streams_cancelled"], 1);
        QVERIFY2(seenAfter <= 100, "the engine noticed the disconnect later than 100 ms");
        QCOMPARE(s["active"], 0);
        QCOMPARE(s["streams_completed"], 0);
        QVERIFY(s["last_cancel_at_ms"].get<qint64>() >= 0);
        QVERIFY(s["last_cancel_at_ms"].get<qint64>() <= s["now_ms"].get<qint64>());
        // Generation stopped: no more tokens after the cancellation (the rate would add ~4 in 200 ms).
        const qint64 tokens = s["tokens_generated"].get<qint64>();
        QVERIFY(tokens < 200);
        QThread::msleep(200);
        QCOMPARE(stats(engine.port())["tokens_generated"].get<qint64>(), tokens);
    }
};

QTEST_GUILESS_MAIN(TestSimulatedEngine)
#include "test_simulated_engine.moc"
