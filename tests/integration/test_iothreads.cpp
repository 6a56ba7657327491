// crosslogicd with GATEWAY_IO_THREADS=4: requests are served on several threads, limits stay exact across them,
// every request is metered, admin routes work on the same keep-alive connection as /v1 requests, and SIGTERM drains
// streams held on every thread.
#include "prometheus/prometheustext.h"
#include "support/rawhttp.h"
#include "support/scrape.h"
#include "support/teststack.h"

#include <QDateTime>
#include <QMutex>
#include <QTcpSocket>
#include <QThread>
#include <QtTest>
#include <functional>

using namespace crosslogic::test;

namespace {
const QByteArray kEmbedding = "{\"model\":\"io-model\",\"input\":\"abcd\"}";
const QByteArray kChat = "{\"model\":\"io-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":5}";

QByteArray slowStream(int tokens)
{
    return "{\"model\":\"io-slow\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":" + QByteArray::number(tokens)
           + ",\"stream\":true}";
}

// Runs fn(i) on n threads at once and waits for all of them.
void inParallel(int n, const std::function<void(int)> &fn)
{
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back(QThread::create([&fn, i] { fn(i); }));
        threads.back()->start();
    }
    for (auto &t : threads)
        t->wait(120000);
}

// http_io_thread_requests_total by thread, from /metrics.
QMap<QString, double> perThreadRequests(quint16 port)
{
    QMap<QString, double> counts;
    const crosslogic::PrometheusText metrics = crosslogic::PrometheusText::parse(RawHttp::get(port, "/metrics").body);
    for (const crosslogic::PrometheusSample &s : metrics.samples())
        if (s.name == "http_io_thread_requests_total")
            counts.insert(QString::fromUtf8(s.labels.value("thread")), s.value);
    return counts;
}

// One keep-alive connection: requests one after another, each answer read whole (Content-Length or chunked).
class KeepAlive
{
public:
    bool open(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return m_socket.waitForConnected(5000);
    }
    HttpResult send(const QByteArray &method, const QByteArray &path, const QByteArray &body, const Headers &headers)
    {
        HttpResult r;
        m_socket.write(RawHttp::build(method, path, body, headers));
        QByteArray buf;
        qsizetype headEnd = -1;
        while ((headEnd = buf.indexOf("\r\n\r\n")) < 0) {
            if (!m_socket.waitForReadyRead(10000))
                return r;
            buf += m_socket.readAll();
        }
        const QList<QByteArray> lines = buf.left(headEnd).split('\n');
        r.status = lines.value(0).split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray l = lines[i].trimmed();
            const qsizetype colon = l.indexOf(':');
            if (colon > 0)
                r.headers.append({l.left(colon).trimmed().toLower(), l.mid(colon + 1).trimmed()});
        }
        buf = buf.mid(headEnd + 4);
        if (r.header("transfer-encoding") == "chunked") {
            while (!buf.contains("0\r\n\r\n") && m_socket.waitForReadyRead(10000))
                buf += m_socket.readAll();
            r.body = buf; // framing left in: the callers only look for markers
        } else {
            const qsizetype length = r.header("content-length").toLongLong();
            while (buf.size() < length && m_socket.waitForReadyRead(10000))
                buf += m_socket.readAll();
            r.body = buf.left(length);
        }
        r.closedByServer = r.header("connection") == "close";
        return r;
    }

private:
    QTcpSocket m_socket;
};
} // namespace

class TestIoThreads : public QObject
{
    Q_OBJECT
    TestStack m_stack;

    int usageRows(const QStringList &ids)
    {
        const QString list = QLatin1Char('\'') + ids.join(QStringLiteral("','")) + QLatin1Char('\'');
        return m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id IN (%1)").arg(list)).toInt();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        QVERIFY(m_stack.startEngineNode(QStringLiteral("io-model"), "--ttft-ms 5", QStringLiteral("io-a")));
        QVERIFY(m_stack.startEngineNode(QStringLiteral("io-slow"), "--ttft-ms 20 --tokens-per-second 20", QStringLiteral("io-b")));
        DaemonProcess &daemon = m_stack.addDaemon({{"GATEWAY_IO_THREADS", "4"}, {"SHUTDOWN_GRACE_SECONDS", "20"}});
        QVERIFY(daemon.start());
        QVERIFY(daemon.log().contains("4 I/O threads"));
    }

