// The usage spool: append/flush/read/commit, replay after reopen, segment trimming, torn and corrupted tails,
// limits.
#include "billing/usageeventcodec.h"
#include "billing/usagespool.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <thread>
#include <zlib.h>

using namespace crosslogic;

class TestSpool : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;
    int m_n = 0;

    UsageSpool::Options options(qint64 segmentBytes = 1 << 20, qint64 maxBytes = qint64(1) << 30)
    {
        UsageSpool::Options o;
        o.dir = m_tmp.path() + QStringLiteral("/spool%1").arg(++m_n);
        o.segmentBytes = segmentBytes;
        o.maxBytes = maxBytes;
        return o;
    }
    static QByteArray payload(int i) { return "event-" + QByteArray::number(i); }
    // A spool at o holding payloads 0..2, flushed and closed: the segment file they are in, empty on failure.
    static QString spoolOfThree(const UsageSpool::Options &o)
    {
        UsageSpool s(o);
        if (!s.open().ok())
            return {};
        for (int i = 0; i < 3; ++i)
            s.append(payload(i), i);
        return s.flush().ok() ? s.segmentFiles().last() : QString();
    }
    static QList<QByteArray> drain(UsageSpool &s)
    {
        QList<QByteArray> out;
        while (true) {
            auto b = s.readBatch(7);
            if (!b || b->records.empty())
                break;
            for (const auto &r : b->records)
                out << r.payload;
            s.commit(*b);
        }
        return out;
    }

