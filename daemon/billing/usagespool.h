// Append-only, segmented, checksummed local spool of usage records: durable before PostgreSQL has them.
#pragma once

#include "config/config.h"
#include "core/result.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringList>
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace crosslogic {

// Layout: <dir>/segment-<seq>.log files of records [magic u32][length u32][timestamp i64][crc32
// u32][payload] (zlib's CRC-32 of the timestamp's bytes, then the payload's), and <dir>/committed ("<seq>
// <offset>": everything before it is in PostgreSQL). append() only
// buffers in memory (it is called on request threads); flush() writes and fdatasyncs the buffer (group
// commit); readBatch()/commit() let one consumer move the committed position forward, deleting segments it
// has passed. Replaying a record twice is harmless (the consumer's inserts are idempotent), so the committed
// file is written without fsync.
class UsageSpool
{
public:
    struct Options
    {
        QString dir;
        qint64 segmentBytes = 16 * 1024 * 1024; // a new segment once the current one reaches this size
        qint64 maxBytes = Config::defaults().usageSpoolMaxBytes; // full() beyond this many pending bytes
    };
    struct Position
    {
        quint64 segment = 0;
        qint64 offset = 0;
    };
    struct Record
    {
        QByteArray payload;
        qint64 timestampMs = 0;
    };
    struct Batch
    {
        std::vector<Record> records;
        qint64 bytes = 0;
        Position end;
    };
    static constexpr qint64 kHeaderBytes = 20;

    explicit UsageSpool(Options options);
    ~UsageSpool();
    UsageSpool(const UsageSpool &) = delete;
    UsageSpool &operator=(const UsageSpool &) = delete;

    // Creates the directory, drops a torn or corrupted tail (see truncatedBytes()), counts what is pending
    // and starts a new segment for appends.
    Result<void> open();
    // Thread-safe and non-blocking (memory only); durable after the next flush().
    void append(const QByteArray &payload, qint64 timestampMs);
    // Writes everything appended so far and fdatasyncs it; returns how many records were written. On failure
    // the records stay buffered for the next attempt.
    Result<int> flush();
    // Up to maxRecords flushed records after the committed position (for the single consumer).
    Result<Batch> readBatch(int maxRecords);
    // The batch is in PostgreSQL: move the committed position past it and delete segments no longer needed.
    void commit(const Batch &batch);

    qint64 pendingRecords() const; // appended, not yet committed
    qint64 pendingBytes() const { return m_pendingBytes.load(); }
    qint64 unflushedRecords() const; // appended, not yet flushed
    qint64 oldestPendingMs() const;  // timestamp of the oldest pending record; 0 when none
    bool full() const { return m_pendingBytes.load() >= m_options.maxBytes; }
    qint64 truncatedBytes() const
    {
        return m_truncatedBytes;
    } // dropped by open() as a torn or corrupted tail
    QStringList segmentFiles() const;
    Position committed() const;
    const Options &options() const { return m_options; }

private:
    QString segmentPath(quint64 seq) const;
    Result<void> startSegment(quint64 seq);
    void writeCommitted();
    Result<qint64> scanSegment(quint64 seq, qint64 from, bool truncateBadTail);

    Options m_options;
    // m_fileMutex: segments, write fd, committed position (flush, read, commit). m_bufferMutex: the append
    // buffer and the pending bookkeeping. Order: file before buffer; request threads only take the buffer
    // mutex.
    mutable std::mutex m_fileMutex;
    mutable std::mutex m_bufferMutex;
    QByteArray m_buffer;
    QByteArray m_spareBuffer; // the last flushed buffer, emptied, kept for its capacity (flush() only)
    qint64 m_bufferRecords = 0;
    std::deque<qint64> m_pendingTimes;
    std::atomic<qint64> m_pendingBytes{0};
    std::map<quint64, qint64> m_segments; // seq → flushed size
    quint64 m_writeSeq = 0;
    int m_writeFd = -1;
    Position m_committed;
    std::unique_ptr<QFile> m_reader;
    quint64 m_readerSeq = 0;
    qint64 m_truncatedBytes = 0;
};

} // namespace crosslogic