    void requestsAreServedOnEveryThread()
    {
        const TestKey key = m_stack.admin().createKey("\"rate_limit_requests_per_min\":100000,\"concurrency_limit\":1000");
        QTRY_VERIFY_WITH_TIMEOUT(RawHttp::get(m_stack.port(), "/v1/models", bearer(key.key)).body.contains("io-model"), 5000);
        const auto before = perThreadRequests(m_stack.port());
        QMutex lock;
        QStringList ids;
        int ok = 0;
        // 16 keep-alive connections at once, 5 requests each: connections are dealt round-robin to the 4 threads.
        inParallel(16, [&](int) {
            KeepAlive c;
            if (!c.open(m_stack.port()))
                return;
            for (int i = 0; i < 5; ++i) {
                const HttpResult r = c.send("POST", "/v1/embeddings", kEmbedding, bearer(key.key));
                QMutexLocker l(&lock);
                ok += r.status == 200 ? 1 : 0;
                ids << QString::fromLatin1(r.header("x-request-id"));
            }
        });
        QCOMPARE(ok, 80);
        const auto after = perThreadRequests(m_stack.port());
        qInfo() << "requests per I/O thread before" << before << "after" << after;
        QCOMPARE(after.size(), 4);
        double total = 0;
        for (const QString &thread : {QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}) {
            const double served = after.value(thread) - before.value(thread);
            QVERIFY2(served >= 10, qPrintable(QStringLiteral("thread %1 served %2 of 80").arg(thread).arg(served)));
            total += served;
        }
        QVERIFY(total >= 80);
        QCOMPARE(scrapeMetric(m_stack.port(), "http_io_threads"), 4.0);

        // Every request is metered once, whichever thread served it.
        QTRY_COMPARE_WITH_TIMEOUT(usageRows(ids), 80, 10000);
    }

    void rateLimitIsExactAcrossThreads()
    {
        const TestKey key = m_stack.admin().createKey("\"rate_limit_requests_per_min\":20,\"concurrency_limit\":1000");
        const int second = QDateTime::currentDateTimeUtc().time().second();
        if (second > 50) // the sliding window legitimately shifts at a minute change
            QThread::sleep(unsigned(61 - second));
        QMutex lock;
        QMap<int, int> statuses;
        QStringList admitted;
        // 60 requests at once, each on its own connection, so spread over every thread.
        inParallel(60, [&](int) {
            const HttpResult r = RawHttp::post(m_stack.port(), "/v1/embeddings", kEmbedding, bearer(key.key));
            QMutexLocker l(&lock);
            ++statuses[r.status];
            if (r.status == 200)
                admitted << QString::fromLatin1(r.header("x-request-id"));
        });
        qInfo() << "statuses" << statuses;
        QCOMPARE(statuses.value(200), 20);
        QCOMPARE(statuses.value(429), 40);
        QTRY_COMPARE_WITH_TIMEOUT(usageRows(admitted), 20, 10000);
    }

    void concurrencyLimitIsExactAcrossThreads()
    {
        const TestKey key = m_stack.admin().createKey("\"rate_limit_requests_per_min\":100000,\"concurrency_limit\":3");
        QMutex lock;
        QMap<int, int> statuses;
        int completed = 0;
        // 12 streams of about 2 s opened at once on 12 connections: exactly 3 may run.
        inParallel(12, [&](int) {
            StreamingResponse s;
            if (!s.open(m_stack.port(), RawHttp::build("POST", "/v1/chat/completions", slowStream(40), bearer(key.key)), 10000))
                return;
            QByteArray all;
            if (s.status() == 200)
                while (!s.ended()) {
                    const QByteArray c = s.nextChunk(10000);
                    if (c.isEmpty())
                        break;
                    all += c;
                }
            QMutexLocker l(&lock);
            ++statuses[s.status()];
            completed += all.endsWith("data: [DONE]\n\n") ? 1 : 0;
        });
        qInfo() << "statuses" << statuses;
        QCOMPARE(statuses.value(200), 3);
        QCOMPARE(statuses.value(429), 9);
        QCOMPARE(completed, 3);
        QTRY_COMPARE_WITH_TIMEOUT(m_stack.redis().cli({QStringLiteral("GET"), QStringLiteral("ratelimit:key:%1:concurrency").arg(QString::fromLatin1(key.keyId))}),
                                  QStringLiteral("0"), 5000);
    }

