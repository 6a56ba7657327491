// Which URLs a node may register as its endpoint (see endpointpolicy.h).
#include "fleet/endpointpolicy.h"

#include <QNetworkInterface>
#include <QUrl>
#include <arpa/inet.h>

namespace crosslogic {
namespace {

EndpointVerdict refused(const QByteArray &code, const QString &message)
{
    return EndpointVerdict{.ok = false, .code = code, .message = message};
}

// ::ffff:127.0.0.1 is 127.0.0.1.
QHostAddress plain(const QHostAddress &a)
{
    bool mapped = false;
    const quint32 v4 = a.toIPv4Address(&mapped);
    return mapped ? QHostAddress(v4) : a;
}

// What kind of internal address a is ("" when none).
QString internalKind(const QHostAddress &a, const QList<QHostAddress> &own)
{
    if (a.isLoopback())
        return QStringLiteral("loopback");
    if (a.isLinkLocal())
        return QStringLiteral("link-local");
    if (a == QHostAddress::AnyIPv4 || a == QHostAddress::AnyIPv6)
        return QStringLiteral("unspecified");
    for (const QHostAddress &mine : own)
        if (plain(mine).isEqual(a))
            return QStringLiteral("the control plane's own");
    return {};
}

} // namespace

EndpointPolicy EndpointPolicy::fromConfig(const QString &allowNetworks, const QList<QHostAddress> &ownAddresses)
{
    EndpointPolicy p;
    for (const QString &part : allowNetworks.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto subnet = QHostAddress::parseSubnet(part.trimmed());
        if (!subnet.first.isNull())
            p.m_allowed.append(subnet);
    }
    for (const QHostAddress &a : ownAddresses)
        if (!a.isNull() && internalKind(plain(a), {}).isEmpty()) // loopback and the like are refused anyway
            p.m_own.append(plain(a));
    return p;
}

QList<QHostAddress> EndpointPolicy::localAddresses()
{
    return QNetworkInterface::allAddresses();
}

EndpointVerdict EndpointPolicy::check(const QString &text) const
{
    const QString shown = text.left(100);
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty())
        return refused("invalid_registration",
                       QStringLiteral("'endpoint_url' must be an http(s) URL such as http://10.0.0.5:8000, got '%1'").arg(shown));
    if (!url.userInfo().isEmpty())
        return refused("invalid_registration", QStringLiteral("'endpoint_url' must not carry a user name or password"));
    if (url.hasQuery() || url.hasFragment())
        return refused("invalid_registration", QStringLiteral("'endpoint_url' must not have a ?query or #fragment, got '%1'").arg(shown));
    QString host = url.host().toLower();
    while (host.endsWith(QLatin1Char('.'))) // "localhost." is localhost
        host.chop(1);
    QList<QHostAddress> addresses;
    QHostAddress literal;
    in_addr v4{};
    if (literal.setAddress(host))
        addresses << plain(literal);
    else if (::inet_aton(host.toLatin1().constData(), &v4) != 0) // 2130706433, 0x7f.1, 017700000001: what a resolver reads
        addresses << QHostAddress(ntohl(v4.s_addr));
    else if (host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost")))
        addresses << QHostAddress(QHostAddress::LocalHost) << QHostAddress(QHostAddress::LocalHostIPv6);
    // Other names are not resolved here (their address may change); operators list the fleet's names or networks.
    for (const QHostAddress &a : addresses) {
        const QString kind = internalKind(a, m_own);
        if (kind.isEmpty())
            continue;
        bool allowed = false;
        for (const auto &net : m_allowed)
            allowed = allowed || a.isInSubnet(net);
        if (!allowed)
            return refused("endpoint_not_allowed",
                           QStringLiteral("'endpoint_url' %1 is a %2 address, refused unless NODE_ENDPOINT_ALLOW_NETWORKS lists its network")
                               .arg(shown, kind));
    }
    return EndpointVerdict{.ok = true, .code = {}, .message = {}};
}

} // namespace crosslogic
