// The durable usage path: events go to a local fsynced spool (group commit) and a writer thread moves them to
// PostgreSQL in idempotent batches, replaying whatever is left after an outage or a crash.
#include "billing/usagebatchwriter.h"

#include "metrics/servicemetrics.h"
#include "billing/usageeventcodec.h"
#include "billing/usagesql.h"
#include "core/log.h"
#include "store/dbpool.h"

#include <QDateTime>
#include <QFile>
#include <chrono>

namespace crosslogic {
namespace {

bool looksLikeConnectionLoss(const QString &error, const QSqlDatabase &db)
{
    if (!db.isOpen())
        return true;
    for (const char *s :
         {"connect", "server closed", "terminating connection", "no connection", "Connection refused",
          "timeout", "not open", "broken pipe", "does not exist", "shutting down"})
        if (error.contains(QLatin1String(s), Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace

UsageBatchWriter::UsageBatchWriter(const Config &cfg, std::shared_ptr<ServiceMetrics> metrics, QObject *parent)
    : QObject(parent), m_metrics(std::move(metrics))
{
    m_options.spool.dir = cfg.usageSpoolDir;
    m_options.spool.maxBytes = cfg.usageSpoolMaxBytes;
    m_options.spool.segmentBytes =
        std::min<qint64>(16 * 1024 * 1024, std::max<qint64>(64 * 1024, cfg.usageSpoolMaxBytes / 8));
    m_options.flushIntervalMs = cfg.usageSpoolFlushMs;
    m_options.database = cfg.database;
    auto &registry = m_metrics->registry();
    m_lostCounter =
        &registry
             .counter("usage_events_lost_total", "Usage events that could not be spooled (disk write "
                                                 "failed); each one is logged at error level.")
             .get();
    m_rejectedCounter =
        &registry
             .counter(
                 "usage_events_rejected_total",
                 "Spooled usage events PostgreSQL refused (kept in <spool>/rejected.jsonl for a manual fix).")
             .get();
    m_spoolBytes =
        &registry
             .gauge("usage_spool_bytes", "Bytes of usage records in the local spool not yet in PostgreSQL.")
             .get();
    m_spoolFull =
        &registry
             .gauge("usage_spool_full",
                    "1 while the usage spool is full and new inference requests are refused with 503.")
             .get();
    registry.onScrape([this] { updateMetrics(); });
}

UsageBatchWriter::~UsageBatchWriter()
{
    stop();
}

Result<void> UsageBatchWriter::start()
{
    m_spool = std::make_unique<UsageSpool>(m_options.spool);
    if (auto r = m_spool->open(); !r)
        return r;
    if (m_spool->truncatedBytes() > 0)
        spdlog::error("usage spool: dropped a {}-byte torn tail from the last run (at most one flush "
                      "interval of events)",
                      m_spool->truncatedBytes());
    const qint64 pending = m_spool->pendingRecords();
    if (pending > 0)
        spdlog::info("usage spool: replaying {} events left from the last run", pending);
    spdlog::info("usage spool at {} (flush every {} ms, max {} bytes)", qs(m_options.spool.dir),
                 m_options.flushIntervalMs, m_options.spool.maxBytes);
    m_started = true;
    m_flusher = std::thread([this] { flusherLoop(); });
    m_writer = std::thread([this] { writerLoop(); });
    return {};
}

void UsageBatchWriter::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_started)
            return;
        if (m_stopping) {
            flushNow(); // events recorded since the first stop()
            return;
        }
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_flusher.joinable())
        m_flusher.join();
    if (m_writer.joinable())
        m_writer.join();
    flushNow();
}

void UsageBatchWriter::record(const UsageEvent &event)
{
    if (!m_spool) {
        m_lost.fetch_add(1);
        m_lostCounter->inc();
        spdlog::error("usage: event {} recorded before the spool was opened; lost",
                      event.requestId.constData());
        return;
    }
    m_spool->append(encodeUsageEvent(event), event.timestampMs);
    if (m_spool->full() && !m_fullLogged.exchange(true))
        spdlog::critical("usage spool FULL ({} bytes pending in {}): PostgreSQL has not taken usage for a "
                         "while; new inference "
                         "requests are refused with 503 until it drains",
                         m_spool->pendingBytes(), qs(m_options.spool.dir));
}

bool UsageBatchWriter::accepting() const
{
    return !m_spool || !m_spool->full();
}

void UsageBatchWriter::flushNow()
{
    if (!m_spool)
        return;
    auto r = m_spool->flush();
    if (!r) {
        spdlog::error("usage spool: final flush failed: {}", qs(r.error()));
    } else if (*r > 0) {
        spdlog::info("usage spool: flushed {} events", *r);
    }
}

void UsageBatchWriter::flusherLoop()
{
    qint64 lastErrorLogMs = 0;
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_wake.wait_for(lock, std::chrono::milliseconds(m_options.flushIntervalMs));
        if (m_stopping)
            break;
        lock.unlock();
        auto r = m_spool->flush();
        if (!r) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (now - lastErrorLogMs > 5000) {
                lastErrorLogMs = now;
                spdlog::error("usage spool: {} ({} events buffered in memory; retrying every {} ms)",
                              qs(r.error()), m_spool->unflushedRecords(), m_options.flushIntervalMs);
            }
        } else if (*r > 0) {
            m_wake.notify_all(); // the writer has something to read
        }
        if (m_fullLogged.load() && !m_spool->full()) {
            m_fullLogged = false;
            spdlog::warn("usage spool drained below its limit: accepting requests again");
        }
        lock.lock();
    }
}

