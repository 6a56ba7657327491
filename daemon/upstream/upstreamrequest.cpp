// Names of upstream failure kinds for logs and metrics.
#include "upstream/upstreamrequest.h"

namespace crosslogic {

QByteArray upstreamErrorName(UpstreamError error)
{
    switch (error) {
    case UpstreamError::None:
        return QByteArrayLiteral("none");
    case UpstreamError::ConnectFailed:
        return QByteArrayLiteral("connect_failed");
    case UpstreamError::ConnectTimeout:
        return QByteArrayLiteral("connect_timeout");
    case UpstreamError::FirstByteTimeout:
        return QByteArrayLiteral("first_byte_timeout");
    case UpstreamError::IdleTimeout:
        return QByteArrayLiteral("idle_timeout");
    case UpstreamError::TotalTimeout:
        return QByteArrayLiteral("total_timeout");
    case UpstreamError::ConnectionLost:
        return QByteArrayLiteral("connection_lost");
    case UpstreamError::Protocol:
        return QByteArrayLiteral("protocol");
    case UpstreamError::Cancelled:
        return QByteArrayLiteral("cancelled");
    case UpstreamError::Other:
        return QByteArrayLiteral("other");
    }
    return QByteArrayLiteral("other");
}

bool upstreamHeaderIsSafe(const QByteArray &name, const QByteArray &value)
{
    const auto clean = [](const QByteArray &text) {
        return !text.contains('\r') && !text.contains('\n') && !text.contains('\0');
    };
    return !name.isEmpty() && clean(name) && clean(value) && !name.contains(':');
}

} // namespace crosslogic
