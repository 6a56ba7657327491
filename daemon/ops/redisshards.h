// Redis Cluster mode's per-node view for GET /admin/redis: each node's role, memory and keys (INFO of each).
#pragma once

#include <QObject>
#include <functional>
#include <nlohmann/json.hpp>

namespace crosslogic {

class RedisClient;

// done gets an array of {address, role, status, used_memory, used_memory_human, keys, connected_clients, master}
// (status "down" and nulls for a node that does not answer), or null with a single Redis.
void collectRedisShards(RedisClient *redis, QObject *context, std::function<void(nlohmann::json)> done);

} // namespace crosslogic
