// The durable usage path: events go to a local fsynced spool (group commit) and a writer thread moves them to
// PostgreSQL in idempotent batches, replaying whatever is left after an outage or a crash.
#pragma once

#include "base/usageevent.h"
#include "billing/usagespool.h"
#include "config/config.h"

#include <QObject>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace crosslogic {

struct Config;
class ServiceMetrics;
class Counter;
class ServiceMetrics;
class Gauge;

class UsageBatchWriter : public QObject, public UsageSink
{
    Q_OBJECT
public:
    struct Options
    {
        UsageSpool::Options spool;
        int flushIntervalMs = Config::defaults().usageSpoolFlushMs;
        int batchSize = 500;
        DatabaseTarget database;
    };
    // Takes the spool directory, flush interval and limits from config (read once: they need a restart).
    UsageBatchWriter(const Config &config, std::shared_ptr<ServiceMetrics> metrics, QObject *parent = nullptr);
    ~UsageBatchWriter() override;

    // Opens (and recovers) the spool and starts the flusher and database writer threads.
    Result<void> start();
    // Stops both threads after a final flush (also done by the destructor).
    void stop();

    void record(const UsageEvent &event) override;
    bool accepting() const override;
    // Writes and fdatasyncs everything recorded so far (graceful drain, shutdown); blocks for one fsync.
    void flushNow();

    UsageSpool *spool() { return m_spool.get(); }
    quint64 writtenEvents() const { return m_written.load(); }
    quint64 lostEvents() const { return m_lost.load(); }
    // What the alert engine reads: the writer's last failure (empty once a batch went in again), the spool's
    // backlog and whether it is full.
    struct State
    {
        QString lastError;
        qint64 lastErrorAtMs = 0;
        qint64 pendingRecords = 0;
        qint64 pendingBytes = 0;
        double lagSeconds = 0;
        bool full = false;
    };
    State state() const;

private:
    void flusherLoop();
    void writerLoop();
    void updateMetrics();

    // Shared ownership: the writer's threads may outlive the daemon's own reference during teardown.
    std::shared_ptr<ServiceMetrics> m_metrics;
    Options m_options;
    std::unique_ptr<UsageSpool> m_spool;
    std::thread m_flusher;
    std::thread m_writer;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_started = false;
    std::atomic<bool> m_fullLogged{false};
    std::atomic<quint64> m_written{0};
    std::atomic<quint64> m_lost{0};
    mutable std::mutex m_errorMutex; // guards the two below
    QString m_lastError;
    qint64 m_lastErrorAtMs = 0;
    Counter *m_lostCounter = nullptr;
    Counter *m_rejectedCounter = nullptr;
    Gauge *m_spoolBytes = nullptr;
    Gauge *m_spoolFull = nullptr;
};

} // namespace crosslogic
