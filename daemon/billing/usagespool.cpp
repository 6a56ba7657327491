// Append-only, segmented, checksummed local spool of usage records: durable before PostgreSQL has them.
#include "billing/usagespool.h"

#include "core/log.h"

#include <QDir>
#include <QScopeGuard>
#include <QSaveFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

namespace crosslogic {
namespace {

constexpr quint32 kMagic = 0x31554C43; // "CLU1" little-endian
constexpr qint64 kMaxPayload = 1 << 20;

void writeHeader(char *h, quint32 length, qint64 timestampMs, quint32 crc)
{
    std::memcpy(h, &kMagic, 4);
    std::memcpy(h + 4, &length, 4);
    std::memcpy(h + 8, &timestampMs, 8);
    std::memcpy(h + 16, &crc, 4);
}

// zlib's CRC-32 (IEEE) of the timestamp's 8 bytes followed by the payload.
quint32 recordCrc(const char *payload, qsizetype size, qint64 timestampMs)
{
    const uLong crc = crc32_z(0, reinterpret_cast<const Bytef *>(&timestampMs), 8);
    return quint32(crc32_z(crc, reinterpret_cast<const Bytef *>(payload), z_size_t(size)));
}

// Parses one record at data[at..size): its total size, or 0 when the bytes there are not a whole valid
// record.
qint64 parseRecord(const char *data, qint64 size, qint64 at, UsageSpool::Record *out)
{
    if (size - at < UsageSpool::kHeaderBytes)
        return 0;
    quint32 magic, length, crc;
    qint64 ts;
    std::memcpy(&magic, data + at, 4);
    std::memcpy(&length, data + at + 4, 4);
    std::memcpy(&ts, data + at + 8, 8);
    std::memcpy(&crc, data + at + 16, 4);
    if (magic != kMagic || length > kMaxPayload || size - at - UsageSpool::kHeaderBytes < qint64(length))
        return 0;
    const char *payload = data + at + UsageSpool::kHeaderBytes;
    if (recordCrc(payload, length, ts) != crc)
        return 0;
    if (out) {
        out->payload = QByteArray(payload, length);
        out->timestampMs = ts;
    }
    return UsageSpool::kHeaderBytes + length;
}

void fsyncDir(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

UsageSpool::UsageSpool(Options options) : m_options(std::move(options)) {}

UsageSpool::~UsageSpool()
{
    if (m_writeFd >= 0)
        ::close(m_writeFd);
}

QString UsageSpool::segmentPath(quint64 seq) const
{
    return m_options.dir + QStringLiteral("/segment-%1.log").arg(seq, 16, 10, QLatin1Char('0'));
}

Result<void> UsageSpool::open()
{
    std::lock_guard lock(m_fileMutex);
    QDir dir(m_options.dir);
    if (!dir.mkpath(QStringLiteral(".")))
        return fail(QStringLiteral("cannot create the usage spool directory %1").arg(m_options.dir));
    const QStringList names = dir.entryList({QStringLiteral("segment-*.log")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        bool ok = false;
        const quint64 seq = name.mid(8, name.size() - 12).toULongLong(&ok);
        if (ok)
            m_segments[seq] = QFileInfo(dir.filePath(name)).size();
    }
    // The committed position; absent or unreadable → replay from the first segment (the consumer is
    // idempotent).
    QFile committedFile(dir.filePath(QStringLiteral("committed")));
    Position committed{m_segments.empty() ? 0 : m_segments.begin()->first, 0};
    if (committedFile.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> parts = committedFile.readAll().trimmed().split(' ');
        if (parts.size() == 2) {
            bool a = false, b = false;
            const Position p{parts[0].toULongLong(&a), parts[1].toLongLong(&b)};
            if (a && b)
                committed = p;
        }
    }
    // Segments wholly before the committed position were consumed; a position past the end is not trusted.
    for (auto it = m_segments.begin(); it != m_segments.end();) {
        if (it->first < committed.segment) {
            QFile::remove(segmentPath(it->first));
            it = m_segments.erase(it);
        } else {
            ++it;
        }
    }
    if (m_segments.empty() || m_segments.begin()->first != committed.segment ||
        committed.offset > m_segments.begin()->second)
        committed = Position{m_segments.empty() ? 0 : m_segments.begin()->first, 0};
    m_committed = committed;

    for (auto &[seq, size] : m_segments) {
        auto scanned = scanSegment(seq, seq == m_committed.segment ? m_committed.offset : 0, true);
        if (!scanned)
            return scanned.failure();
        size = *scanned;
    }
    const quint64 next = m_segments.empty() ? 1 : m_segments.rbegin()->first + 1;
    if (m_segments.empty())
        m_committed = Position{next, 0};
    return startSegment(next);
}

// Counts the valid records of one segment from `from`, and cuts the file at the first invalid one (a write
// torn by a crash, or corruption). Returns the new size.
Result<qint64> UsageSpool::scanSegment(quint64 seq, qint64 from, bool truncateBadTail)
{
    QFile f(segmentPath(seq));
    if (!f.open(QIODevice::ReadWrite))
        return fail(QStringLiteral("cannot open %1: %2").arg(f.fileName(), f.errorString()));
    const QByteArray data = f.readAll();
    qint64 at = from;
    Record r;
    std::lock_guard lock(m_bufferMutex);
    while (at < data.size()) {
        const qint64 n = parseRecord(data.constData(), data.size(), at, &r);
        if (n == 0)
            break;
        m_pendingTimes.push_back(r.timestampMs);
        m_pendingBytes += n;
        at += n;
    }
    if (at < data.size() && truncateBadTail) {
        spdlog::error("usage spool: {} has {} unreadable bytes at offset {} (torn write or corruption); "
                      "truncating them",
                      qs(f.fileName()), data.size() - at, at);
        m_truncatedBytes += data.size() - at;
        if (!f.resize(at))
            return fail(QStringLiteral("cannot truncate %1: %2").arg(f.fileName(), f.errorString()));
        ::fdatasync(f.handle());
    }
    return at;
}

Result<void> UsageSpool::startSegment(quint64 seq)
{
    if (m_writeFd >= 0)
        ::close(m_writeFd);
    const QByteArray path = QFile::encodeName(segmentPath(seq));
    m_writeFd = ::open(path.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (m_writeFd < 0)
        return fail(QStringLiteral("cannot create %1: %2")
                        .arg(QString::fromLocal8Bit(path), QString::fromLocal8Bit(std::strerror(errno))));
    fsyncDir(m_options.dir);
    m_writeSeq = seq;
    m_segments.emplace(seq, 0);
    return {};
}

void UsageSpool::append(const QByteArray &payload, qint64 timestampMs)
{
    char h[kHeaderBytes];
    writeHeader(h, quint32(payload.size()), timestampMs, recordCrc(payload.constData(), payload.size(), timestampMs));
    std::lock_guard lock(m_bufferMutex);
    m_buffer.append(h, kHeaderBytes);
    m_buffer.append(payload.constData(), payload.size()); // never a shallow copy that the next append would detach
    ++m_bufferRecords;
    m_pendingTimes.push_back(timestampMs);
    m_pendingBytes += kHeaderBytes + payload.size();
}

Result<int> UsageSpool::flush()
{
    std::lock_guard fileLock(m_fileMutex);
    QByteArray data;
    qint64 records = 0;
    {
        std::lock_guard lock(m_bufferMutex);
        data.swap(m_buffer);
        m_buffer.swap(m_spareBuffer); // appends go on into the last flush's capacity: no regrowing, no copies
        std::swap(records, m_bufferRecords);
    }
    // Whatever happens below, the written buffer's capacity serves the flush after next.
    const auto keepCapacity = qScopeGuard([&] {
        data.resize(0);
        m_spareBuffer.swap(data);
    });
    if (data.isEmpty())
        return 0;
    auto putBack = [&] {
        std::lock_guard lock(m_bufferMutex);
        m_buffer.prepend(data);
        m_bufferRecords += records;
    };
    if (m_writeFd < 0) {
        putBack();
        return fail(QStringLiteral("the usage spool is not open"));
    }
    qint64 written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(m_writeFd, data.constData() + written, size_t(data.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const QString why = QString::fromLocal8Bit(std::strerror(errno));
            // Leave no partial record behind: the next attempt rewrites the whole buffer.
            if (::ftruncate(m_writeFd, m_segments[m_writeSeq]) != 0)
                spdlog::error("usage spool: cannot undo a partial write: {}", std::strerror(errno));
            putBack();
            return fail(QStringLiteral("usage spool write failed: %1").arg(why));
        }
        written += n;
    }
    if (::fdatasync(m_writeFd) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        if (::ftruncate(m_writeFd, m_segments[m_writeSeq]) != 0)
            spdlog::error("usage spool: cannot undo an unsynced write: {}", std::strerror(errno));
        putBack();
        return fail(QStringLiteral("usage spool fdatasync failed: %1").arg(why));
    }
    m_segments[m_writeSeq] += written;
    if (m_segments[m_writeSeq] >= m_options.segmentBytes) {
        if (auto r = startSegment(m_writeSeq + 1); !r)
            spdlog::error("usage spool: {}; appending to the current segment", qs(r.error()));
    }
    return int(records);
}

Result<UsageSpool::Batch> UsageSpool::readBatch(int maxRecords)
{
    std::lock_guard fileLock(m_fileMutex);
    Batch batch;
    Position pos = m_committed;
    while (int(batch.records.size()) < maxRecords) {
        auto seg = m_segments.find(pos.segment);
        if (seg == m_segments.end())
            break;
        if (pos.offset >= seg->second) {
            if (pos.segment == m_writeSeq)
                break; // caught up with the flushed data
            auto next = std::next(seg);
            if (next == m_segments.end())
                break;
            pos = Position{next->first, 0};
            continue;
        }
        if (!m_reader || m_readerSeq != pos.segment) {
            m_reader = std::make_unique<QFile>(segmentPath(pos.segment));
            m_readerSeq = pos.segment;
            if (!m_reader->open(QIODevice::ReadOnly)) {
                const QString why = m_reader->errorString();
                m_reader.reset();
                return fail(QStringLiteral("cannot read %1: %2").arg(segmentPath(pos.segment), why));
            }
        }
        if (!m_reader->seek(pos.offset))
            return fail(QStringLiteral("cannot seek in %1").arg(m_reader->fileName()));
        const QByteArray data = m_reader->read(std::min<qint64>(seg->second - pos.offset, 4 * 1024 * 1024));
        qint64 at = 0;
        while (at < data.size() && int(batch.records.size()) < maxRecords) {
            Record r;
            const qint64 n = parseRecord(data.constData(), data.size(), at, &r);
            if (n == 0)
                break;
            batch.records.push_back(std::move(r));
            batch.bytes += n;
            at += n;
        }
        if (at == 0) {
            // Flushed bytes that do not parse: cannot happen unless the file was changed under us. Skip the
            // segment rather than stall the spool for ever, loudly.
            spdlog::error("usage spool: unreadable record at {}:{}; skipping the rest of that segment",
                          qs(m_reader->fileName()), pos.offset);
            pos.offset = seg->second;
            continue;
        }
        pos.offset += at;
    }
    batch.end = pos;
    return batch;
}

void UsageSpool::commit(const Batch &batch)
{
    std::lock_guard fileLock(m_fileMutex);
    m_committed = batch.end;
    for (auto it = m_segments.begin(); it != m_segments.end() && it->first < m_committed.segment;) {
        if (m_reader && m_readerSeq == it->first)
            m_reader.reset();
        QFile::remove(segmentPath(it->first));
        it = m_segments.erase(it);
    }
    writeCommitted();
    std::lock_guard lock(m_bufferMutex);
    for (size_t i = 0; i < batch.records.size() && !m_pendingTimes.empty(); ++i)
        m_pendingTimes.pop_front();
    m_pendingBytes -= batch.bytes;
}

void UsageSpool::writeCommitted()
{
    QSaveFile f(m_options.dir + QStringLiteral("/committed"));
    f.setDirectWriteFallback(true);
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QByteArray::number(m_committed.segment) + ' ' + QByteArray::number(m_committed.offset) +
                '\n');
        f.commit();
    }
}

qint64 UsageSpool::pendingRecords() const
{
    std::lock_guard lock(m_bufferMutex);
    return qint64(m_pendingTimes.size());
}

qint64 UsageSpool::unflushedRecords() const
{
    std::lock_guard lock(m_bufferMutex);
    return m_bufferRecords;
}

qint64 UsageSpool::oldestPendingMs() const
{
    std::lock_guard lock(m_bufferMutex);
    return m_pendingTimes.empty() ? 0 : m_pendingTimes.front();
}

QStringList UsageSpool::segmentFiles() const
{
    std::lock_guard lock(m_fileMutex);
    QStringList files;
    for (const auto &[seq, size] : m_segments)
        files << segmentPath(seq);
    return files;
}

UsageSpool::Position UsageSpool::committed() const
{
    std::lock_guard lock(m_fileMutex);
    return m_committed;
}

} // namespace crosslogic