void UsageBatchWriter::writerLoop()
{
    const QString connection = QStringLiteral("crosslogic-usage-writer");
    QSqlDatabase db;
    int backoffMs = 100;
    qint64 lastErrorLogMs = 0;
    bool outage = false;
    auto pause = [this](int ms) {
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_stopping; });
        return !m_stopping;
    };
    auto noteFailure = [&](const QString &why) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        {
            std::lock_guard lock(m_errorMutex);
            m_lastError = why.left(300);
            m_lastErrorAtMs = now;
        }
        if (now - lastErrorLogMs > 10000) {
            lastErrorLogMs = now;
            spdlog::warn("usage writer: PostgreSQL unavailable ({}); {} events kept in the spool, retrying",
                         qs(why), m_spool->pendingRecords());
        }
        outage = true;
        if (db.isOpen())
            db.close();
    };
    while (true) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                break;
        }
        auto batch = m_spool->readBatch(m_options.batchSize);
        if (!batch) {
            spdlog::error("usage writer: {}", qs(batch.error()));
            if (!pause(1000))
                break;
            continue;
        }
        if (batch->records.empty()) {
            if (!pause(m_options.flushIntervalMs))
                break;
            continue;
        }
        if (!db.isOpen()) {
            auto opened = DbPool::open(m_options.database, connection);
            if (!opened) {
                noteFailure(opened.error());
                if (!pause(backoffMs))
                    break;
                backoffMs = std::min(backoffMs * 2, 5000);
                continue;
            }
            db = *opened;
        }
        std::vector<UsageEvent> events;
        events.reserve(batch->records.size());
        for (const auto &r : batch->records) {
            if (auto e = decodeUsageEvent(r.payload))
                events.push_back(std::move(*e));
            else
                spdlog::error("usage writer: a spooled record does not decode; skipped: {}",
                              r.payload.left(200).constData());
        }
        auto inserted = insertUsageEvents(db, events);
        if (!inserted && !looksLikeConnectionLoss(inserted.error(), db)) {
            // One event PostgreSQL refuses must not stall all others: insert one by one, set aside the
            // refused ones.
            spdlog::error("usage writer: batch refused ({}); inserting one by one", qs(inserted.error()));
            bool connectionLost = false;
            for (const UsageEvent &e : events) {
                auto one = insertUsageEvents(db, {e});
                if (one)
                    continue;
                if (looksLikeConnectionLoss(one.error(), db)) {
                    connectionLost = true;
                    inserted = one;
                    break;
                }
                m_rejectedCounter->inc();
                spdlog::error("usage writer: event {} refused by PostgreSQL ({}); kept in rejected.jsonl",
                              e.requestId.constData(), qs(one.error()));
                QFile dead(m_options.spool.dir + QStringLiteral("/rejected.jsonl"));
                if (dead.open(QIODevice::Append))
                    dead.write(encodeUsageEvent(e) + '\n');
            }
            if (!connectionLost)
                inserted = 0;
        }
        if (!inserted) {
            noteFailure(inserted.error());
            if (!pause(backoffMs))
                break;
            backoffMs = std::min(backoffMs * 2, 5000);
            continue;
        }
        if (outage) {
            spdlog::info("usage writer: PostgreSQL is back; replaying the spool ({} events pending)",
                         m_spool->pendingRecords());
            outage = false;
        }
        backoffMs = 100;
        {
            std::lock_guard lock(m_errorMutex);
            m_lastError.clear();
        }
        m_spool->commit(*batch);
        m_written.fetch_add(events.size());
    }
    if (db.isOpen())
        db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(connection);
}

UsageBatchWriter::State UsageBatchWriter::state() const
{
    State s;
    {
        std::lock_guard lock(m_errorMutex);
        s.lastError = m_lastError;
        s.lastErrorAtMs = m_lastErrorAtMs;
    }
    if (m_spool) {
        s.pendingRecords = m_spool->pendingRecords();
        s.pendingBytes = m_spool->pendingBytes();
        s.full = m_spool->full();
        const qint64 oldest = m_spool->oldestPendingMs();
        s.lagSeconds = oldest > 0 ? std::max<double>(0, double(QDateTime::currentMSecsSinceEpoch() - oldest) / 1000.0) : 0.0;
    }
    return s;
}

void UsageBatchWriter::updateMetrics()
{
    if (!m_spool)
        return;
    ServiceMetrics &m = *m_metrics;
    m.usageSpoolDepth.get().set(double(m_spool->pendingRecords()));
    const qint64 oldest = m_spool->oldestPendingMs();
    m.usageWriteLagSeconds.get().set(
        oldest > 0 ? std::max<double>(0, double(QDateTime::currentMSecsSinceEpoch() - oldest) / 1000.0)
                   : 0.0);
    m_spoolBytes->set(double(m_spool->pendingBytes()));
    m_spoolFull->set(m_spool->full() ? 1 : 0);
}

} // namespace crosslogic
