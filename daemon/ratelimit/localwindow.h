// The per-replica approximate limiter used while Redis is unreachable (fail-open policy).
#pragma once

#include <QHash>
#include <QString>
#include <mutex>

namespace crosslogic {

// Shared by the rate limiters of every I/O thread (guarded), so the outage limit is per replica, not per thread.
class LocalWindow
{
public:
    // Sliding-window admission of one request (and its token estimate) for counter id against limits (0 = none).
    bool admit(const QString &id, qint64 nowMs, qint64 rpm, qint64 tpm, qint64 concurrency, qint64 tokens);
    void release(const QString &id);
    void clear()
    {
        std::lock_guard lock(m_mutex);
        m_counters.clear();
    }

private:
    struct Counter
    {
        qint64 minute = 0;
        qint64 requests = 0;
        qint64 previousRequests = 0;
        qint64 tokens = 0;
        qint64 previousTokens = 0;
        qint64 inflight = 0;
    };
    std::mutex m_mutex;
    QHash<QString, Counter> m_counters;
};

} // namespace crosslogic
