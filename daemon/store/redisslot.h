// Redis Cluster's key → slot mapping (CRC16 of the key or of its {hash tag}, modulo 16384), the cluster key layout
// switch, and a reader of the RESP commands RedisClient sends (to find the keys a command touches).
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <vector>

namespace crosslogic {

inline constexpr int kRedisClusterSlots = 16384;

// The slot of a key: only the part inside the first non-empty {...} counts when there is one.
int redisKeySlot(QByteArrayView key);

// Set once at startup (REDIS_URL=redis+cluster://…): every key of one rate-limit or spend script then carries the
// tenant as a hash tag, so that the script's keys share one slot. With a single Redis the layout is unchanged.
void setRedisClusterKeyLayout(bool cluster);
bool redisClusterKeyLayout();
// "" with a single Redis; "{<tenant id>}:" in cluster mode (inserted after the key family: "ratelimit:{t}:key:…").
QByteArray redisTenantTag(const QString &tenantId);

// The arguments of one RESP command ("*N\r\n$len\r\narg\r\n…"), as views into request; empty when malformed.
std::vector<QByteArrayView> parseRespCommand(const QByteArray &request);

} // namespace crosslogic
