// Request ids: accept a sane client-supplied x-request-id, otherwise generate one.
#include "http/requestid.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <cstring>

namespace crosslogic {

QByteArray generateRequestId()
{
    // 48 bits of milliseconds since the epoch, then 80 random bits: ids sort by time (like a ULID or a UUIDv7),
    // so PostgreSQL appends them at the right edge of the request_id indexes of request_logs and usage_records
    // instead of at a random leaf, and an operator can tell when a request ran from its id.
    static constexpr char kHex[] = "0123456789abcdef";
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    quint64 random[2];
    QRandomGenerator::global()->fillRange(random, 2);
    QByteArray id(4 + 32, Qt::Uninitialized);
    char *out = id.data();
    memcpy(out, "req_", 4);
    for (int i = 0; i < 12; ++i)
        out[4 + i] = kHex[(ms >> (44 - 4 * i)) & 0xf];
    for (int i = 0; i < 16; ++i)
        out[16 + i] = kHex[(random[0] >> (60 - 4 * i)) & 0xf];
    for (int i = 0; i < 4; ++i)
        out[32 + i] = kHex[(random[1] >> (60 - 4 * i)) & 0xf];
    return id;
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
