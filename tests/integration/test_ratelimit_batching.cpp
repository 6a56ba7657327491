// RATE_LIMIT_BATCH through real daemons on one Redis: under concurrent load the rate limiter makes fewer Redis calls
// per request than one admission and one release (ratelimit_redis_calls_total), and a release waiting to ride with
// the next admission never refuses a client that reuses its only concurrency slot request after request on its
// connection. (A client that opens a new connection for each request can land on another thread and, rarely, be
// refused: the response is written before the release reaches Redis. That race predates batching and is more
// frequent without it; see docs/benchmarks.md.)
#include "support/scrape.h"
#include "support/teststack.h"

#include <QTcpSocket>
#include <QtTest>
#include <atomic>
#include <thread>
#include <vector>

using namespace crosslogic::test;

namespace {
const QByteArray kEmbedding = "{\"model\":\"batch-model\",\"input\":\"abcd\"}";

// The rate limiter's admission and release calls so far (lease renewals and the reaper are not per request).
double limiterCalls(quint16 port)
{
    const crosslogic::PrometheusText m = crosslogic::PrometheusText::parse(RawHttp::get(port, "/metrics").body);
    double calls = 0;
    for (const char *script : {"admit", "release", "batch"}) {
        const double v = m.value("ratelimit_redis_calls_total", {{"script", script}});
        calls += std::isnan(v) ? 0 : v;
    }
    return calls;
}

// clients threads, each sending perClient requests one after the other (a new connection each); the statuses.
QList<int> load(quint16 port, const QByteArray &key, int clients, int perClient)
{
    std::vector<std::vector<int>> statuses(static_cast<size_t>(clients));
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            for (int i = 0; i < perClient; ++i)
                statuses[size_t(c)].push_back(RawHttp::post(port, "/v1/embeddings", kEmbedding, bearer(key)).status);
        });
    for (std::thread &t : threads)
        t.join();
    QList<int> all;
    for (const auto &s : statuses)
        for (int v : s)
            all << v;
    return all;
}
} // namespace

class TestRateLimitBatching : public QObject
{
    Q_OBJECT
    TestStack m_stack;

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        QVERIFY(m_stack.startEngineNode(QStringLiteral("batch-model"), "--ttft-ms 0", QStringLiteral("batch")));
        // 0: batching as configured by default; 1: one call per operation.
        QVERIFY(m_stack.addDaemon({{"GATEWAY_IO_THREADS", "2"}}).start());
        QVERIFY(m_stack.addDaemon({{"GATEWAY_IO_THREADS", "2"}, {"RATE_LIMIT_BATCH", "false"}}).start());
        const TestKey probe = m_stack.admin().createKey();
        for (int n = 0; n < 2; ++n)
            QVERIFY(TestStack::waitForModel(m_stack.port(n), probe.key, "batch-model"));
    }

    void fewerRedisCallsPerRequestUnderConcurrentLoad()
    {
        double perRequest[2] = {0, 0};
        for (int n = 0; n < 2; ++n) {
            const TestKey k = m_stack.admin().createKey("\"rate_limit_requests_per_min\":1000000");
            const double before = limiterCalls(m_stack.port(n));
            const QList<int> statuses = load(m_stack.port(n), k.key, 16, 25);
            QCOMPARE(statuses.count(200), 16 * 25);
            // Every release has gone out once the hold is over (it rides with no admission now).
            QTRY_COMPARE_WITH_TIMEOUT(m_stack.redis().cli({QStringLiteral("GET"), QStringLiteral("ratelimit:key:%1:concurrency")
                                                                                        .arg(QString::fromLatin1(k.keyId))}),
                                      QStringLiteral("0"), 3000);
            perRequest[n] = (limiterCalls(m_stack.port(n)) - before) / (16 * 25);
        }
        qInfo("Redis calls per request, 16 concurrent clients: %.2f batched, %.2f one call per operation", perRequest[0], perRequest[1]);
        QCOMPARE(perRequest[1], 2.0); // an admission and a release each
        QVERIFY2(perRequest[0] < 1.5, qPrintable(QString::number(perRequest[0])));
    }

    void sequentialClientReusesItsOnlySlot()
    {
        // Concurrency 1, one keep-alive connection: each request's release is queued when its response goes out, and
        // the next request's admission must carry it (or follow it), never be refused for it.
        const TestKey k = m_stack.admin().createKey("\"concurrency_limit\":1");
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_stack.port(0));
        QVERIFY(socket.waitForConnected(5000));
        int ok = 0;
        for (int i = 0; i < 300; ++i) {
            socket.write(RawHttp::build("POST", "/v1/embeddings", kEmbedding, bearer(k.key)));
            QByteArray buf;
            qsizetype headEnd = -1;
            while ((headEnd = buf.indexOf("\r\n\r\n")) < 0 && socket.waitForReadyRead(10000))
                buf += socket.readAll();
            QVERIFY2(headEnd > 0, buf.constData());
            const QByteArray head = buf.left(headEnd).toLower();
            const qsizetype at = head.indexOf("content-length:");
            QVERIFY(at > 0);
            const qsizetype length = head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
            while (buf.size() - headEnd - 4 < length && socket.waitForReadyRead(10000))
                buf += socket.readAll();
            QVERIFY2(buf.startsWith("HTTP/1.1 200"), buf.constData());
            ++ok;
        }
        QCOMPARE(ok, 300);
        QTRY_COMPARE_WITH_TIMEOUT(m_stack.redis().cli({QStringLiteral("GET"), QStringLiteral("ratelimit:key:%1:concurrency")
                                                                                    .arg(QString::fromLatin1(k.keyId))}),
                                  QStringLiteral("0"), 3000);
    }
};

QTEST_GUILESS_MAIN(TestRateLimitBatching)
#include "test_ratelimit_batching.moc"
