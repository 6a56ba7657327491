// What the evaluating replica asks Redis itself: memory against maxmemory, ops/s and keys (INFO) and, now and then, a SCAN of
// the rate-limit counters for negative or malformed values (runbook 5.2).
#pragma once

#include <QObject>
#include <functional>
#include <nlohmann/json.hpp>

namespace crosslogic {

class RedisClient;

// done gets {"ok":true,"used_memory":…,"maxmemory":…,"ops_per_sec":…,"keys":…[,"corrupt":[{"key","value"}…],"scanned":n]} or
// {"ok":false,"error":"…"}; it runs on context's thread. scanCounters walks at most maxPages SCAN pages.
void probeRedis(RedisClient *redis, QObject *context, bool scanCounters, std::function<void(nlohmann::json)> done,
                int maxPages = 200);

// A counter's value is sound when it is a non-negative integer (or a decimal for the weighted windows).
bool counterValueSound(const QByteArray &value);

} // namespace crosslogic
