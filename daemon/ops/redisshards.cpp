// Redis Cluster mode's per-node view for GET /admin/redis (see the header).
#include "ops/redisshards.h"

#include "ops/redisopsroutes.h"
#include "store/redisclusterclient.h"

#include <memory>

namespace crosslogic {

void collectRedisShards(RedisClient *redis, QObject *context, std::function<void(nlohmann::json)> done)
{
    auto *cluster = qobject_cast<RedisClusterClient *>(redis);
    if (!cluster) {
        done(nullptr);
        return;
    }
    const QList<QByteArray> nodes = cluster->nodes();
    struct Walk
    {
        nlohmann::json shards = nlohmann::json::array();
        int pending = 0;
    };
    auto walk = std::make_shared<Walk>();
    walk->pending = int(nodes.size());
    if (nodes.isEmpty()) {
        done(walk->shards);
        return;
    }
    for (const QByteArray &addr : nodes) {
        cluster->commandOn(addr, formatRedisCommand({"INFO"}), context, [walk, addr, done](const RedisReply &r) {
            nlohmann::json shard{{"address", addr.toStdString()}};
            if (r.isError()) {
                shard.update({{"status", "down"}, {"role", nullptr}, {"used_memory", nullptr}, {"used_memory_human", nullptr},
                              {"keys", nullptr}, {"connected_clients", nullptr}, {"master", nullptr}});
            } else {
                const auto f = parseRedisInfo(r.str);
                qint64 keys = 0;
                for (auto it = f.cbegin(); it != f.cend(); ++it)
                    if (it.key().startsWith("db") && it.value().startsWith("keys="))
                        keys += it.value().mid(5).split(',').value(0).toLongLong();
                const QByteArray role = f.value("role");
                shard.update({{"status", "up"}, {"role", role.toStdString()}, {"used_memory", f.value("used_memory").toLongLong()},
                              {"used_memory_human", f.value("used_memory_human").toStdString()}, {"keys", keys},
                              {"connected_clients", f.value("connected_clients").toLongLong()},
                              {"master", role == "slave" ? nlohmann::json(f.value("master_host").toStdString() + ':' + f.value("master_port").toStdString())
                                                         : nlohmann::json(nullptr)}});
            }
            walk->shards.push_back(shard);
            if (--walk->pending == 0) {
                std::sort(walk->shards.begin(), walk->shards.end(), [](const nlohmann::json &a, const nlohmann::json &b) {
                    return a["address"].get<std::string>() < b["address"].get<std::string>();
                });
                done(walk->shards);
            }
        });
    }
}

} // namespace crosslogic
