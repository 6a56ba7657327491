// A pool of PostgreSQL worker threads (one QSqlDatabase each); jobs run off the event loop, results come back queued.
#pragma once

#include "config/config.h"
#include "core/result.h"

#include <QObject>
#include <QPointer>
#include <QSqlDatabase>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

class QSqlQuery;

namespace crosslogic {

class Counter;
using Json = nlohmann::json;
using DbJob = std::function<Result<Json>(QSqlDatabase &db)>;
using DbDone = std::function<void(Result<Json>)>;

class DbPool : public QObject
{
    Q_OBJECT
public:
    DbPool(DatabaseTarget target, int size, QObject *parent = nullptr);
    ~DbPool() override;

    // Runs job on a worker; done runs on context's thread if context still exists.
    void run(QObject *context, DbJob job, DbDone done);
    // Runs job on a worker and blocks for the result; only for startup and CLI commands, never on an event loop.
    Result<Json> runBlocking(DbJob job);

    int size() const { return int(m_workers.size()); }
    int busy() const { return m_busy.load(); }
    int queued() const;
    bool lastConnectOk() const { return m_lastConnectOk.load(); }
    // The longest a job waited for a connection since the last call (then reset), in milliseconds.
    qint64 takeMaxWaitMs() { return m_maxWaitMs.exchange(0); }
    // How long the oldest job still in the queue has been waiting (0: none waits), in milliseconds.
    qint64 oldestQueuedMs() const;
    // Jobs that ran longer than setSlowJobMs() (0: never counted), since the pool started; each is also counted
    // in countSlowJobsIn()'s counter (db_slow_queries_total) as it happens.
    quint64 slowJobs() const { return m_slowJobs.load(); }
    void setSlowJobMs(int ms) { m_slowJobMs = ms; }
    void countSlowJobsIn(Counter *counter) { m_slowCounter = counter; }
    // Every job run (db_jobs_total): what the daemon costs PostgreSQL, e.g. under unauthenticated load.
    void countJobsIn(Counter *counter) { m_jobCounter = counter; }

    static Result<QSqlDatabase> open(const DatabaseTarget &target, const QString &connectionName);

private:
    struct Task
    {
        DbJob job;
        std::function<void(Result<Json>)> deliver;
        std::chrono::steady_clock::time_point queuedAt = std::chrono::steady_clock::now();
    };
    void workerLoop(int index);

    DatabaseTarget m_target;
    std::vector<std::thread> m_workers;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Task> m_tasks;
    bool m_stopping = false;
    std::atomic<int> m_busy{0};
    std::atomic<bool> m_lastConnectOk{false};
    std::atomic<qint64> m_maxWaitMs{0};
    std::atomic<quint64> m_slowJobs{0};
    std::atomic<int> m_slowJobMs{0};
    Counter *m_slowCounter = nullptr; // set before the pool's first job
    Counter *m_jobCounter = nullptr;  // likewise
};

// Helpers for jobs: run a prepared statement, or fail with PostgreSQL's message.
Result<void> execQuery(QSqlQuery &query);
QString sqlError(const QSqlQuery &query);

} // namespace crosslogic
