// Scale-out and rolling restarts: two replicas behind a round robin (a few lines here, as a load balancer would
// be); one is restarted with SIGTERM under streaming load: no client request fails, every request is metered once.
#include "support/teststack.h"

#include <QAtomicInt>
#include <QElapsedTimer>
#include <QThread>
#include <QtTest>
#include <atomic>

using namespace crosslogic::test;

namespace {
const QByteArray kStream = "{\"model\":\"drain-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":10,\"stream\":true}";

// Round robin over the replicas that accept connections, like a Service whose endpoints follow readiness.
struct RoundRobin
{
    QList<quint16> ports;
    std::atomic<int> next{0};
    bool stream(const QByteArray &key, QByteArray *requestId)
    {
        QStringList tried;
        // Each retry moves to the next replica from this request's own starting point: with the shared counter
        // alone, eight clients retrying at once could each keep drawing the draining replica (seen under ASan).
        const int first = next++;
        for (int attempt = 0; attempt < ports.size() * 2; ++attempt) {
            const quint16 port = ports[(first + attempt) % ports.size()];
            StreamingResponse s;
            if (!s.open(port, RawHttp::build("POST", "/v1/chat/completions", kStream, bearer(key)), 3000)) {
                tried << QStringLiteral("%1 refused").arg(port);
                continue; // refused: this replica is draining or down; the balancer tries the next one
            }
            if (s.status() == 503) {
                tried << QStringLiteral("%1 answered 503").arg(port);
                continue;
            }
            if (s.status() != 200) {
                qWarning("stream to port %d answered %d", port, s.status());
                return false;
            }
            *requestId = s.header("x-request-id");
            QByteArray all;
            while (!s.ended()) {
                const QByteArray c = s.nextChunk(5000);
                if (c.isEmpty())
                    break;
                all += c;
            }
            const bool complete = s.ended() && all.endsWith("data: [DONE]\n\n") && all.count("chat.completion.chunk") == 10;
            if (!complete)
                qWarning("stream %s to port %d cut short: ended %d, %lld chunks, tail '%s'", requestId->constData(), port,
                         int(s.ended()), static_cast<long long>(all.count("chat.completion.chunk")), all.right(120).constData());
            return complete;
        }
        qWarning("no replica took the stream: %s", qPrintable(tried.join(QStringLiteral(", "))));
        return false;
    }
};
} // namespace

class TestDrain : public QObject
{
    Q_OBJECT

private slots:
    void sigtermUnderStreamingLoadLosesNothing()
    {
        TestStack stack;
        QVERIFY(stack.start());
        QVERIFY(stack.startEngineNode(QStringLiteral("drain-model"), "--ttft-ms 20 --tokens-per-second 20", QStringLiteral("d")));
        for (int n = 0; n < 2; ++n) {
            DaemonProcess &d = stack.addDaemon({{"SHUTDOWN_GRACE_SECONDS", "20"}});
            d.setEnv(QStringLiteral("USAGE_SPOOL_DIR"), QDir::temp().filePath(QStringLiteral("crosslogic-drain-spool-%1").arg(d.port())));
            QVERIFY(d.start());
        }
        DaemonProcess &a = stack.daemon(0), &b = stack.daemon(1);
        const TestKey key = stack.admin().createKey("\"rate_limit_requests_per_min\":100000,\"concurrency_limit\":1000");
        for (DaemonProcess *d : {&a, &b})
            QVERIFY(TestStack::waitForModel(d->port(), key.key, "drain-model"));

        RoundRobin lb;
        lb.ports = {a.port(), b.port()};
        QAtomicInt sent = 0, failed = 0;
        QMutex idsLock;
        QStringList ids;
        std::vector<std::unique_ptr<QThread>> clients;
        for (int c = 0; c < 8; ++c) {
            clients.emplace_back(QThread::create([&] {
                for (int i = 0; i < 6; ++i) {
                    QByteArray id;
                    sent.fetchAndAddRelaxed(1);
                    if (!lb.stream(key.key, &id))
                        failed.fetchAndAddRelaxed(1);
                    QMutexLocker lock(&idsLock);
                    ids << QString::fromLatin1(id);
                }
            }));
            clients.back()->start();
        }
        QThread::msleep(800); // streams in flight on both replicas
        QElapsedTimer drain;
        drain.start();
        a.terminate(); // a rolling restart takes replica A out
        for (auto &t : clients)
            QVERIFY(t->wait(60000));
        QVERIFY(a.waitForExit(30000));
        qInfo("requests sent %d, failed %d; replica A drained and exited after %lld ms with code %d", sent.loadRelaxed(),
              failed.loadRelaxed(), static_cast<long long>(drain.elapsed()), a.exitCode());
        QCOMPARE(a.exitCode(), 0);
        QCOMPARE(failed.loadRelaxed(), 0);
        QVERIFY(a.log().contains("draining"));

        // Every request is metered exactly once, including the streams A finished while draining.
        ids.removeAll(QString());
        QCOMPARE(ids.size(), sent.loadRelaxed());
        const QString list = QLatin1Char('\'') + ids.join(QStringLiteral("','")) + QLatin1Char('\'');
        QTRY_COMPARE_WITH_TIMEOUT(stack.db().scalar(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id IN (%1)").arg(list)).toInt(),
                                  int(ids.size()), 10000);
        QCOMPARE(stack.db().scalar(QStringLiteral("SELECT count(DISTINCT request_id) FROM usage_records WHERE request_id IN (%1)").arg(list)).toInt(),
                 int(ids.size()));
        QCOMPARE(stack.db().scalar(QStringLiteral("SELECT sum(completion_tokens) FROM usage_records WHERE request_id IN (%1)").arg(list)).toInt(),
                 int(ids.size()) * 10);

        // A restarted replica serves again.
        DaemonProcess &again = stack.addDaemon();
        QVERIFY(again.start());
        QByteArray id;
        RoundRobin only;
        only.ports = {again.port()};
        QTRY_VERIFY_WITH_TIMEOUT(RawHttp::get(again.port(), "/v1/models", bearer(key.key)).body.contains("drain-model"), 5000);
        QVERIFY(only.stream(key.key, &id));
    }
};

QTEST_GUILESS_MAIN(TestDrain)
#include "test_drain.moc"
