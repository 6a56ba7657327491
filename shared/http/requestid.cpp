// Request ids: accept a sane client-supplied x-request-id, otherwise generate one.
#include "http/requestid.h"

#include <QRandomGenerator>
#include <QStringBuilder>

namespace crosslogic {

QByteArray generateRequestId()
{
    quint64 bits[2];
    QRandomGenerator::global()->fillRange(bits, 2);
    return QByteArrayLiteral("req_") + QByteArray(reinterpret_cast<const char *>(bits), sizeof bits).toHex();
}

QByteArray acceptOrGenerateRequestId(const QByteArray &supplied)
{
    if (supplied.isEmpty() || supplied.size() > 64)
        return generateRequestId();
    for (char ch : supplied) {
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-'
                        || ch == '_' || ch == '.';
        if (!ok)
            return generateRequestId();
    }
    return supplied;
}

} // namespace crosslogic
