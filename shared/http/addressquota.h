// Connections per client address, shared by a listening HttpServer and its lanes (any thread): a connection beyond
// HttpLimits::maxConnectionsPerAddress from one address is closed at once, so one client cannot hold every
// descriptor the gateway has. IPv4 and IPv4-mapped IPv6 count as the same address.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <atomic>
#include <mutex>

namespace crosslogic {

class AddressQuota
{
public:
    explicit AddressQuota(int maxPerAddress) : m_max(maxPerAddress) {}
    // Counts a new connection from address; false (nothing counted) when the address already has the maximum.
    bool take(const QHostAddress &address);
    // Uncounts a connection take() counted.
    void give(const QHostAddress &address);
    int connectionsFrom(const QHostAddress &address) const;

    // Connections closed for the cap, process-wide (http_connections_refused_total).
    static inline std::atomic<quint64> refused{0};

private:
    static QByteArray key(const QHostAddress &address);

    const int m_max; // 0: no cap
    mutable std::mutex m_mutex;
    QHash<QByteArray, int> m_counts;
};

} // namespace crosslogic