    void adminAndCustomerRoutesShareKeepAliveConnections()
    {
        const TestKey key = m_stack.admin().createKey();
        const Headers admin{{"X-Admin-Token", DaemonProcess::kAdminToken}};
        // 8 connections: with round-robin, two on every thread, so main-thread routes are relayed from each of them.
        QMutex lock;
        QStringList problems;
        inParallel(8, [&](int n) {
            auto expect = [&](bool ok, const QString &what) {
                if (!ok) {
                    QMutexLocker l(&lock);
                    problems << QStringLiteral("connection %1: %2").arg(n).arg(what);
                }
                return ok;
            };
            KeepAlive c;
            if (!expect(c.open(m_stack.port()), QStringLiteral("connect")))
                return;
            for (int round = 0; round < 2; ++round) {
                const HttpResult models = c.send("GET", "/v1/models", {}, bearer(key.key));
                expect(models.status == 200 && models.body.contains("io-model"), QStringLiteral("GET /v1/models %1").arg(models.status));
                const HttpResult tenant = c.send("GET", "/admin/tenants/" + key.tenantId, {}, admin);
                expect(tenant.status == 200 && tenant.body.contains(key.tenantId), QStringLiteral("GET /admin/tenants/{id} %1").arg(tenant.status));
                const HttpResult chat = c.send("POST", "/v1/chat/completions", kChat, bearer(key.key));
                expect(chat.status == 200 && chat.body.contains("chat.completion"), QStringLiteral("POST /v1/chat/completions %1").arg(chat.status));
                const HttpResult metrics = c.send("GET", "/metrics", {}, {});
                expect(metrics.status == 200 && metrics.body.contains("http_io_thread_requests_total"), QStringLiteral("GET /metrics %1").arg(metrics.status));
                const HttpResult health = c.send("GET", "/health", {}, {});
                expect(health.status == 200, QStringLiteral("GET /health %1").arg(health.status));
                const HttpResult unknown = c.send("GET", "/no/such/route", {}, {});
                expect(unknown.status == 404, QStringLiteral("GET /no/such/route %1").arg(unknown.status));
                const HttpResult wrongMethod = c.send("GET", "/v1/chat/completions", {}, bearer(key.key));
                expect(wrongMethod.status == 405, QStringLiteral("GET /v1/chat/completions %1").arg(wrongMethod.status));
                const HttpResult unauthorised = c.send("GET", "/admin/tenants", {}, {});
                expect(unauthorised.status == 401, QStringLiteral("GET /admin/tenants without a token %1").arg(unauthorised.status));
                const HttpResult embed = c.send("POST", "/v1/embeddings", kEmbedding, bearer(key.key));
                expect(embed.status == 200 && !embed.closedByServer, QStringLiteral("POST /v1/embeddings %1").arg(embed.status));
            }
        });
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    }

    // Last: the daemon exits here.
    void sigtermDrainsStreamsOnEveryThread()
    {
        const TestKey key = m_stack.admin().createKey("\"rate_limit_requests_per_min\":100000,\"concurrency_limit\":1000");
        std::vector<std::unique_ptr<StreamingResponse>> streams;
        QStringList ids;
        // 8 streams of 30 tokens (1.5 s) on 8 connections: two on every thread.
        for (int i = 0; i < 8; ++i) {
            auto s = std::make_unique<StreamingResponse>();
            QVERIFY(s->open(m_stack.port(), RawHttp::build("POST", "/v1/chat/completions", slowStream(30), bearer(key.key))));
            QCOMPARE(s->status(), 200);
            ids << QString::fromLatin1(s->header("x-request-id"));
            streams.push_back(std::move(s));
        }
        QByteArray all[8];
        for (int i = 0; i < 8; ++i)
            all[i] = streams[size_t(i)]->nextChunk(5000);
        QCOMPARE(scrapeMetric(m_stack.port(), "inflight_requests"), 9.0); // 8 + this scrape
        m_stack.daemon().terminate();
        QThread::msleep(200);
        QCOMPARE(RawHttp::get(m_stack.port(), "/health").status, 0); // no longer accepting
        for (int i = 0; i < 8; ++i) {
            while (!streams[size_t(i)]->ended()) {
                const QByteArray c = streams[size_t(i)]->nextChunk(5000);
                if (c.isEmpty())
                    break;
                all[i] += c;
            }
            QVERIFY2(all[i].endsWith("data: [DONE]\n\n"), qPrintable(QStringLiteral("stream %1 cut").arg(i)));
            QCOMPARE(all[i].count("chat.completion.chunk"), 30);
        }
        QVERIFY(m_stack.daemon().waitForExit(30000));
        QCOMPARE(m_stack.daemon().exitCode(), 0);
        QVERIFY(m_stack.daemon().log().contains("drained: all connections closed"));
        const QString list = QLatin1Char('\'') + ids.join(QStringLiteral("','")) + QLatin1Char('\'');
        QCOMPARE(usageRows(ids), 8);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT sum(completion_tokens) FROM usage_records WHERE request_id IN (%1)").arg(list)).toInt(), 240);
    }
};

QTEST_GUILESS_MAIN(TestIoThreads)
#include "test_iothreads.moc"
