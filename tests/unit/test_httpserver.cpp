// The HTTP server layer over a real socket: keep-alive, pipelining, limits, timeouts, smuggling, streaming.
#include "http/requestid.h"
#include "support/httpserverthread.h"
#include "support/rawhttp.h"

#include <QDateTime>
#include <QSet>
#include <QThread>
#include <QTimer>
#include <QtTest>

using namespace crosslogic;
using namespace crosslogic::test;

namespace {
// The routes of the server under test.
void addRoutes(Router &router)
{
    router.add("GET", "/hello", [](HttpExchange *ex) { ex->respond(200, "text/plain", "hello"); });
    router.add("POST", "/echo", [](HttpExchange *ex) { ex->respond(200, "application/octet-stream", ex->request().body); });
    router.add("GET", "/items/{id}", [](HttpExchange *ex) {
        ex->respond(200, "text/plain", ex->request().param("id").toUtf8());
    });
    router.add("GET", "/slow", [](HttpExchange *ex) {
        QPointer<HttpExchange> p(ex);
        QTimer::singleShot(200, ex, [p] { p->respond(200, "text/plain", "slow"); });
    });
    router.add("GET", "/stream", [](HttpExchange *ex) {
        ex->beginStream(200, "text/event-stream");
        ex->writeChunk("data: 1\n\n");
        QPointer<HttpExchange> p(ex);
        QTimer::singleShot(300, ex, [p] {
            p->writeChunk("data: 2\n\n");
            p->endStream();
        });
    });
}
} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT
    std::unique_ptr<HttpServerThread> m_server;

    // Sends head, then drip every stepMs until the server answers; true when it answered 408 within withinMs.
    bool dripAndWaitFor408(const QByteArray &head, const QByteArray &drip, int stepMs, int withinMs)
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_server->port());
        if (!s.waitForConnected(2000))
            return false;
        s.write(head);
        QElapsedTimer t;
        t.start();
        QByteArray got;
        while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < 3000 && got.isEmpty()) {
            s.write(drip);
            s.waitForBytesWritten(100);
            if (s.waitForReadyRead(stepMs))
                got += s.readAll();
        }
        qInfo("answered after %lld ms: %s", t.elapsed(), got.left(20).constData());
        return got.startsWith("HTTP/1.1 408") && t.elapsed() < withinMs;
    }

    static HttpLimits limits()
    {
        HttpLimits l;
        l.maxBodyBytes = 1024;
        l.headerTimeoutMs = 400;
        l.bodyTimeoutMs = 400;
        l.minBodyBytesPerSecond = 1024;
        l.idleTimeoutMs = 1500;
        return l;
    }

