// HTTP details of the customer API over real sockets (issue 21): HTTP/1.0 streams close-delimited, gzip request
// bodies, /v1/models' created, the OpenAI-Organization / OpenAI-Project headers.
#include "support/gzip.h"
#include "support/teststack.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace crosslogic::test;

namespace {
const QByteArray kChat = "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}],\"max_tokens\":5}";
const QByteArray kStream = "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4,\"stream\":true}";


struct WireResponse
{
    QByteArray head; // status line and headers, lower-cased
    QByteArray body; // every byte after the head, as it came off the wire
    bool closedByServer = false;
};

// Sends raw and reads every byte until the server closes the connection (or the timeout passes).
WireResponse readUntilClosed(quint16 port, const QByteArray &raw, int timeoutMs = 10000)
{
    WireResponse r;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return r;
    socket.write(raw);
    QByteArray all;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        socket.waitForReadyRead(50);
        all += socket.readAll();
        if (socket.state() != QAbstractSocket::ConnectedState) {
            all += socket.readAll();
            r.closedByServer = true;
            break;
        }
    }
    const qsizetype end = all.indexOf("\r\n\r\n");
    r.head = all.left(end).toLower();
    r.body = end < 0 ? QByteArray() : all.mid(end + 4);
    return r;
}

QByteArray http10(const QByteArray &key, const QByteArray &body, const QByteArray &extra = {})
{
    return "POST /v1/chat/completions HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
           + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extra
           + "\r\n" + body;
}

} // namespace

