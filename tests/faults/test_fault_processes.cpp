// Processes failing under load: an engine killed mid-stream, slow and non-reading clients, the daemon SIGKILLed
// and restarted. Each test prints its figures (sent, failed, rows expected/found).
#include "faultfixture.h"
#include "loadrunner.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace crosslogic::test;

class TestFaultProcesses : public QObject
{
    Q_OBJECT
    TestStack m_stack;

    QStringList engineArgs(int tokensPerSecond) const
    {
        return {QStringLiteral("--model"), QStringLiteral("demo-model"), QStringLiteral("--ttft-ms"), QStringLiteral("5"),
                QStringLiteral("--tokens-per-second"), QString::number(tokensPerSecond)};
    }

    static int activeOf(const EngineProcess &e)
    {
        try {
            return nlohmann::json::parse(e.stats().toStdString()).value("active", 0);
        } catch (...) {
            return -1;
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
    }

    void engineKilledMidStream()
    {
        EngineProcess a;
        EngineProcess b;
        QVERIFY(a.start(engineArgs(20)));
        QVERIFY(b.start(engineArgs(20)));
        const QString nodeA = addNode(m_stack.db(), a.url());
        const QString nodeB = addNode(m_stack.db(), b.url());
        const auto daemon = m_stack.makeDaemon();
        QVERIFY2(daemon->start(), daemon->log().constData());
        const TestKey key = AdminApi(daemon->port()).createKey();
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(1), bearer(key.key)).status, 200, 5000);

        StreamingResponse s;
        QVERIFY(s.open(daemon->port(), RawHttp::build("POST", "/v1/chat/completions", chatBody(200, true), bearer(key.key))));
        QCOMPARE(s.status(), 200);
        const QByteArray requestId = s.header("x-request-id");
        QByteArray all;
        while (all.count("chat.completion.chunk") < 5)
            all += s.nextChunk(3000);
        EngineProcess &victim = activeOf(a) > 0 ? a : b;
        QVERIFY2(activeOf(victim) > 0, "neither engine reports the stream as active");
        victim.kill();
        QElapsedTimer t;
        t.start();
        while (!s.ended() && t.elapsed() < 10000) {
            const QByteArray c = s.nextChunk(5000);
            if (c.isEmpty())
                break;
            all += c;
        }
        const int delivered = int(all.count(QByteArrayLiteral("tok")) - all.count(QByteArrayLiteral("token"))); // content deltas "tok1", " tok2", ...
        qInfo("engine killed mid-stream after %d delivered tokens; stream ended %s after %lld ms; tail: %s", delivered,
              s.ended() ? "cleanly" : "NOT", t.elapsed(), all.right(200).constData());
        QVERIFY(s.ended());
        QVERIFY2(all.contains("\"error\":{") && all.contains("node_failed"), all.right(400).constData());
        QVERIFY(delivered >= 5 && delivered < 200);

        QTRY_VERIFY_WITH_TIMEOUT(m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id = '%1'").arg(QString::fromLatin1(requestId))).toInt() == 1, 10000);
        const int billed = m_stack.db().scalar(QStringLiteral("SELECT completion_tokens FROM usage_records WHERE request_id = '%1'").arg(QString::fromLatin1(requestId))).toInt();
        const QString status = m_stack.db().scalar(QStringLiteral("SELECT status FROM usage_records WHERE request_id = '%1'").arg(QString::fromLatin1(requestId))).toString();
        qInfo("usage row: status %s, completion_tokens %d (delivered %d)", qPrintable(status), billed, delivered);
        QCOMPARE(status, QStringLiteral("interrupted"));
        QCOMPARE(billed, delivered);

        // Traffic moves to the surviving node.
        int ok = 0;
        for (int i = 0; i < 10; ++i)
            ok += RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status == 200 ? 1 : 0;
        qInfo("after the kill: 10 sent, %d succeeded", ok);
        QVERIFY(ok >= 9); // at most the first try that discovers the dead node may fail
        QCOMPARE(ok, 10);
        QVERIFY(daemon->isRunning());
        m_stack.db().scalar(QStringLiteral("DELETE FROM nodes WHERE id IN ('%1', '%2') RETURNING 1").arg(nodeA, nodeB));
        daemon->terminate();
        QVERIFY(daemon->waitForExit(15000));
    }

