// Redis Cluster's key → slot mapping, the cluster key layout switch and a RESP command reader.
#include "store/redisslot.h"

#include <atomic>

namespace crosslogic {
namespace {

// CRC16-CCITT (XMODEM), the variant Redis Cluster uses: polynomial 0x1021, initial value 0.
quint16 crc16(const char *p, qsizetype n)
{
    quint16 crc = 0;
    for (qsizetype i = 0; i < n; ++i) {
        crc ^= quint16(quint8(p[i])) << 8;
        for (int b = 0; b < 8; ++b)
            crc = (crc & 0x8000) ? quint16((crc << 1) ^ 0x1021) : quint16(crc << 1);
    }
    return crc;
}

std::atomic<bool> g_clusterLayout{false};

// A decimal after `at` up to "\r\n"; moves at past the CRLF. -1 when malformed.
qint64 readNumber(const QByteArray &s, qsizetype &at)
{
    qint64 n = 0;
    bool any = false;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
        n = n * 10 + (s[at] - '0');
        any = true;
        ++at;
    }
    if (!any || at + 1 >= s.size() || s[at] != '\r' || s[at + 1] != '\n')
        return -1;
    at += 2;
    return n;
}

} // namespace

int redisKeySlot(QByteArrayView key)
{
    const qsizetype open = key.indexOf('{');
    if (open >= 0) {
        const qsizetype close = key.indexOf('}', open + 1);
        if (close > open + 1)
            return crc16(key.data() + open + 1, close - open - 1) % kRedisClusterSlots;
    }
    return crc16(key.data(), key.size()) % kRedisClusterSlots;
}

void setRedisClusterKeyLayout(bool cluster)
{
    g_clusterLayout.store(cluster, std::memory_order_relaxed);
}

bool redisClusterKeyLayout()
{
    return g_clusterLayout.load(std::memory_order_relaxed);
}

QByteArray redisTenantTag(const QString &tenantId)
{
    if (!redisClusterKeyLayout())
        return {};
    return '{' + tenantId.toLatin1() + "}:";
}

std::vector<QByteArrayView> parseRespCommand(const QByteArray &request)
{
    std::vector<QByteArrayView> out;
    qsizetype at = 0;
    if (request.isEmpty() || request[0] != '*')
        return out;
    ++at;
    const qint64 count = readNumber(request, at);
    if (count <= 0)
        return out;
    out.reserve(size_t(count));
    for (qint64 i = 0; i < count; ++i) {
        if (at >= request.size() || request[at] != '$')
            return {};
        ++at;
        const qint64 len = readNumber(request, at);
        if (len < 0 || at + len + 2 > request.size())
            return {};
        out.emplace_back(request.constData() + at, len);
        at += len + 2;
    }
    return out;
}

} // namespace crosslogic