private slots:
    void initTestCase() { m_server = std::make_unique<HttpServerThread>(limits(), addRoutes); }
    void cleanupTestCase() { m_server.reset(); }

    void answersAndKeepsAlive()
    {
        const QByteArray two = RawHttp::build("GET", "/hello", {}, {}) + RawHttp::build("GET", "/items/42", {}, {});
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(s.waitForConnected(2000));
        s.write(two); // pipelined: both answered, in order, on one connection
        QByteArray got;
        QElapsedTimer t;
        t.start();
        while (got.count("HTTP/1.1 200") < 2 && t.elapsed() < 3000)
            if (s.waitForReadyRead(100))
                got += s.readAll();
        QCOMPARE(got.count("HTTP/1.1 200 OK"), 2);
        QVERIFY(got.indexOf("hello") < got.indexOf("\r\n\r\n42"));
        QVERIFY(got.contains("x-request-id: req_"));
        QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
    }

    void requestIdEchoedWhenSane()
    {
        auto r = RawHttp::get(m_server->port(), "/hello", {{"X-Request-Id", "trace-abc.123"}});
        QCOMPARE(r.header("x-request-id"), QByteArray("trace-abc.123"));
        auto bad = RawHttp::get(m_server->port(), "/hello", {{"X-Request-Id", "bad id with spaces"}});
        QVERIFY(bad.header("x-request-id").startsWith("req_"));
    }

    // Generated ids: "req_" + 32 hex digits, the first 12 the time in ms (so ids sort by time), the rest random.
    void generatedRequestIdsSortByTime()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QByteArray first = generateRequestId();
        QSet<QByteArray> seen{first};
        for (int i = 0; i < 1000; ++i)
            seen.insert(generateRequestId());
        QCOMPARE(seen.size(), 1001);
        QTest::qSleep(3);
        const QByteArray later = generateRequestId();
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(first.size(), 36);
        QVERIFY(first.startsWith("req_"));
        for (char c : first.mid(4))
            QVERIFY2((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'), first.constData());
        bool ok = false;
        const qint64 stamp = first.mid(4, 12).toLongLong(&ok, 16);
        QVERIFY(ok);
        QVERIFY2(stamp >= before && stamp <= after, first.constData());
        QVERIFY2(later > first, QByteArray(later + " after " + first).constData());
    }

    void unknownRouteIs404Json()
    {
        auto r = RawHttp::get(m_server->port(), "/nope");
        QCOMPARE(r.status, 404);
        QCOMPARE(r.header("content-type"), QByteArray("application/json"));
        QCOMPARE(r.json("/error/code"), QByteArray("not_found"));
        QCOMPARE(r.json("/error/type"), QByteArray("invalid_request_error"));
    }

    void wrongMethodIs405()
    {
        auto r = RawHttp::request(m_server->port(), "DELETE", "/hello");
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("allow"), QByteArray("GET"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage request line") << QByteArray("GARBAGE\r\n\r\n") << 400;
        QTest::newRow("bad version") << QByteArray("GET / HTTP/9.9.9\r\n\r\n") << 400;
        QTest::newRow("space in header name") << QByteArray("GET /hello HTTP/1.1\r\nBad Header: x\r\n\r\n") << 400;
        QTest::newRow("body over limit") << QByteArray("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n") << 413;
        QTest::newRow("chunked body over limit")
            << (QByteArray("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n") + QByteArray(2048, 'a') + "\r\n0\r\n\r\n") << 413;
        QTest::newRow("content-length and chunked (smuggling)")
            << QByteArray("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 400;
        QTest::newRow("duplicate content-length")
            << QByteArray("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcd") << 400;
        QTest::newRow("negative content-length") << QByteArray("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("oversized header")
            << (QByteArray("GET /hello HTTP/1.1\r\nHost: a\r\nX-Big: ") + QByteArray(100 * 1024, 'a') + "\r\n\r\n") << 431;
        QTest::newRow("path traversal") << QByteArray("GET /a/../../etc/passwd HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("encoded traversal") << QByteArray("GET /a/%2e%2e/%2e%2e/etc HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("nul in path") << QByteArray("GET /a%00b HTTP/1.1\r\n\r\n") << 400;
    }

    void malformed()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        auto r = RawHttp::exchange(m_server->port(), raw, 5000);
        QCOMPARE(r.status, status);
        QVERIFY(!r.json("/error/message").isEmpty());
        QCOMPARE(r.header("connection"), QByteArray("close"));
        QVERIFY2(r.closedByServer, "connection closed cleanly after the error");
        // The server keeps serving others.
        QCOMPARE(RawHttp::get(m_server->port(), "/hello").status, 200);
    }

    void slowHeadersTimeOut()
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(s.waitForConnected(2000));
        s.write("GET /hello HTTP/1.1\r\nHost: a\r\nX-Slow: "); // slowloris: never finishes the head
        s.waitForBytesWritten(1000);
        QElapsedTimer t;
        t.start();
        QByteArray got;
        while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < 5000)
            if (s.waitForReadyRead(100))
                got += s.readAll();
        got += s.readAll();
        QVERIFY2(got.startsWith("HTTP/1.1 408"), got.constData());
        QVERIFY(t.elapsed() < 3000);
    }

    // The head's deadline counts from its first byte: a client that keeps sending (a header line every 100 ms)
    // is cut off all the same.
    void headDeadlineIsTotal() { QVERIFY(dripAndWaitFor408("GET /hello HTTP/1.1\r\nHost: a\r\n", "X-Drip: 1\r\n", 100, 900)); }

    // A body dripping below the minimum rate is cut off after bodyTimeoutMs...
    void slowBodyTimesOut()
    {
        QVERIFY(dripAndWaitFor408("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 500\r\n\r\n", "x", 100, 900));
    }

    // ...while one arriving above it may take longer than that in all.
    void steadyBodyIsNotCutOff()
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(s.waitForConnected(2000));
        s.write("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n");
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 10; ++i) { // 100 bytes every 80 ms: 1250 B/s for 800 ms, twice the body timeout
            s.write(QByteArray(100, 'b'));
            s.waitForBytesWritten(1000);
            QTest::qWait(80);
        }
        QByteArray got;
        got += s.readAll(); // what came during qWait() (readyRead was emitted then)
        while (!got.contains("\r\n\r\n") && t.elapsed() < 3000)
            if (s.waitForReadyRead(100))
                got += s.readAll();
        QVERIFY2(got.startsWith("HTTP/1.1 200"), got.constData());
        QVERIFY(t.elapsed() > 700);
    }

    // HEAD: GET's head (Content-Length included), no body; the next request on the connection reads cleanly.
    void headHasNoBody()
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(s.waitForConnected(2000));
        s.write("HEAD /hello HTTP/1.1\r\nHost: a\r\n\r\nHEAD /stream HTTP/1.1\r\nHost: a\r\n\r\nGET /items/7 HTTP/1.1\r\nHost: a\r\n\r\n");
        QByteArray got;
        QElapsedTimer t;
        t.start();
        while (got.count("HTTP/1.1 200") < 3 && t.elapsed() < 3000)
            if (s.waitForReadyRead(100))
                got += s.readAll();
        QCOMPARE(got.count("HTTP/1.1 200"), 3);
        const qsizetype first = got.indexOf("\r\n\r\n");
        QVERIFY2(got.left(first).contains("Content-Length: 5"), got.constData()); // "hello", not sent
        QVERIFY2(got.mid(first + 4).startsWith("HTTP/1.1 200"), got.constData());
        QVERIFY2(!got.contains("hello") && !got.contains("data:"), got.constData());
        QVERIFY2(got.endsWith("\r\n\r\n7"), got.constData());
        QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
    }

    void idleKeepAliveClosed()
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(s.waitForConnected(2000));
        QVERIFY(s.waitForDisconnected(4000)); // idle timeout 1.5 s
    }

    void echoesBodyWithin()
    {
        auto r = RawHttp::post(m_server->port(), "/echo", "{\"a\":1}");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("{\"a\":1}"));
    }

    void expectContinue()
    {
        auto r = RawHttp::exchange(m_server->port(), "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc");
        QCOMPARE(r.status, 100); // interim answer first; the blocking client stops at the first head
    }

    void asyncHandlerAnswersLater()
    {
        auto r = RawHttp::get(m_server->port(), "/slow");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("slow"));
    }

    void streamsChunksAsTheyComeAndCloses()
    {
        StreamingResponse s;
        QVERIFY(s.open(m_server->port(), RawHttp::build("GET", "/stream", {}, {})));
        QCOMPARE(s.status(), 200);
        QCOMPARE(s.header("transfer-encoding"), QByteArray("chunked"));
        QElapsedTimer t;
        t.start();
        QCOMPARE(s.nextChunk(2000), QByteArray("data: 1\n\n"));
        QVERIFY2(t.elapsed() < 250, "first event arrives before the second is produced");
        QCOMPARE(s.nextChunk(2000), QByteArray("data: 2\n\n"));
        s.nextChunk(1000);
        QVERIFY(s.ended());
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "test_httpserver.moc"