    void slowClientsAreBoundedAndTimedOut()
    {
        EngineProcess engine;
        QVERIFY(engine.start(engineArgs(5000)));
        const QString node = addNode(m_stack.db(), engine.url());
        const auto daemon = m_stack.makeDaemon();
        daemon->setEnv(QStringLiteral("HTTP_HEADER_TIMEOUT_MS"), QStringLiteral("2000"));
#ifdef __SANITIZE_ADDRESS__
        // ASan keeps freed memory in a quarantine (256 MB by default): shrink it so VmRSS shows what is live.
        daemon->setEnv(QStringLiteral("ASAN_OPTIONS"), qEnvironmentVariable("ASAN_OPTIONS") + QStringLiteral(":quarantine_size_mb=8"));
        const qint64 rssBoundKb = 128 * 1024; // redzones and shadow memory on top of the real growth
        // ASan's slower daemon on a busy 2-core CI machine: measured 587 ms alone, 1577 ms beside a compile. Still
        // below the 2 s header timeout, which a request held up behind the slow clients would have to wait out.
        const qint64 worstBoundMs = 1800;
#else
        const qint64 rssBoundKb = 64 * 1024;
        const qint64 worstBoundMs = 1000;
#endif
        QVERIFY2(daemon->start(), daemon->log().constData());
        const TestKey key = AdminApi(daemon->port()).createKey("\"concurrency_limit\":500");
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(1), bearer(key.key)).status, 200, 5000);
        const qint64 rssStart = residentKb(daemon->pid());

        // 200 slowloris connections that never finish their headers, and 20 readers that never read a 1000-token stream.
        std::vector<std::unique_ptr<QTcpSocket>> slow;
        for (int i = 0; i < 200; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            s->connectToHost(QHostAddress::LocalHost, daemon->port());
            QVERIFY(s->waitForConnected(3000));
            s->write("POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nX-Slow: ");
            s->waitForBytesWritten(1000);
            slow.push_back(std::move(s));
        }
        std::vector<std::unique_ptr<QTcpSocket>> stalled;
        const QByteArray streamReq = RawHttp::build("POST", "/v1/chat/completions", chatBody(1000, true), bearer(key.key));
        for (int i = 0; i < 20; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            s->setReadBufferSize(1); // Qt stops reading the socket: the kernel buffers fill up, then TCP back-pressure
            s->connectToHost(QHostAddress::LocalHost, daemon->port());
            QVERIFY(s->waitForConnected(3000));
            s->write(streamReq);
            s->waitForBytesWritten(1000);
            stalled.push_back(std::move(s));
        }

        // Other clients are unaffected meanwhile.
        QElapsedTimer t;
        qint64 worst = 0;
        int ok = 0;
        for (int i = 0; i < 20; ++i) {
            t.start();
            ok += RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status == 200 ? 1 : 0;
            worst = qMax(worst, t.elapsed());
            QThread::msleep(50);
        }
        const qint64 rssLoaded = residentKb(daemon->pid());
        qInfo("with 200 slowloris + 20 stalled readers: 20 other requests, %d succeeded, slowest %lld ms; VmRSS %lld -> %lld kB", ok,
              worst, rssStart, rssLoaded);
        QCOMPARE(ok, 20);
        QVERIFY2(worst < worstBoundMs, qPrintable(QString::number(worst)));
        QVERIFY2(rssLoaded - rssStart < rssBoundKb, qPrintable(QStringLiteral("daemon memory grew by more than %1 MB").arg(rssBoundKb / 1024)));

        // The header timeout (2 s) closes every slowloris connection with a 408.
        QThread::msleep(2500);
        int closed = 0;
        int answered408 = 0;
        for (auto &s : slow) {
            s->waitForReadyRead(20);
            const QByteArray got = s->readAll();
            answered408 += got.startsWith("HTTP/1.1 408") ? 1 : 0;
            if (s->state() != QAbstractSocket::ConnectedState || s->waitForDisconnected(50))
                ++closed;
        }
        qInfo("slowloris: %d of 200 answered 408, %d closed", answered408, closed);
        QCOMPARE(closed, 200);
        QCOMPARE(answered408, 200);
        stalled.clear(); // the stalled readers go away: their streams end as client-gone, billed for what was sent
        QThread::msleep(500);
        const qint64 rssEnd = residentKb(daemon->pid());
        qInfo("VmRSS after the slow clients left: %lld kB", rssEnd);
        QVERIFY(daemon->isRunning());
        QCOMPARE(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status, 200);
        m_stack.db().scalar(QStringLiteral("DELETE FROM nodes WHERE id = '%1' RETURNING 1").arg(node));
        daemon->terminate();
        QVERIFY(daemon->waitForExit(15000));
    }

    // A client that requests a long stream and never reads it: the daemon must not buffer the whole stream for it.
    // Either its unread output passes HTTP_MAX_PENDING_STREAM_BYTES, or nothing is read for HTTP_WRITE_TIMEOUT_MS;
    // both close the connection, cancel the engine's work and bill what was produced as an interrupted request.
    void stalledStreamReaderIsDisconnected_data()
    {
        QTest::addColumn<QString>("maxPending");
        QTest::addColumn<QString>("writeTimeoutMs");
        QTest::addColumn<QByteArray>("logLine");
        QTest::newRow("unread output over the limit") << QStringLiteral("262144") << QStringLiteral("600000")
                                                      << QByteArray("is not reading its stream");
        QTest::newRow("nothing read for the write timeout") << QStringLiteral("1073741824") << QStringLiteral("1500")
                                                            << QByteArray("read nothing for 1500 ms");
    }

    void stalledStreamReaderIsDisconnected()
    {
        QFETCH(QString, maxPending);
        QFETCH(QString, writeTimeoutMs);
        QFETCH(QByteArray, logLine);
        EngineProcess engine;
        QVERIFY(engine.start(engineArgs(200000) << QStringLiteral("--max-tokens-cap") << QStringLiteral("1000000")));
        const QString node = addNode(m_stack.db(), engine.url());
        const auto daemon = m_stack.makeDaemon();
        daemon->setEnv(QStringLiteral("HTTP_MAX_PENDING_STREAM_BYTES"), maxPending);
        daemon->setEnv(QStringLiteral("HTTP_WRITE_TIMEOUT_MS"), writeTimeoutMs);
        QVERIFY2(daemon->start(), daemon->log().constData());
        const TestKey key = AdminApi(daemon->port()).createKey("\"rate_limit_tokens_per_min\":1000000000");
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(1), bearer(key.key)).status, 200, 5000);
        // Only the stalled stream can end as 'interrupted' (the warm-up requests before it complete).
        const QString interruptedSql = QStringLiteral("SELECT status || ' ' || completion_tokens FROM usage_records"
                                                      " WHERE api_key_id = '%1' AND status = 'interrupted'").arg(QString::fromLatin1(key.keyId));

        const int maxTokens = 500000; // about 70 MB of SSE: far more than the kernel's socket buffers hold
        QTcpSocket reader;
        reader.setReadBufferSize(1); // Qt stops reading the socket: the kernel buffers fill, then TCP back-pressure
        reader.connectToHost(QHostAddress::LocalHost, daemon->port());
        QVERIFY(reader.waitForConnected(3000));
        reader.write(RawHttp::build("POST", "/v1/chat/completions", chatBody(maxTokens, true), bearer(key.key)));
        QVERIFY(reader.waitForBytesWritten(1000));
        QElapsedTimer t;
        t.start();

        QTRY_VERIFY_WITH_TIMEOUT(daemon->log().contains(logLine), 30000);
        const qint64 closedAfter = t.elapsed();
        QTRY_VERIFY_WITH_TIMEOUT(!m_stack.db().scalar(interruptedSql).toString().isEmpty(), 10000);
        const QString row = m_stack.db().scalar(interruptedSql).toString();
        QTRY_COMPARE_WITH_TIMEOUT(activeOf(engine), 0, 5000); // the engine's work was cancelled or finished
        const qint64 rss = residentKb(daemon->pid());
        qInfo("stalled reader (limit %s bytes, write timeout %s ms): closed after %lld ms; usage row '%s' of %d tokens asked; daemon VmRSS %lld kB",
              qPrintable(maxPending), qPrintable(writeTimeoutMs), closedAfter, qPrintable(row), maxTokens, rss);
        QVERIFY2(row.startsWith(QStringLiteral("interrupted ")), qPrintable(row));
        QVERIFY(row.section(QLatin1Char(' '), 1).toInt() < maxTokens);
        QVERIFY(daemon->isRunning());
        QCOMPARE(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(2), bearer(key.key)).status, 200);
        m_stack.db().scalar(QStringLiteral("DELETE FROM nodes WHERE id = '%1' RETURNING 1").arg(node));
        daemon->terminate();
        QVERIFY(daemon->waitForExit(15000));
    }

    void sigkillAndRestartUnderLoad()
    {
        EngineProcess engine;
        QVERIFY(engine.start(engineArgs(2000)));
        const QString node = addNode(m_stack.db(), engine.url());
        const QString spool = QDir::tempPath() + QStringLiteral("/crosslogic-fault-spool-%1").arg(QCoreApplication::applicationPid());
        QDir(spool).removeRecursively();
        auto daemon = m_stack.makeDaemon();
        daemon->setEnv(QStringLiteral("USAGE_SPOOL_DIR"), spool);
        QVERIFY2(daemon->start(), daemon->log().constData());
        const TestKey key = AdminApi(daemon->port()).createKey("\"concurrency_limit\":100,\"rate_limit_requests_per_min\":10000000,\"rate_limit_tokens_per_min\":1000000000");
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(daemon->port(), "/v1/chat/completions", chatBody(1), bearer(key.key)).status, 200, 5000);

        LoadRunner load(daemon->port(), RawHttp::build("POST", "/v1/chat/completions", chatBody(3), bearer(key.key)), 4, 3000);
        QElapsedTimer loadClock;
        loadClock.start();
        load.start();
        QThread::msleep(2000);
        daemon->kill();
        const qint64 loadMsBeforeKill = loadClock.elapsed();
        QVERIFY(daemon->waitForExit(5000));
        const QList<QByteArray> beforeKill = load.succeededIds();
        const int sentBeforeKill = load.sent();

        auto restarted = m_stack.makeDaemon();
        restarted->setEnv(QStringLiteral("USAGE_SPOOL_DIR"), spool);
        QVERIFY2(restarted->start(), restarted->log().constData());
        load.setPort(restarted->port());
        QThread::msleep(3000);
        load.stop();
        const QList<QByteArray> all = load.succeededIds();
        qInfo("SIGKILL under load: %s; %d sent and %lld answered before the kill", qPrintable(load.summary()), sentBeforeKill,
              qint64(beforeKill.size()));
        QVERIFY2(restarted->isRunning(), restarted->log().right(3000).constData());
        QVERIFY(all.size() > beforeKill.size() + 10); // the restarted daemon served
        QVERIFY(RawHttp::get(restarted->port(), "/ready").status == 200);

        restarted->terminate(); // graceful: flushes what the restarted daemon answered
        QVERIFY(restarted->waitForExit(15000));

        // No request billed twice; every answered request billed, but for at most the last spool flush interval
        // (USAGE_SPOOL_FLUSH_MS, 50 ms by default) before the kill.
        auto billed = [this](const QList<QByteArray> &ids) {
            QStringList quoted;
            for (const QByteArray &id : ids)
                quoted << QLatin1Char('\'') + QString::fromLatin1(id) + QLatin1Char('\'');
            return m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM usage_records WHERE request_id IN (%1)").arg(quoted.join(u','))).toInt();
        };
        const QList<QByteArray> afterRestart = all.mid(beforeKill.size());
        const int rowsAfterTerminate = billed(afterRestart);
        {
            // What a graceful stop leaves in the spool is replayed by the next start on the same spool.
            const auto third = m_stack.makeDaemon();
            third->setEnv(QStringLiteral("USAGE_SPOOL_DIR"), spool);
            QVERIFY2(third->start(), third->log().constData());
            QTRY_VERIFY_WITH_TIMEOUT(billed(afterRestart) >= int(afterRestart.size()), 5000);
            third->terminate();
            QVERIFY(third->waitForExit(15000));
        }
        const int rowsBefore = billed(beforeKill);
        const int rowsAfter = billed(afterRestart);
        qInfo("after the graceful stop %d of %lld rows were in PostgreSQL; the rest came from the spool at the next start", rowsAfterTerminate,
              qint64(afterRestart.size()));
        const int duplicated = m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM (SELECT request_id FROM usage_records GROUP BY request_id HAVING count(*) > 1) d")).toInt();
        const int wrongTokens = m_stack.db().scalar(QStringLiteral("SELECT count(*) FROM usage_records WHERE api_key_id = '%1' AND completion_tokens NOT IN (1, 3)").arg(QString::fromLatin1(key.keyId))).toInt();
        // Requests answered during one flush interval at the measured rate, doubled for scheduling jitter.
        const int lossBound = int(2 * 50 * beforeKill.size() / qMax<qint64>(1, loadMsBeforeKill)) + 4;
        qInfo("usage rows: answered before the kill %lld, billed %d (lost %lld, bound %d); answered after the restart %lld, billed %d; "
              "duplicated %d, rows with wrong token counts %d",
              qint64(beforeKill.size()), rowsBefore, qint64(beforeKill.size()) - rowsBefore, lossBound, qint64(afterRestart.size()), rowsAfter,
              duplicated, wrongTokens);
        QCOMPARE(duplicated, 0);
        QCOMPARE(wrongTokens, 0);
        QCOMPARE(rowsAfter, int(afterRestart.size()));
        QVERIFY2(beforeKill.size() - rowsBefore <= lossBound, "more usage lost than one spool flush interval");
        m_stack.db().scalar(QStringLiteral("DELETE FROM nodes WHERE id = '%1' RETURNING 1").arg(node));
        QDir(spool).removeRecursively();
    }
};

QTEST_GUILESS_MAIN(TestFaultProcesses)
#include "test_fault_processes.moc"
