// Connections per client address (see addressquota.h).
#include "http/addressquota.h"

namespace crosslogic {

QByteArray AddressQuota::key(const QHostAddress &address)
{
    const Q_IPV6ADDR v6 = address.toIPv6Address(); // IPv4 as ::ffff:a.b.c.d, the same as a mapped address
    return QByteArray(reinterpret_cast<const char *>(v6.c), 16);
}

bool AddressQuota::take(const QHostAddress &address)
{
    if (m_max <= 0)
        return true;
    std::lock_guard lock(m_mutex);
    int &n = m_counts[key(address)];
    if (n >= m_max) {
        refused.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    ++n;
    return true;
}

void AddressQuota::give(const QHostAddress &address)
{
    if (m_max <= 0)
        return;
    std::lock_guard lock(m_mutex);
    const auto it = m_counts.find(key(address));
    if (it == m_counts.end())
        return;
    if (--it.value() <= 0)
        m_counts.erase(it);
}

int AddressQuota::connectionsFrom(const QHostAddress &address) const
{
    std::lock_guard lock(m_mutex);
    return m_counts.value(key(address), 0);
}

} // namespace crosslogic
