// UpstreamClient against an in-process HttpServer: answers, streaming, timeouts, cancel, keep-alive reuse,
// concurrency; and against a scripted raw server for answers HttpServer never gives. Every test runs twice: on the
// client's own HTTP/1.1 path and on libcurl.
#include "support/httpserverthread.h"
#include "upstream/upstreamclient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QThread>
#include <QTimer>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

using namespace crosslogic;
using crosslogic::test::HttpServerThread;

namespace crosslogic {
// QCOMPARE prints the kind instead of "<unknown>".
char *toString(const UpstreamError &error)
{
    return qstrdup(upstreamErrorName(error).constData());
}
} // namespace crosslogic

namespace {
qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
} // namespace

// The HTTP server with engine-like routes, and what its handlers saw.
class ServerThread
{
public:
    std::atomic<qint64> lastClientGoneAt{0}; // steadyMs() when /watch saw its client leave
    std::atomic<int> activeStreams{0};
    std::atomic<int> peakStreams{0};

    ServerThread()
        : m_http(HttpLimits{}, [this](Router &router) {
            router.add("GET", "/json", [](HttpExchange *ex) {
                ex->addHeader("X-Test", "yes");
                ex->respondJson(200, {{"ok", true}, {"model", "m1"}});
            });
            router.add("GET", "/fail", [](HttpExchange *ex) {
                ex->respondError(503, QStringLiteral("overloaded"), "server_error", "busy");
            });
            router.add("POST", "/echo", [](HttpExchange *ex) {
                ex->respond(200, "application/octet-stream", ex->request().body);
            });
            router.add("POST", "/expect", [](HttpExchange *ex) {
                const HttpRequest &r = ex->request();
                ex->respond(200, "text/plain",
                            r.hasHeader("expect") ? "expect:" + r.header("expect")
                                                  : QByteArray("no-expect"));
            });
            // n events (default 10), one every 50 ms.
            router.add("GET", "/stream", [this](HttpExchange *ex) {
                const int n = ex->request().queryValue(QStringLiteral("n")).isEmpty()
                                  ? 10
                                  : ex->request().queryValue(QStringLiteral("n")).toInt();
                streamEvents(ex, n, false);
            });
            router.add("GET", "/never",
                       [](HttpExchange *) {}); // keeps the exchange open, answers nothing
            router.add("GET", "/stall", [](HttpExchange *ex) {
                ex->beginStream(200, "text/event-stream");
                ex->writeChunk("data: first\n\n");
            });
            // Streams until the client leaves, and records when that happened.
            router.add("GET", "/watch", [this](HttpExchange *ex) { streamEvents(ex, 1000000, true); });
        })
    {
    }
    quint16 port() const { return m_http.port(); }
    QByteArray url(const char *path) const { return m_http.url(path); }

private:
    void streamEvents(HttpExchange *ex, int n, bool watch)
    {
        const int now = ++activeStreams;
        int peak = peakStreams.load();
        while (now > peak && !peakStreams.compare_exchange_weak(peak, now)) {
        }
        QObject::connect(ex, &HttpExchange::clientGone, ex, [this, watch] {
            if (watch)
                lastClientGoneAt = steadyMs();
        });
        QObject::connect(ex, &QObject::destroyed, m_http.context(), [this] { --activeStreams; });
        ex->beginStream(200, "text/event-stream");
        auto *timer = new QTimer(ex);
        auto sent = std::make_shared<int>(0);
        QObject::connect(timer, &QTimer::timeout, ex, [ex, timer, sent, n] {
            if (ex->isClientGone()) {
                timer->stop();
                return;
            }
            ex->writeChunk("data: " + QByteArray::number((*sent)++) + "\n\n");
            if (*sent >= n) {
                timer->stop();
                ex->endStream();
            }
        });
        timer->start(50);
    }

    HttpServerThread m_http;
};

// Everything one call emitted, in order.
struct Outcome
{
    int started = -1;
    QByteArray body;
    QList<qint64> chunkAt; // steadyMs() of each dataReceived
    bool done = false;
    UpstreamError error = UpstreamError::Other;
    QString message;
    qint64 doneAt = 0;
    QByteArray events; // 's' started, 'd' data, 'f' finished
};

