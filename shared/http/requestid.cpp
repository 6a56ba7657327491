// Request ids: accept a sane client-supplied x-request-id, otherwise generate one.
#include "http/requestid.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QtEndian>

#include <cstring>

namespace crosslogic {

QByteArray generateRequestId()
{
    // 48 bits of milliseconds since the epoch, then 80 random bits: ids sort by time (like a ULID or a UUIDv7),
    // so PostgreSQL appends them at the right edge of the request_id indexes of request_logs and usage_records
    // instead of at a random leaf, and an operator can tell when a request ran from its id.
    uchar raw[16];
    qToBigEndian(quint64(QDateTime::currentMSecsSinceEpoch()) << 16, raw); // the low 6 bytes of the time, first
    quint32 random[3];
    QRandomGenerator::global()->fillRange(random, 3);
    std::memcpy(raw + 6, random, 10);
    return QByteArrayLiteral("req_") + QByteArray(reinterpret_cast<const char *>(raw), sizeof raw).toHex();
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