class TestGatewayHttp : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    EngineProcess *m_engine = nullptr;
    TestKey m_key;

    quint16 port() const { return m_stack.port(); }
    Headers gzipHeaders(const QByteArray &encoding = "gzip") const
    {
        Headers h = bearer(m_key.key);
        h.append(qMakePair(QByteArray("Content-Encoding"), encoding));
        return h;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        QVERIFY((m_engine = m_stack.startEngineNode(QStringLiteral("demo-model"), "--ttft-ms 20 --tokens-per-second 200")) != nullptr);
        DaemonProcess &daemon = m_stack.addDaemon();
        QVERIFY2(daemon.start(), daemon.log().constData());
        m_key = m_stack.admin().createKey();
        QVERIFY(TestStack::waitForModel(port(), m_key.key, "demo-model"));
    }

    // RFC 9112 §6.1/§6.3: HTTP/1.0 has no chunked coding; the stream's end is the connection's end.
    void http10StreamIsCloseDelimited_data()
    {
        QTest::addColumn<QByteArray>("extra");
        QTest::newRow("plain") << QByteArray();
        QTest::newRow("asks for keep-alive") << QByteArray("Connection: keep-alive\r\n");
    }
    void http10StreamIsCloseDelimited()
    {
        QFETCH(QByteArray, extra);
        const WireResponse r = readUntilClosed(port(), http10(m_key.key, kStream, extra));
        QVERIFY2(r.head.startsWith("http/1.1 200"), r.head.constData());
        QVERIFY2(r.closedByServer, "the server ends the body by closing the connection");
        QVERIFY2(!r.head.contains("transfer-encoding"), r.head.constData());
        QVERIFY2(!r.head.contains("content-length"), r.head.constData());
        QVERIFY2(r.head.contains("\r\nconnection: close"), r.head.constData());
        QVERIFY2(r.head.contains("content-type: text/event-stream"), r.head.constData());
        // No chunk framing: the body is the SSE events themselves, from the first byte to the last.
        QVERIFY2(r.body.startsWith("data: {"), r.body.left(40).constData());
        QVERIFY2(!QRegularExpression(QStringLiteral("(^|\\r\\n)[0-9a-fA-F]+\\r\\n")).match(QString::fromLatin1(r.body)).hasMatch(),
                 r.body.constData());
        QVERIFY2(r.body.endsWith("data: [DONE]\n\n"), r.body.right(40).constData());
        int events = 0;
        for (const QByteArray &event : r.body.split('\n')) {
            if (!event.startsWith("data: {"))
                continue;
            const auto j = nlohmann::json::parse(event.mid(6).toStdString(), nullptr, false);
            QVERIFY2(!j.is_discarded(), event.constData());
            QCOMPARE(j.value("object", ""), std::string("chat.completion.chunk"));
            ++events;
        }
        QCOMPARE(events, 4);
    }

    void http11StreamStaysChunked()
    {
        auto r = RawHttp::post(port(), "/v1/chat/completions", kStream, bearer(m_key.key));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("transfer-encoding"), QByteArray("chunked"));
        QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    }

    void http10WholeAnswerHasLength()
    {
        const WireResponse r = readUntilClosed(port(), http10(m_key.key, kChat));
        QVERIFY2(r.head.startsWith("http/1.1 200"), r.head.constData());
        QVERIFY(r.head.contains("content-length: "));
        QVERIFY(r.closedByServer);
        QVERIFY(r.body.contains("tok1 tok2 tok3 tok4 tok5"));
    }

    void gzipBodyIsDecoded()
    {
        auto r = RawHttp::post(port(), "/v1/chat/completions", gzip(kChat), gzipHeaders());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json("/choices/0/message/content"), QByteArray("tok1 tok2 tok3 tok4 tok5"));
        auto two = RawHttp::post(port(), "/v1/chat/completions", gzip(kChat.left(20)) + gzip(kChat.mid(20)), gzipHeaders("x-gzip"));
        QCOMPARE(two.status, 200); // two gzip members make one body (RFC 1952)
    }

    void gzipBombIs413()
    {
        // 9 MiB of spaces after the JSON compress to a few KiB; decoded they pass the 8 MiB body limit.
        const QByteArray bomb = gzip(kChat + QByteArray(9 * 1024 * 1024, ' '));
        QVERIFY(bomb.size() < 64 * 1024);
        auto r = RawHttp::post(port(), "/v1/chat/completions", bomb, gzipHeaders());
        QCOMPARE(r.status, 413);
        QCOMPARE(r.json("/error/code"), QByteArray("body_too_large"));
        QVERIFY2(r.json("/error/message").contains("decompressed"), r.body.constData());
        // Within the limit once decoded: served.
        QCOMPARE(RawHttp::post(port(), "/v1/chat/completions", gzip(kChat + QByteArray(1024 * 1024, ' ')), gzipHeaders()).status, 200);
    }

    void otherEncodingIs415()
    {
        auto r = RawHttp::post(port(), "/v1/chat/completions", kChat, gzipHeaders("br"));
        QCOMPARE(r.status, 415);
        QCOMPARE(r.json("/error/type"), QByteArray("invalid_request_error"));
        QCOMPARE(r.json("/error/code"), QByteArray("unsupported_content_encoding"));
        QVERIFY2(r.json("/error/message").contains("'br'") && r.json("/error/message").contains("gzip"), r.body.constData());
        QCOMPARE(r.header("accept-encoding"), QByteArray("gzip"));
        QCOMPARE(RawHttp::post(port(), "/v1/chat/completions", gzip(kChat), gzipHeaders("gzip, br")).status, 415);
        QCOMPARE(RawHttp::post(port(), "/v1/chat/completions", kChat, gzipHeaders("identity")).status, 200);
        // Refused before routing, and still counted.
        const QByteArray metrics = RawHttp::get(port(), "/metrics").body;
        QVERIFY2(metrics.contains("http_requests_total{method=\"POST\",route=\"(unrouted)\",status=\"415\"}"), metrics.left(3000).constData());
    }

    void corruptGzipIs400()
    {
        QByteArray broken = gzip(kChat);
        broken[broken.size() / 2] = char(broken[broken.size() / 2] ^ 0x55);
        for (const QByteArray &body : {QByteArray("{\"model\":\"demo-model\"}"), gzip(kChat).left(20), broken}) {
            auto r = RawHttp::post(port(), "/v1/chat/completions", body, gzipHeaders());
            QCOMPARE(r.status, 400);
            QCOMPARE(r.json("/error/code"), QByteArray("invalid_content_encoding"));
            QCOMPARE(r.json("/error/type"), QByteArray("invalid_request_error"));
        }
    }

    void modelsCreatedIsFirstRegistration()
    {
        // An older, terminated node of the same model: the model was first registered then.
        const QString old = insertNode(m_stack.db(), QStringLiteral("demo-model"), "http://127.0.0.1:1", QStringLiteral("terminated"));
        QVERIFY(!old.isEmpty());
        m_stack.db().scalar(QStringLiteral("UPDATE nodes SET created_at = '2024-01-02 03:04:05+00' WHERE id = '%1' RETURNING 1").arg(old));
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::get(port(), "/v1/models", bearer(m_key.key)).json("/data/0/created"), QByteArray("1704164645"), 5000);
        QCOMPARE(RawHttp::get(port(), "/v1/models/demo-model", bearer(m_key.key)).json("/created"), QByteArray("1704164645"));
    }

    void openAIHeadersRecordedAndForwarded()
    {
        Headers h = bearer(m_key.key);
        h.append(qMakePair(QByteArray("OpenAI-Organization"), QByteArray("org-Acme 42")));
        h.append(qMakePair(QByteArray("OpenAI-Project"), QByteArray("proj_abc")));
        auto r = RawHttp::post(port(), "/v1/chat/completions", kChat, h);
        QCOMPARE(r.status, 200);
        const auto stats = nlohmann::json::parse(m_engine->stats().toStdString());
        QCOMPARE(stats.value("last_openai_organization", ""), std::string("org-Acme 42"));
        QCOMPARE(stats.value("last_openai_project", ""), std::string("proj_abc"));
        const QString id = QString::fromLatin1(r.header("x-request-id"));
        QTRY_COMPARE_WITH_TIMEOUT(m_stack.db().scalar(QStringLiteral("SELECT openai_organization FROM request_logs WHERE request_id = '%1'").arg(id)).toString(),
                                  QStringLiteral("org-Acme 42"), 5000);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT openai_project FROM request_logs WHERE request_id = '%1'").arg(id)).toString(), QStringLiteral("proj_abc"));
        // Without them: nothing forwarded, NULL recorded.
        auto plain = RawHttp::post(port(), "/v1/chat/completions", kChat, bearer(m_key.key));
        QCOMPARE(plain.status, 200);
        QCOMPARE(nlohmann::json::parse(m_engine->stats().toStdString()).value("last_openai_organization", "?"), std::string());
        const QString plainId = QString::fromLatin1(plain.header("x-request-id"));
        QTRY_COMPARE_WITH_TIMEOUT(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM request_logs WHERE request_id = '%1' AND openai_organization IS NULL").arg(plainId)).toInt(), 1, 5000);
    }

    void openAIHeadersAreBounded_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("organization too long") << QByteArray("OpenAI-Organization") << QByteArray(201, 'o');
        QTest::newRow("project not printable ASCII") << QByteArray("OpenAI-Project") << QByteArray("proj_\xc3\xa9t\xc3\xa9");
    }
    void openAIHeadersAreBounded()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        Headers h = bearer(m_key.key);
        h.append(qMakePair(name, value));
        auto r = RawHttp::post(port(), "/v1/chat/completions", kChat, h);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json("/error/code"), QByteArray("invalid_header"));
        QCOMPARE(r.json("/error/param"), name.toLower());
        QVERIFY2(r.json("/error/message").contains(name), r.body.constData());
        QCOMPARE(RawHttp::post(port(), "/v1/chat/completions", kChat, Headers{qMakePair(name, QByteArray(200, 'x')), bearer(m_key.key).first()}).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestGatewayHttp)
#include "test_gateway_http.moc"