// Answers each request head it reads with the next scripted reply, on the test's own thread.
class ScriptedServer : public QObject
{
public:
    struct Reply
    {
        QByteArray bytes;         // sent as is; empty: close without answering
        bool closeAfter = false;  // close the connection after sending
    };
    QList<Reply> replies;
    int connections = 0;
    QList<QByteArray> heads; // every request head received, in order

    ScriptedServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++connections;
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    qsizetype end;
                    while ((end = buffer->indexOf("\r\n\r\n")) >= 0) {
                        heads.append(buffer->left(end));
                        buffer->remove(0, end + 4);
                        const Reply reply = replies.isEmpty() ? Reply{"HTTP/1.1 500 Nothing scripted\r\nContent-Length: 0\r\n\r\n"} : replies.takeFirst();
                        if (!reply.bytes.isEmpty())
                            socket->write(reply.bytes);
                        if (reply.bytes.isEmpty() || reply.closeAfter) {
                            socket->disconnectFromHost();
                            return;
                        }
                    }
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QByteArray url(const char *path) const
    {
        return "http://127.0.0.1:" + QByteArray::number(m_server.serverPort()) + path;
    }

private:
    QTcpServer m_server;
};

class TestUpstreamClient : public QObject
{
    Q_OBJECT
public:
    explicit TestUpstreamClient(bool ownHttp) : m_ownHttp(ownHttp) {}

private:
    const bool m_ownHttp;
    std::unique_ptr<ServerThread> m_server;
    std::unique_ptr<UpstreamClient> m_client;

    std::shared_ptr<Outcome> watch(UpstreamCall *call)
    {
        auto o = std::make_shared<Outcome>();
        connect(call, &UpstreamCall::responseStarted, this, [o](int status) {
            o->started = status;
            o->events += 's';
        });
        connect(call, &UpstreamCall::dataReceived, this, [o](const QByteArray &chunk) {
            o->body += chunk;
            o->chunkAt.append(steadyMs());
            o->events += 'd';
        });
        connect(call, &UpstreamCall::finished, this, [o](UpstreamError error, const QString &message) {
            o->done = true;
            o->error = error;
            o->message = message;
            o->doneAt = steadyMs();
            o->events += 'f';
        });
        return o;
    }
    // A real event loop until quit() or the timeout: QTRY_/qWait sleep 10 ms between polls, which would
    // show up as 10 ms per request in the latency-sensitive tests below.
    static bool runLoop(QEventLoop &loop, int timeoutMs)
    {
        bool timedOut = false;
        QTimer::singleShot(timeoutMs, &loop, [&] {
            timedOut = true;
            loop.quit();
        });
        loop.exec();
        return !timedOut;
    }
    UpstreamRequest get(const char *path) const
    {
        UpstreamRequest r;
        r.method = "GET";
        r.url = m_server->url(path);
        return r;
    }
    // One request to a scripted engine, waited for up to 5 s; the caller checks o->done.
    std::shared_ptr<Outcome> callScripted(ScriptedServer &engine, const char *path,
                                          const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        UpstreamRequest r = get("/");
        r.url = engine.url(path);
        r.headers = headers;
        auto o = watch(m_client->start(r));
        (void)QTest::qWaitFor([&] { return o->done; }, 5000); // the caller's QVERIFY(o->done) reports a timeout
        return o;
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<ServerThread>();
        QVERIFY(m_server->port() != 0);
        m_client = std::make_unique<UpstreamClient>();
        m_client->setOwnHttpEnabled(m_ownHttp);
        qInfo("upstream path under test: %s", m_ownHttp ? "own HTTP/1.1 connections" : "libcurl");
    }
    void cleanupTestCase()
    {
        m_client.reset();
        m_server.reset();
    }
    void cleanup() { QTRY_COMPARE_WITH_TIMEOUT(m_client->activeCalls(), 0, 5000); }

