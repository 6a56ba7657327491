// How many failed authentications one client address may cause per minute before it is answered 429 without
// any lookup: unknown API keys and admin tokens each cost a PostgreSQL query, so a stream of fresh invented
// credentials from one address would otherwise load the database for everyone (AUTH_FAILURE_BUDGET_PER_MINUTE).
// Shared by every I/O thread; bounded in memory.
#pragma once

#include <QHash>
#include <QHostAddress>
#include <functional>
#include <mutex>

namespace crosslogic {

class AuthFailureBudget
{
public:
    // perMinute 0: no budget (every lookup allowed). maxAddresses bounds the table (oldest windows go first).
    explicit AuthFailureBudget(int perMinute, int maxAddresses = 50000) : m_perMinute(perMinute), m_maxAddresses(maxAddresses) {}

    // Seconds until the address may try again; 0 when it may now.
    int retryAfterSeconds(const QHostAddress &peer, qint64 nowMs) const;
    // retryAfterSeconds for a lookup about to happen: a refusal is counted (onRefusal, e.g. a metric).
    int admit(const QHostAddress &peer, qint64 nowMs) const
    {
        const int wait = retryAfterSeconds(peer, nowMs);
        if (wait > 0 && onRefusal)
            onRefusal();
        return wait;
    }
    std::function<void()> onRefusal; // thread-safe; set before the first lookup
    void recordFailure(const QHostAddress &peer, qint64 nowMs);
    int perMinute() const { return m_perMinute; }
    qsizetype trackedAddresses() const;

private:
    struct Window
    {
        qint64 startMs = 0;
        int failures = 0;
    };
    static QByteArray keyOf(const QHostAddress &peer);

    const int m_perMinute;
    const int m_maxAddresses;
    mutable std::mutex m_mutex;
    QHash<QByteArray, Window> m_windows;
};

} // namespace crosslogic
