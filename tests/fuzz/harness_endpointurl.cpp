// Fuzz harness for node endpoint validation (fleet/endpointpolicy): the input is "allowed networks\nURL". Whatever
// it is, an accepted URL is http(s) with a host and no userinfo, query or fragment, and an accepted IP literal or
// localhost name lies outside loopback, link-local and the own addresses unless an allowed network holds it.
#include "fuzzharness.h"
#include "fleet/endpointpolicy.h"

#include <QUrl>

using namespace crosslogic;

int crosslogic::fuzz::runOne(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype nl = input.indexOf('\n');
    const QString allow = nl < 0 ? QString() : QString::fromUtf8(input.left(nl));
    const QString url = QString::fromUtf8(nl < 0 ? input : input.mid(nl + 1));
    const QHostAddress own(QStringLiteral("192.0.2.10"));
    const EndpointVerdict v = EndpointPolicy::fromConfig(allow, {own}).check(url);
    FUZZ_CHECK(v.ok == v.code.isEmpty());
    if (!v.ok) {
        FUZZ_CHECK(v.code == "invalid_registration" || v.code == "endpoint_not_allowed");
        FUZZ_CHECK(!v.message.isEmpty());
        return 0;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    FUZZ_CHECK(parsed.isValid());
    FUZZ_CHECK(parsed.scheme() == QLatin1String("http") || parsed.scheme() == QLatin1String("https"));
    FUZZ_CHECK(!parsed.host().isEmpty() && parsed.userInfo().isEmpty() && !parsed.hasQuery() && !parsed.hasFragment());
    // An accepted internal literal is only possible when the allowed networks are not empty.
    QHostAddress literal;
    if (literal.setAddress(parsed.host())) {
        bool mapped = false;
        const quint32 v4 = literal.toIPv4Address(&mapped);
        const QHostAddress a = mapped ? QHostAddress(v4) : literal;
        if (a.isLoopback() || a.isLinkLocal() || a == QHostAddress::AnyIPv4 || a == QHostAddress::AnyIPv6 || a.isEqual(own)) {
            bool listed = false;
            for (const QString &part : allow.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const auto net = QHostAddress::parseSubnet(part.trimmed());
                listed = listed || (!net.first.isNull() && a.isInSubnet(net));
            }
            FUZZ_CHECK(listed);
        }
    }
    return 0;
}