    void answersJsonWithStatusAndHeaders()
    {
        UpstreamCall *call = m_client->start(get("/json"));
        QCOMPARE(call->usesOwnHttp(), m_ownHttp);
        QPointer<UpstreamCall> guard(call);
        auto o = watch(call);
        int statusInFinished = 0;
        QByteArray typeInFinished, customInFinished;
        connect(call, &UpstreamCall::finished, this, [&, call] { // the call is still usable inside finished()
            statusInFinished = call->status();
            typeInFinished = call->header("content-type");
            customInFinished = call->header("X-TEST");
        });
        QTRY_VERIFY_WITH_TIMEOUT(o->done, 5000);
        QCOMPARE(o->error, UpstreamError::None);
        QCOMPARE(o->started, 200);
        QCOMPARE(o->body, QByteArray(R"({"model":"m1","ok":true})"));
        QCOMPARE(o->events.front(), 's');
        QCOMPARE(o->events.back(), 'f');
        QCOMPARE(statusInFinished, 200);
        QCOMPARE(typeInFinished, QByteArray("application/json"));
        QCOMPARE(customInFinished, QByteArray("yes"));
        QTRY_VERIFY(!guard); // deleted by the client afterwards (deleteLater)
    }

    void errorStatusIsNotATransportError()
    {
        auto o = watch(m_client->start(get("/fail")));
        QTRY_VERIFY_WITH_TIMEOUT(o->done, 5000);
        QCOMPARE(o->error, UpstreamError::None);
        QCOMPARE(o->started, 503);
        QVERIFY(o->body.contains("overloaded"));
    }

    void streamArrivesIncrementally()
    {
        UpstreamRequest r = get("/stream");
        r.idleTimeoutMs = 250; // events come every 50 ms: the idle watchdog must keep re-arming, never fire
        const qint64 t0 = steadyMs();
        auto o = watch(m_client->start(r));
        QTRY_VERIFY_WITH_TIMEOUT(o->done, 5000);
        QCOMPARE(o->error, UpstreamError::None);
        QCOMPARE(o->body.count("data: "), 10);
        QVERIFY(o->body.endsWith("data: 9\n\n"));
        QVERIFY2(o->chunkAt.size() >= 5, qPrintable(QString::number(o->chunkAt.size())));
        QVERIFY2(o->chunkAt.first() - t0 < 200, "first event must arrive before the stream ends");
        QVERIFY(o->chunkAt.last() - o->chunkAt.first() >= 300);
    }