private slots:
    void appendFlushReadCommit()
    {
        UsageSpool s(options());
        QVERIFY(s.open().ok());
        for (int i = 0; i < 3; ++i)
            s.append(payload(i), 1000 + i);
        QCOMPARE(s.pendingRecords(), 3);
        QCOMPARE(s.oldestPendingMs(), 1000);
        auto nothingYet = s.readBatch(10);
        QVERIFY(nothingYet.ok());
        QCOMPARE(int(nothingYet->records.size()), 0); // not durable yet, so not readable
        auto flushed = s.flush();
        QVERIFY(flushed.ok());
        QCOMPARE(*flushed, 3);
        auto b = s.readBatch(10);
        QVERIFY(b.ok());
        QCOMPARE(int(b->records.size()), 3);
        QCOMPARE(b->records[1].payload, payload(1));
        QCOMPARE(b->records[2].timestampMs, 1002);
        s.commit(*b);
        QCOMPARE(s.pendingRecords(), 0);
        QCOMPARE(s.pendingBytes(), 0);
        QCOMPARE(s.oldestPendingMs(), 0);
        QCOMPARE(int(s.readBatch(10)->records.size()), 0);
    }

    void replayAfterReopen()
    {
        const auto o = options();
        {
            UsageSpool s(o);
            QVERIFY(s.open().ok());
            for (int i = 0; i < 5; ++i)
                s.append(payload(i), i + 1);
            QVERIFY(s.flush().ok());
            auto b = s.readBatch(2);
            s.commit(*b);
            s.append(payload(99), 99); // never flushed: what a kill -9 loses (at most one flush interval)
        }
        UsageSpool again(o);
        QVERIFY(again.open().ok());
        QCOMPARE(again.pendingRecords(), 3);
        QCOMPARE(again.truncatedBytes(), 0);
        QCOMPARE(drain(again), (QList<QByteArray>{payload(2), payload(3), payload(4)}));
        // And it keeps working after the replay.
        again.append(payload(5), 6);
        QVERIFY(again.flush().ok());
        QCOMPARE(drain(again), QList<QByteArray>{payload(5)});
    }

    void committedSegmentsAreDeleted()
    {
        UsageSpool s(options(200));
        QVERIFY(s.open().ok());
        QList<QByteArray> expected;
        for (int i = 0; i < 40; ++i) {
            s.append(payload(i), i);
            expected << payload(i);
            QVERIFY(s.flush().ok());
        }
        QVERIFY2(s.segmentFiles().size() > 3, qPrintable(s.segmentFiles().join(u' ')));
        QCOMPARE(drain(s), expected);
        const QStringList left =
            QDir(s.options().dir).entryList({QStringLiteral("segment-*.log")}, QDir::Files);
        QCOMPARE(left.size(), 1); // only the segment being appended to
        QCOMPARE(s.pendingRecords(), 0);
    }

    void tornTailIsCutOnOpen()
    {
        const auto o = options();
        const QString file = spoolOfThree(o);
        QVERIFY(!file.isEmpty());
        const qint64 goodSize = QFileInfo(file).size();
        // A crash in the middle of a write: a record header and half its payload.
        QFile f(file);
        QVERIFY(f.open(QIODevice::Append));
        const QByteArray whole = QByteArray(UsageSpool::kHeaderBytes, 'x') + "half";
        f.write(whole);
        f.close();
        UsageSpool s(o);
        QVERIFY(s.open().ok());
        QCOMPARE(s.truncatedBytes(), whole.size());
        QCOMPARE(QFileInfo(file).size(), goodSize);
        QCOMPARE(s.pendingRecords(), 3);
        s.append(payload(3), 3);
        QVERIFY(s.flush().ok());
        QCOMPARE(drain(s), (QList<QByteArray>{payload(0), payload(1), payload(2), payload(3)}));
    }

    // A segment written by the spool before it used zlib's crc32() (tests/data/usage-spool-v1, three usage events
    // recorded at 1764800000000..2 ms): it still replays, its checksums are the standard CRC-32 (check value
    // 0xCBF43926) of each record's timestamp and payload, and the same records written today are the same bytes.
    void spoolWrittenBeforeStillReads()
    {
        QFile fixture(QStringLiteral(CROSSLOGIC_SOURCE_DIR "/tests/data/usage-spool-v1/segment-0000000000000001.log"));
        QVERIFY2(fixture.open(QIODevice::ReadOnly), qPrintable(fixture.fileName()));
        const QByteArray old = fixture.readAll();
        QCOMPARE(crc32_z(0, reinterpret_cast<const Bytef *>("123456789"), 9), 0xCBF43926ul);
        for (qsizetype at = 0; at < old.size();) {
            QVERIFY(old.size() - at >= UsageSpool::kHeaderBytes);
            quint32 length, crc;
            std::memcpy(&length, old.constData() + at + 4, 4);
            std::memcpy(&crc, old.constData() + at + 16, 4);
            const uLong expected = crc32_z(crc32_z(0, reinterpret_cast<const Bytef *>(old.constData() + at + 8), 8),
                                           reinterpret_cast<const Bytef *>(old.constData() + at + UsageSpool::kHeaderBytes), length);
            QCOMPARE(uLong(crc), expected);
            at += UsageSpool::kHeaderBytes + length;
        }

        const auto o = options();
        QVERIFY(QDir().mkpath(o.dir));
        QVERIFY(QFile::copy(fixture.fileName(), o.dir + QStringLiteral("/segment-0000000000000001.log")));
        std::vector<UsageSpool::Record> records;
        {
            UsageSpool s(o);
            QVERIFY(s.open().ok());
            QCOMPARE(s.truncatedBytes(), 0); // every checksum verified
            QCOMPARE(s.pendingRecords(), 3);
            auto b = s.readBatch(10);
            QVERIFY(b.ok());
            records = b->records;
        }
        QCOMPARE(int(records.size()), 3);
        const char *ids[] = {"req_fixture_1", "req_fixture_22", "req_fixture_333"};
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(records[size_t(i)].timestampMs, 1764800000000 + i);
            const auto e = decodeUsageEvent(records[size_t(i)].payload);
            QVERIFY(e.has_value());
            QCOMPARE(e->requestId, QByteArray(ids[i]));
            QCOMPARE(e->completionTokens, 100 * (i + 1) + i);
        }

        const auto fresh = options();
        UsageSpool s(fresh);
        QVERIFY(s.open().ok());
        for (const auto &r : records)
            s.append(r.payload, r.timestampMs);
        QCOMPARE(*s.flush(), 3);
        QFile rewritten(fresh.dir + QStringLiteral("/segment-0000000000000001.log"));
        QVERIFY(rewritten.open(QIODevice::ReadOnly));
        QCOMPARE(rewritten.readAll(), old);
    }

    void corruptedRecordIsDetected()
    {
        const auto o = options();
        const QString file = spoolOfThree(o);
        QVERIFY(!file.isEmpty());
        // Flip one payload byte of the second record: its checksum no longer matches.
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray data = f.readAll();
        const qint64 second = UsageSpool::kHeaderBytes + payload(0).size();
        data[second + UsageSpool::kHeaderBytes + 2] = '#';
        f.seek(0);
        f.write(data);
        f.close();
        UsageSpool s(o);
        QVERIFY(s.open().ok());
        QVERIFY(s.truncatedBytes() > 0);
        QCOMPARE(drain(s), QList<QByteArray>{payload(0)});
    }

    void fullAtTheLimitAndFreeAfterCommit()
    {
        UsageSpool s(options(1 << 20, 500));
        QVERIFY(s.open().ok());
        int i = 0;
        while (!s.full())
            s.append(QByteArray(50, 'a'), ++i);
        QVERIFY(i >= 6 && i <= 8);
        QVERIFY(s.flush().ok());
        QVERIFY(s.full());
        drain(s);
        QVERIFY(!s.full());
    }

    void concurrentAppendsAllArrive()
    {
        UsageSpool s(options(4096));
        QVERIFY(s.open().ok());
        std::atomic<bool> done{false};
        std::thread flusher([&] {
            while (!done)
                (void)s.flush();
        });
        std::vector<std::thread> writers;
        for (int t = 0; t < 4; ++t)
            writers.emplace_back([&s, t] {
                for (int i = 0; i < 500; ++i)
                    s.append(QByteArray::number(t * 1000 + i), i);
            });
        for (auto &w : writers)
            w.join();
        done = true;
        flusher.join();
        QVERIFY(s.flush().ok());
        const QList<QByteArray> all = drain(s);
        QCOMPARE(all.size(), 2000);
        QCOMPARE(QSet<QByteArray>(all.begin(), all.end()).size(), 2000);
    }

    void groupCommitCost()
    {
        // What the request thread pays (encode + append) and what one group commit costs on this disk.
        UsageSpool s(options());
        QVERIFY(s.open().ok());
        UsageEvent e;
        e.requestId = "req_0123456789abcdef0123";
        e.tenantId = QStringLiteral("5f0c7b1e-0000-4000-8000-000000000001");
        e.environmentId = e.tenantId;
        e.apiKeyId = e.tenantId;
        e.model = QStringLiteral("meta-llama/Llama-3.1-8B-Instruct");
        e.status = QStringLiteral("completed");
        e.timestampMs = 1700000000000;
        const int n = 20000;
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < n; ++i)
            s.append(encodeUsageEvent(e), e.timestampMs);
        const qint64 appendNs = t.nsecsElapsed();
        t.restart();
        int flushes = 0;
        for (int i = 0; i < 50; ++i) {
            s.append(encodeUsageEvent(e), e.timestampMs);
            QVERIFY(s.flush().ok());
            ++flushes;
        }
        const qint64 flushNs = t.nsecsElapsed();
        t.restart();
        QCOMPARE(*s.flush(), 0);
        qInfo(
            "record(): %.2f us per event (%lld bytes each); flush of one event (write + fdatasync): %.2f ms",
            double(appendNs) / n / 1000.0, s.pendingBytes() / (n + flushes), double(flushNs) / flushes / 1e6);
        QCOMPARE(s.pendingRecords(), n + flushes);
    }

    void eventCodecRoundTrip()
    {
        UsageEvent e;
        e.requestId = "req_abc";
        e.tenantId = QStringLiteral("5f0c7b1e-0000-4000-8000-000000000001");
        e.model = QStringLiteral("démo/model");
        e.promptTokens = 12;
        e.completionTokens = 34;
        e.ttftMs = -1;
        e.status = QStringLiteral("interrupted");
        e.timestampMs = 1700000000123;
        e.usageFromEngine = true;
        const auto back = decodeUsageEvent(encodeUsageEvent(e));
        QVERIFY(back.has_value());
        QCOMPARE(back->requestId, e.requestId);
        QCOMPARE(back->model, e.model);
        QCOMPARE(back->completionTokens, 34);
        QCOMPARE(back->ttftMs, -1);
        QCOMPARE(back->status, e.status);
        QCOMPARE(back->timestampMs, e.timestampMs);
        QVERIFY(back->usageFromEngine);
        // Escaping: quotes, backslashes, control characters, non-ASCII; invalid UTF-8 from the wire becomes
        // U+FFFD instead of breaking the record.
        UsageEvent x = e;
        x.reason = QStringLiteral("a\"b\\c\n\t\x01\u00e9\u4e2d}{,");
        x.path = QByteArray("/v1/\"x\\\x02\xff\xc3");
        x.keyPrefix = "clsk_\"";
        x.promptTokens = -5;
        const auto y = decodeUsageEvent(encodeUsageEvent(x));
        QVERIFY(y.has_value());
        QCOMPARE(y->reason, x.reason);
        QCOMPARE(y->path, QByteArray("/v1/\"x\\\x02\xef\xbf\xbd\xef\xbf\xbd"));
        QCOMPARE(y->keyPrefix, x.keyPrefix);
        QCOMPARE(y->promptTokens, -5);
        QCOMPARE(y->tenantId, x.tenantId);
        QVERIFY(y->environmentId.isEmpty());
        // A record as the JSON library wrote it (sorted keys; earlier spools) still decodes.
        const auto old = decodeUsageEvent(
            "{\"ct\":3,\"e\":\"\",\"k\":\"\",\"kp\":\"clsk_live_ab\",\"lat\":7,\"m\":\"d\\u00e9mo\",\"mt\":\"POST\","
            "\"n\":\"\",\"p\":\"/v1/chat/completions\",\"pt\":2,\"r\":\"a\\nb\",\"rid\":\"req_1\",\"s\":\"completed\","
            "\"sc\":200,\"t\":\"\",\"ts\":1700000000123,\"ttft\":-1,\"ue\":true}");
        QVERIFY(old.has_value());
        QCOMPARE(old->model, QStringLiteral("d\u00e9mo"));
        QCOMPARE(old->reason, QStringLiteral("a\nb"));
        QCOMPARE(old->timestampMs, 1700000000123);
        QCOMPARE(old->ttftMs, -1);
        QCOMPARE(old->completionTokens, 3);
        QVERIFY(old->usageFromEngine);
        // The exact bytes of a record: the spool format is unchanged by any rewrite of the encoder.
        QCOMPARE(encodeUsageEvent(e),
                 QByteArray("{\"rid\":\"req_abc\",\"t\":\"5f0c7b1e-0000-4000-8000-000000000001\",\"e\":\"\",\"k\":\"\","
                            "\"kp\":\"\",\"m\":\"d\xc3\xa9mo/model\",\"n\":\"\",\"mt\":\"\",\"p\":\"\",\"pt\":12,\"ct\":34,"
                            "\"lat\":0,\"ttft\":-1,\"sc\":0,\"s\":\"interrupted\",\"r\":\"\",\"ts\":1700000000123,\"ue\":true}"));
        QVERIFY(!decodeUsageEvent("{\"rid\":\"x\",\"ts\":\"soon\"}").has_value()); // wrong type: not an event
        QVERIFY(!decodeUsageEvent("{not json").has_value());
        QVERIFY(!decodeUsageEvent("{\"x\":1}").has_value());
    }

    // decodeUsageEvent reads records it recognises itself and hands the rest to Qt's parser: for every record,
    // hand-written or odd, the outcome must be the one Qt's parser alone gives.
    void fastDecoderAgreesWithQtJson()
    {
        UsageEvent e;
        e.requestId = "req_1";
        e.tenantId = QStringLiteral("t-1");
        e.model = QStringLiteral("m");
        e.reason = QStringLiteral("a\"b\\c\n\t\x01");
        e.path = "/v1/chat/completions";
        e.promptTokens = 123456789012345;
        e.ttftMs = 17;
        e.statusCode = 429;
        e.timestampMs = 1700000000123;
        const QList<QByteArray> records = {
            encodeUsageEvent(e),
            "{\"rid\":\"r\",\"ts\":5}",
            " { \"ts\" : 5 , \"rid\" : \"r\" , \"ue\" : false } ",
            "{\"rid\":\"r\",\"ts\":5,\"pt\":1.5}",
            "{\"rid\":\"r\",\"ts\":5,\"pt\":1e3}",
            "{\"rid\":\"r\",\"ts\":5,\"extra\":[1,2]}",
            "{\"rid\":\"r\",\"ts\":5,\"rid\":\"s\"}",
            "{\"rid\":\"r\",\"ts\":5,\"m\":\"\\u00e9\\ud83d\\ude00\"}",
            "{\"rid\":\"r\",\"ts\":5,\"m\":null}",
            "{\"rid\":\"\",\"ts\":5}",
            "{\"rid\":\"r\"}",
            "{\"rid\":\"r\",\"ts\":5,}",
            "{\"rid\":\"r\",\"ts\":05}",
            "{\"rid\":\"r\",\"ts\":5}x",
            "{\"rid\":\"r\",\"ts\":5,\"sc\":99999999999}",
            "{\"rid\":\"r\",\"ts\":-0}",
            "{\"rid\":\"a\\/b\\u001f\",\"ts\":1}",
            "{\"rid\":\"r\",\"ts\":5,\"r\":\"bad \\q escape\"}",
            "{\"rid\":\"r\",\"ts\":5,\"r\":\"raw\ttab\"}",
            "[]",
            "",
        };
        for (const QByteArray &record : records) {
            const auto fast = decodeUsageEvent(record);
            const auto full = decodeUsageEventWithQtJson(record);
            QVERIFY2(fast.has_value() == full.has_value(), record.constData());
            if (!fast)
                continue;
            QVERIFY2(encodeUsageEvent(*fast) == encodeUsageEvent(*full), record.constData());
        }
        const auto back = decodeUsageEvent(encodeUsageEvent(e));
        QVERIFY(back.has_value());
        QCOMPARE(back->reason, e.reason);
        QCOMPARE(back->promptTokens, e.promptTokens);
        QCOMPARE(back->statusCode, 429);
    }
};

QTEST_GUILESS_MAIN(TestSpool)
#include "test_spool.moc"
