// A pool of PostgreSQL worker threads (one QSqlDatabase each); jobs run off the event loop, results come back queued.
#include "store/dbpool.h"

#include "store/sqljson.h"

#include "metrics/metricvalue.h"

#include "core/log.h"
#include "core/threadpost.h"

#include <QAbstractEventDispatcher>
#include <QSqlError>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>
#include <future>

namespace crosslogic {

DbPool::DbPool(DatabaseTarget target, int size, QObject *parent) : QObject(parent), m_target(std::move(target))
{
    for (int i = 0; i < size; ++i)
        m_workers.emplace_back([this, i] { workerLoop(i); });
}

DbPool::~DbPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    for (auto &t : m_workers)
        t.join();
}

int DbPool::queued() const
{
    std::lock_guard lock(m_mutex);
    return int(m_tasks.size());
}

qint64 DbPool::oldestQueuedMs() const
{
    std::lock_guard lock(m_mutex);
    if (m_tasks.empty())
        return 0;
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - m_tasks.front().queuedAt).count();
}

Result<QSqlDatabase> DbPool::open(const DatabaseTarget &target, const QString &connectionName)
{
    QSqlDatabase db = QSqlDatabase::contains(connectionName) ? QSqlDatabase::database(connectionName, false)
                                                              : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    if (!db.isValid())
        return fail(QStringLiteral("the Qt PostgreSQL driver (QPSQL, package libqt6sql6-psql) is not available"));
    db.setHostName(target.host);
    db.setPort(target.port);
    db.setDatabaseName(target.database);
    db.setUserName(target.user);
    db.setPassword(target.password);
    QString opts = QStringLiteral("connect_timeout=5;application_name=crosslogicd");
    if (!target.options.isEmpty())
        opts += QLatin1Char(';') + target.options;
    db.setConnectOptions(opts);
    if (!db.open())
        return fail(QStringLiteral("cannot connect to PostgreSQL at %1:%2/%3: %4")
                        .arg(target.host).arg(target.port).arg(target.database, db.lastError().text().trimmed()));
    QSqlQuery quiet(db);
    quiet.exec(QStringLiteral("SET client_min_messages = warning"));
    // PgBouncer carries TimeZone to whichever server connection serves the next transaction (it is a reported
    // parameter), so this holds in transaction pooling too.
    quiet.exec(QStringLiteral("SET TIME ZONE 'UTC'"));
    if (target.transactionPooling) {
        // Literals double their quotes only; that is exact with standard_conforming_strings, PostgreSQL's default.
        if (!quiet.exec(QStringLiteral("SHOW standard_conforming_strings")) || !quiet.next() || quiet.value(0).toString() != QLatin1String("on"))
            return fail(QStringLiteral("pool_mode=transaction needs standard_conforming_strings = on at %1:%2/%3")
                            .arg(target.host).arg(target.port).arg(target.database));
        db.driver()->setProperty(kInlineParametersProperty, true);
    }
    return db;
}

void DbPool::run(QObject *context, DbJob job, DbDone done)
{
    QPointer<QObject> ctx(context);
    // The result is posted to the context's thread (its event dispatcher, which lives as long as the thread), and
    // whether the context still exists is asked there: a context on another thread (an I/O thread's request) can
    // be deleted between a check here and the post.
    QThread *thread = context->thread();
    Task task{std::move(job), [ctx, thread, done = std::move(done)](Result<Json> r) mutable {
                  if (!ctx)
                      return;
                  QAbstractEventDispatcher *loop = QAbstractEventDispatcher::instance(thread);
                  if (!loop)
                      return; // the thread has stopped
                  postTo(loop, [ctx, done = std::move(done), r = std::move(r)]() mutable {
                      if (ctx)
                          done(std::move(r));
                  });
              }};
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    m_cv.notify_one();
}

Result<Json> DbPool::runBlocking(DbJob job)
{
    auto promise = std::make_shared<std::promise<Result<Json>>>();
    auto future = promise->get_future();
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(Task{std::move(job), [promise](Result<Json> r) { promise->set_value(std::move(r)); }});
    }
    m_cv.notify_one();
    return future.get();
}

void DbPool::workerLoop(int index)
{
    const QString name = QStringLiteral("crosslogic-db-%1-%2").arg(quintptr(this)).arg(index);
    {
        std::optional<QSqlDatabase> db;
        for (;;) {
            Task task;
            {
                std::unique_lock lock(m_mutex);
                m_cv.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
                if (m_stopping && m_tasks.empty())
                    break;
                task = std::move(m_tasks.front());
                m_tasks.pop_front();
            }
            ++m_busy;
            const auto started = std::chrono::steady_clock::now();
            const qint64 waitedMs = std::chrono::duration_cast<std::chrono::milliseconds>(started - task.queuedAt).count();
            for (qint64 seen = m_maxWaitMs.load(); waitedMs > seen && !m_maxWaitMs.compare_exchange_weak(seen, waitedMs);) {
            }
            if (!db || !db->isOpen()) {
                auto opened = open(m_target, name);
                m_lastConnectOk = opened.ok();
                if (!opened) {
                    --m_busy;
                    task.deliver(opened.failure());
                    continue;
                }
                db = *opened;
            }
            Result<Json> result = fail(QStringLiteral("job did not run"));
            try {
                result = task.job(*db);
            } catch (const std::exception &e) {
                result = fail(QStringLiteral("database job failed: %1").arg(QString::fromUtf8(e.what())));
            }
            if (m_jobCounter)
                m_jobCounter->inc();
            if (const int slowMs = m_slowJobMs.load(); slowMs > 0
                && std::chrono::steady_clock::now() - started > std::chrono::milliseconds(slowMs)) {
                m_slowJobs.fetch_add(1);
                if (m_slowCounter)
                    m_slowCounter->inc();
            }
            // A dropped connection shows as an error with the connection no longer usable: reconnect next time.
            if (!result.ok()) {
                QSqlQuery ping(*db);
                if (!ping.exec(QStringLiteral("SELECT 1"))) {
                    db->close();
                    m_lastConnectOk = false;
                }
            }
            --m_busy;
            task.deliver(std::move(result));
        }
        if (db)
            db->close();
    }
    QSqlDatabase::removeDatabase(name);
}

QString sqlError(const QSqlQuery &query)
{
    const QSqlError e = query.lastError();
    QString text = e.databaseText().trimmed();
    if (text.isEmpty())
        text = e.text().trimmed();
    return text;
}

Result<void> execQuery(QSqlQuery &query)
{
    if (!query.exec())
        return fail(sqlError(query));
    return {};
}

} // namespace crosslogic