    void refusedConnectionIsConnectFailed()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        UpstreamRequest r = get("/json");
        r.url = "http://127.0.0.1:" + QByteArray::number(closedPort) + "/json";
        const qint64 t0 = steadyMs();
        auto o = watch(m_client->start(r));
        QTRY_VERIFY_WITH_TIMEOUT(o->done, 5000);
        QCOMPARE(o->error, UpstreamError::ConnectFailed);
        QVERIFY(upstreamErrorIsRetryable(o->error));
        QCOMPARE(o->started, -1);
        QVERIFY2(o->doneAt - t0 < 500, qPrintable(QString::number(o->doneAt - t0)));
        QVERIFY(!o->message.isEmpty());
    }

    void unansweredSynIsConnectTimeout()
    {
        // A listener with a full accept queue drops further SYNs, so connecting hangs like a dead host.
        const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(listener >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QVERIFY(::bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0);
        QVERIFY(::listen(listener, 0) == 0);
        socklen_t len = sizeof addr;
        QVERIFY(::getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len) == 0);
        const QByteArray url = "http://127.0.0.1:" + QByteArray::number(ntohs(addr.sin_port)) + "/";
        std::vector<int> fillers;
        for (int i = 0; i < 4; ++i) { // fill the accept queue (nobody accepts)
            const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            ::connect(s, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
            fillers.push_back(s);
        }
        QTest::qWait(50);
        UpstreamRequest r = get("/");
        r.url = url;
        r.connectTimeoutMs = 300;
        const qint64 t0 = steadyMs();
        auto o = watch(m_client->start(r));
        QTRY_VERIFY_WITH_TIMEOUT(o->done, 5000);
        for (int s : fillers)
            ::close(s);
        ::close(listener);
        if (o->error != UpstreamError::ConnectTimeout && o->doneAt - t0 < 250)
            QSKIP("this kernel completed or refused the handshake; cannot simulate an unanswered SYN here");
        QCOMPARE(o->error, UpstreamError::ConnectTimeout);
        QVERIFY(upstreamErrorIsRetryable(o->error));
        QVERIFY2(o->doneAt - t0 >= 280 && o->doneAt - t0 < 1500, qPrintable(QString::number(o->doneAt - t0)));
    }

    void silentEngineIsFirstByteTimeout()
    {
        UpstreamRequest r = get("/never");
        r.firstByteTimeoutMs = 300;
        const qint64 t0 = steadyMs();
        auto o = watch(m_client->start(r));
        QTRY_VERIFY_WITH_TIMEOUT(o->done, 5000);
        QCOMPARE(o->error, UpstreamError::FirstByteTimeout);
        QVERIFY(!upstreamErrorIsRetryable(o->error));
        QCOMPARE(o->started, -1);
        QVERIFY2(o->doneAt - t0 >= 290 && o->doneAt - t0 < 1500, qPrintable(QString::number(o->doneAt - t0)));
    }

    void stalledStreamIsIdleTimeout()
    {
        UpstreamRequest r = get("/stall");
        r.idleTimeoutMs = 300;
        r.firstByteTimeoutMs = 5000;
        auto o = watch(m_client->start(r));
        QTRY_VERIFY_WITH_TIMEOUT(o->done, 5000);
        QCOMPARE(o->error, UpstreamError::IdleTimeout);
        QCOMPARE(o->started, 200);
        QCOMPARE(o->body, QByteArray("data: first\n\n"));
        QVERIFY2(o->doneAt - o->chunkAt.first() >= 290,
                 qPrintable(QString::number(o->doneAt - o->chunkAt.first())));
        QCOMPARE(o->events, QByteArray("sdf"));
    }

    void longCallIsTotalTimeout()
    {
        UpstreamRequest r = get("/stream");
        r.totalTimeoutMs = 220;
        auto o = watch(m_client->start(r));
        QTRY_VERIFY_WITH_TIMEOUT(o->done, 5000);
        QCOMPARE(o->error, UpstreamError::TotalTimeout);
        QVERIFY(o->body.count("data: ") >= 2 && o->body.count("data: ") < 10);
    }

    void cancelInsideDataReceivedClosesConnectionAtOnce()
    {
        m_server->lastClientGoneAt = 0;
        const int openBefore = m_client->openConnections();
        UpstreamCall *call = m_client->start(get("/watch"));
        auto o = watch(call);
        qint64 cancelledAt = 0;
        connect(call, &UpstreamCall::dataReceived, this, [call, &cancelledAt] {
            if (!cancelledAt) {
                cancelledAt = steadyMs();
                call->cancel(); // re-entrant: inside the call's own signal
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(cancelledAt != 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->lastClientGoneAt.load() != 0, 2000);
        const qint64 lag = m_server->lastClientGoneAt.load() - cancelledAt;
        qInfo("engine saw the disconnect %lld ms after cancel()", lag);
        QVERIFY2(lag < 100, qPrintable(QStringLiteral("engine noticed the cancel after %1 ms").arg(lag)));
        QTest::qWait(120);
        QVERIFY(!o->done); // no finished() after cancel()
        QCOMPARE(o->events, QByteArray("sd"));
        QCOMPARE(m_client->activeCalls(), 0);
        QVERIFY(m_client->openConnections() <= openBefore); // the streaming connection was closed, not pooled
    }

    void deletingARunningCallIsSafe()
    {
        m_server->lastClientGoneAt = 0;
        UpstreamCall *call = m_client->start(get("/watch"));
        QSignalSpy data(call, &UpstreamCall::dataReceived);
        QVERIFY(data.wait(5000));
        delete call;
        QCOMPARE(m_client->activeCalls(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->lastClientGoneAt.load() != 0, 2000);
    }

    void abortAllFinishesWithCancelled()
    {
        auto a = watch(m_client->start(get("/never")));
        auto b = watch(m_client->start(get("/watch")));
        QTest::qWait(100);
        QCOMPARE(m_client->activeCalls(), 2);
        m_client->abortAll();
        QVERIFY(a->done && b->done);
        QCOMPARE(a->error, UpstreamError::Cancelled);
        QCOMPARE(b->error, UpstreamError::Cancelled);
    }

    void sequentialRequestsReuseOneConnection()
    {
        // Warm up, then count: every further request must ride the kept-alive connection.
        auto warm = watch(m_client->start(get("/json")));
        QTRY_VERIFY_WITH_TIMEOUT(warm->done, 5000);
        const quint64 before = m_client->connectionsOpened();
        constexpr int total = 200;
        int ok = 0;
        int done = 0;
        QEventLoop loop;
        // Each request starts from the previous one's finished() slot, as a retrying gateway would.
        std::function<void()> next = [&] {
            UpstreamCall *call = m_client->start(get("/json"));
            connect(call, &UpstreamCall::finished, this, [&, call](UpstreamError error) {
                ok += error == UpstreamError::None && call->status() == 200;
                if (++done < total)
                    next();
                else
                    loop.quit();
            });
        };
        QElapsedTimer t;
        t.start();
        next();
        QVERIFY(runLoop(loop, 20000));
        QCOMPARE(done, total);
        QCOMPARE(ok, total);
        const quint64 opened = m_client->connectionsOpened() - before;
        qInfo("%d sequential requests: %llu new connections, %lld ms", total, opened, t.elapsed());
        QVERIFY2(opened <= 2, qPrintable(QString::number(opened)));
    }

    void threeHundredConcurrentStreamsDoNotSerialise()
    {
        constexpr int count = 300;
        m_server->peakStreams = 0;
        std::vector<std::shared_ptr<Outcome>> outcomes;
        QEventLoop loop;
        int finished = 0;
        const qint64 t0 = steadyMs();
        for (int i = 0; i < count; ++i) {
            UpstreamCall *call = m_client->start(get("/stream"));
            outcomes.push_back(watch(call));
            connect(call, &UpstreamCall::finished, &loop, [&] {
                if (++finished == count)
                    loop.quit();
            });
        }
        QCOMPARE(m_client->activeCalls(), count);
        QVERIFY(runLoop(loop, 30000));
        const qint64 elapsed = steadyMs() - t0;
        for (const auto &o : outcomes) {
            QCOMPARE(o->error, UpstreamError::None);
            QCOMPARE(o->body.count("data: "), 10);
        }
        qInfo("%d concurrent 500 ms streams: %lld ms, server peak %d concurrent", count, elapsed,
              m_server->peakStreams.load());
        // One stream takes 500 ms; six connections per host would need 50 rounds (25 s).
        QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
        QVERIFY2(m_server->peakStreams.load() >= 250,
                 qPrintable(QString::number(m_server->peakStreams.load())));
        QVERIFY(m_client->openConnections() >= 250); // kept alive for the next burst
    }

    void perHostCapQueuesCalls()
    {
        // The cap is real when asked for: 4 calls over one connection take 4 rounds.
        UpstreamClient capped;
        capped.setOwnHttpEnabled(m_ownHttp);
        capped.setMaxConnectionsPerHost(1);
        std::vector<std::shared_ptr<Outcome>> outcomes;
        const qint64 t0 = steadyMs();
        for (int i = 0; i < 4; ++i)
            outcomes.push_back(watch(capped.start(get("/stream?n=2"))));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(outcomes.begin(), outcomes.end(), [](auto &o) { return o->done; }), 10000);
        for (const auto &o : outcomes)
            QCOMPARE(o->error, UpstreamError::None);
        QVERIFY2(steadyMs() - t0 >= 380, qPrintable(QString::number(steadyMs() - t0)));
        QCOMPARE(capped.connectionsOpened(), quint64(1));
    }

    void megabytePostGoesThrough()
    {
        QByteArray payload(1024 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < payload.size(); ++i)
            payload[i] = char('a' + (i * 7919) % 26);
        UpstreamRequest r;
        r.url = m_server->url("/echo");
        r.headers = {{"Content-Type", "application/octet-stream"}};
        r.body = payload;
        auto o = watch(m_client->start(r));
        QTRY_VERIFY_WITH_TIMEOUT(o->done, 10000);
        QCOMPARE(o->error, UpstreamError::None);
        QCOMPARE(o->started, 200);
        QCOMPARE(o->body.size(), payload.size());
        QVERIFY(o->body == payload);
    }

    void closedKeptAliveConnectionIsRetriedOnce()
    {
        // The engine keeps the connection after the first answer, then closes it as the second request arrives
        // (a keep-alive timeout racing the request): nothing was answered, so the request goes out again on a
        // new connection instead of failing the customer's call.
        ScriptedServer engine;
        engine.replies = {{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"}, {""},
                          {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain"}};
        UpstreamRequest r = get("/");
        r.url = engine.url("/first");
        auto first = watch(m_client->start(r));
        QTRY_VERIFY_WITH_TIMEOUT(first->done, 5000);
        QCOMPARE(first->body, QByteArray("ok"));
        r.url = engine.url("/second");
        auto second = watch(m_client->start(r));
        QTRY_VERIFY_WITH_TIMEOUT(second->done, 5000);
        QCOMPARE(second->error, UpstreamError::None);
        QCOMPARE(second->body, QByteArray("again"));
        QCOMPARE(engine.connections, 2);
        QCOMPARE(engine.heads.size(), 3);
        QVERIFY(engine.heads[1].startsWith("GET /second HTTP/1.1"));
        QVERIFY(engine.heads[2].startsWith("GET /second HTTP/1.1"));
    }

    void freshConnectionClosedWithoutAnswerIsConnectionLost()
    {
        ScriptedServer engine;
        engine.replies = {{""}}; // a new connection: the request may have been acted on, so no retry
        auto o = callScripted(engine, "/x");
        QVERIFY(o->done);
        QCOMPARE(o->error, UpstreamError::ConnectionLost);
        QCOMPARE(engine.heads.size(), 1);
    }

    void answerEndingWithTheConnectionIsComplete()
    {
        ScriptedServer engine;
        engine.replies = {{"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nuntil the end", true}};
        auto o = callScripted(engine, "/eof");
        QVERIFY(o->done);
        QCOMPARE(o->error, UpstreamError::None);
        QCOMPARE(o->started, 200);
        QCOMPARE(o->body, QByteArray("until the end"));
    }

    void cutShortAnswerIsConnectionLost()
    {
        ScriptedServer engine;
        engine.replies = {{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", true}};
        auto o = callScripted(engine, "/short");
        QVERIFY(o->done);
        QCOMPARE(o->error, UpstreamError::ConnectionLost);
        QCOMPARE(o->body, QByteArray("only this"));
    }

    void interimAnswerIsSkipped()
    {
        ScriptedServer engine;
        engine.replies = {{"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nX-Real: yes\r\nContent-Length: 4\r\n\r\ndone"}};
        auto o = callScripted(engine, "/interim");
        QVERIFY(o->done);
        QCOMPARE(o->error, UpstreamError::None);
        QCOMPARE(o->started, 201);
        QCOMPARE(o->body, QByteArray("done"));
        QCOMPARE(o->events.count('s'), 1);
    }

    void garbageAnswerIsProtocolError()
    {
        ScriptedServer engine;
        engine.replies = {{"this is not http\r\n\r\n", true}};
        auto o = callScripted(engine, "/garbage");
        QVERIFY(o->done);
        QCOMPARE(o->error, UpstreamError::Protocol);
        QCOMPARE(o->started, -1);
    }

    void headerWithLineBreakIsNotInjected()
    {
        ScriptedServer engine;
        engine.replies = {{"HTTP/1.1 204 No Content\r\n\r\n"}};
        auto o = callScripted(engine, "/h", {{"X-Request-Id", "abc\r\nX-Injected: 1"}, {"X-Fine", "yes"}});
        QVERIFY(o->done);
        QCOMPARE(o->started, 204);
        QCOMPARE(engine.heads.size(), 1);
        QVERIFY(!engine.heads[0].contains("X-Injected"));
        QVERIFY(engine.heads[0].contains("X-Fine: yes"));
    }

    void noExpectContinue()
    {
        UpstreamRequest r;
        r.url = m_server->url("/expect");
        r.body =
            QByteArray(200 * 1024, 'x'); // large enough that curl would otherwise send Expect: 100-continue
        auto o = watch(m_client->start(r));
        QTRY_VERIFY_WITH_TIMEOUT(o->done, 5000);
        QCOMPARE(o->body, QByteArray("no-expect"));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestUpstreamClient own(true);
    const int ownFailures = QTest::qExec(&own, argc, argv);
    TestUpstreamClient curl(false);
    const int curlFailures = QTest::qExec(&curl, argc, argv);
    return ownFailures + curlFailures;
}
#include "test_upstreamclient.moc"
