// Which URLs a node may register as its endpoint: the gateway POSTs customers' requests there and relays the
// answers, so an endpoint on the daemon's own host, on loopback or on a link-local (cloud metadata) address would
// turn registration into a way to reach internal services. Such networks are refused unless the operator lists them
// in NODE_ENDPOINT_ALLOW_NETWORKS (e.g. 127.0.0.0/8 for simulated engines on the same machine).
#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

namespace crosslogic {

struct EndpointVerdict
{
    bool ok = false;
    QByteArray code;  // when refused: invalid_registration or endpoint_not_allowed
    QString message;  // when refused: why, for the node's operator
};

class EndpointPolicy
{
public:
    // allowNetworks: "CIDR[,CIDR...]" (empty: none). ownAddresses: the daemon's addresses (its interfaces and listen
    // address), refused like loopback.
    static EndpointPolicy fromConfig(const QString &allowNetworks, const QList<QHostAddress> &ownAddresses);
    // This machine's addresses (every interface's).
    static QList<QHostAddress> localAddresses();

    // http(s) only, a host, no userinfo, query or fragment; an address (literal, or a localhost name) on
    // loopback, link-local, unspecified or the daemon's own addresses only when an allowed network holds it.
    EndpointVerdict check(const QString &url) const;

private:
    QList<QPair<QHostAddress, int>> m_allowed;
    QList<QHostAddress> m_own;
};

} // namespace crosslogic
