// Redis Cluster mode's reaper of in-flight slots. With a single Redis one script walks every replica's holdings
// (kReapScript); in a cluster a replica's holdings are one hash per tenant (ratelimit:{<tenant>}:replica:<id>:inflight,
// in the slot of the counters they name), so the tenants it held anything in are listed in
// ratelimit:replica:<id>:tenants and each tenant's hash is reclaimed by one atomic script in its own slot.
#include "ratelimit/ratelimiter.h"

#include "core/log.h"
#include "ratelimit/ratelimitscripts.h"
#include "store/redisclient.h"
#include "store/redisslot.h"

#include <QCryptographicHash>
#include <memory>

namespace crosslogic {
namespace {
const QByteArray kReplicaSet = QByteArrayLiteral("ratelimit:replicas");
const QByteArray kReapTenantSha = QCryptographicHash::hash(QByteArray(kReapTenantScript), QCryptographicHash::Sha1).toHex();

QByteArray tenantsKey(const QByteArray &replica)
{
    return "ratelimit:replica:" + replica + ":tenants";
}
} // namespace

void RateLimiter::noteTenant(const QString &tenantId)
{
    if (m_notedTenants.contains(tenantId))
        return;
    m_notedTenants.insert(tenantId);
    // Sent before the admission script (same event-loop turn): the set names the tenant before a slot is held there.
    // Should it fail (its shard is failing over), every lease refresh writes the whole set again.
    m_redis->command({"SADD", tenantsKey(m_replicaId), tenantId.toLatin1()}, this, [](const RedisReply &) {});
}

void RateLimiter::refreshClusterLease()
{
    // The lease and the registry live in different slots: the registry entry is written only once the lease is, so
    // a reaper never finds a replica registered without its lease.
    const QByteArray id = m_replicaId;
    m_redis->command({"SET", "ratelimit:replica:" + id + ":alive", "1", "PX", QByteArray::number(kLeaseMs)}, this,
                     [this, id](const RedisReply &r) {
        if (!r.isError())
            m_redis->command({"SADD", kReplicaSet, id}, this, [](const RedisReply &) {});
    });
    if (m_notedTenants.isEmpty())
        return;
    QList<QByteArray> add{"SADD", tenantsKey(id)};
    for (const QString &t : std::as_const(m_notedTenants))
        add << t.toLatin1();
    m_redis->command(add, this, [](const RedisReply &) {});
}

void RateLimiter::reapCluster()
{
    m_redis->command({"SMEMBERS", kReplicaSet}, this, [this](const RedisReply &members) {
        if (members.isError())
            return;
        for (const RedisReply &m : members.elements) {
            const QByteArray replica = m.str;
            if (replica == m_replicaId)
                continue;
            m_redis->command({"EXISTS", "ratelimit:replica:" + replica + ":alive"}, this, [this, replica](const RedisReply &alive) {
                if (alive.isError() || alive.integer != 0)
                    return;
                m_redis->command({"SMEMBERS", tenantsKey(replica)}, this, [this, replica](const RedisReply &tenants) {
                    if (tenants.isError())
                        return;
                    struct Walk
                    {
                        int pending = 0;
                        bool failed = false;
                        qint64 reclaimed = 0;
                    };
                    auto walk = std::make_shared<Walk>();
                    walk->pending = int(tenants.elements.size());
                    auto finish = [this, replica, walk] {
                        if (walk->failed)
                            return; // the next round tries again
                        m_redis->command({"DEL", tenantsKey(replica)}, this, [](const RedisReply &) {});
                        m_redis->command({"SREM", kReplicaSet, replica}, this, [](const RedisReply &) {});
                        if (walk->reclaimed > 0)
                            spdlog::warn("rate limits: reclaimed the concurrency slots of {} in-flight requests held by replicas that stopped", walk->reclaimed);
                    };
                    if (walk->pending == 0) {
                        finish();
                        return;
                    }
                    for (const RedisReply &t : tenants.elements) {
                        RespArgs keys(128);
                        keys.addJoined({"ratelimit:{", t.str, "}:replica:", replica, ":inflight"});
                        countCall(m_callsReap);
                        evalsha(kReapTenantSha, kReapTenantScript, keys.bytes(), keys.count(), 1, this, [walk, finish](const RedisReply &r) {
                            if (r.isError())
                                walk->failed = true;
                            else
                                walk->reclaimed += r.integer;
                            if (--walk->pending == 0)
                                finish();
                        });
                    }
                });
            });
        }
    });
}

} // namespace crosslogic
