// Per-address budget of failed authentications: one fixed one-minute window per address.
#include "base/authfailurebudget.h"

namespace crosslogic {

namespace {
constexpr qint64 kWindowMs = 60000;
} // namespace

QByteArray AuthFailureBudget::keyOf(const QHostAddress &peer)
{
    // IPv4-mapped IPv6 and plain IPv4 are one client.
    bool v4 = false;
    const quint32 ip4 = peer.toIPv4Address(&v4);
    return v4 ? QByteArray::number(ip4) : peer.toString().toLatin1();
}

int AuthFailureBudget::retryAfterSeconds(const QHostAddress &peer, qint64 nowMs) const
{
    if (m_perMinute <= 0)
        return 0;
    std::lock_guard lock(m_mutex);
    const auto it = m_windows.constFind(keyOf(peer));
    if (it == m_windows.constEnd() || nowMs - it->startMs >= kWindowMs || it->failures < m_perMinute)
        return 0;
    return int((kWindowMs - (nowMs - it->startMs) + 999) / 1000);
}

void AuthFailureBudget::recordFailure(const QHostAddress &peer, qint64 nowMs)
{
    if (m_perMinute <= 0)
        return;
    std::lock_guard lock(m_mutex);
    if (m_windows.size() >= m_maxAddresses) {
        // Bounded: drop every window that has ended; if all are live, the table starts over (fail open on memory,
        // never on the database: each address then gets at most one more budget).
        for (auto it = m_windows.begin(); it != m_windows.end();)
            it = nowMs - it->startMs >= kWindowMs ? m_windows.erase(it) : std::next(it);
        if (m_windows.size() >= m_maxAddresses)
            m_windows.clear();
    }
    Window &w = m_windows[keyOf(peer)];
    if (nowMs - w.startMs >= kWindowMs)
        w = Window{nowMs, 0};
    ++w.failures;
}

qsizetype AuthFailureBudget::trackedAddresses() const
{
    std::lock_guard lock(m_mutex);
    return m_windows.size();
}

} // namespace crosslogic
