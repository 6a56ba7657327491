// Redis diagnostics and emergency actions (runbook §5): INFO summary, FLUSHDB and clearing all rate-limit
// keys.
#include "ops/redisopsroutes.h"

#include "metrics/servicemetrics.h"
#include "base/adminaction.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "base/opsaction.h"
#include "ops/redisshards.h"
#include "store/redisscan.h"
#include "store/redisclient.h"

#include <QElapsedTimer>
#include <QPointer>

namespace crosslogic {
namespace {

constexpr const char *kRateLimitPattern = "ratelimit:*";
// The rate limiter's replica registry and in-flight leases (ratelimit:replicas, ratelimit:replica:{id}:…) are
// not counters: deleting them would make live replicas look dead and their leased slots be reclaimed twice.
const QList<QByteArray> kReplicaBookkeeping = {QByteArrayLiteral("ratelimit:replica")};
constexpr const char *kFlushConfirm = "FLUSHDB";
constexpr const char *kClearLimitsConfirm = "DELETE ALL RATE LIMITS";

void redisUnavailable(HttpExchange *ex, const QByteArray &why)
{
    ex->respondError(503, QStringLiteral("Redis unavailable: %1").arg(QString::fromUtf8(why.left(200))), "redis_unavailable");
}

void info(const RedisOpsRouteDeps &s, HttpExchange *ex)
{
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    s.redis->command({"PING"}, ex, [s, ex, timer](const RedisReply &ping) {
        if (ping.isError()) {
            redisUnavailable(ex, ping.str);
            return;
        }
        const double pingMs = double(timer->nsecsElapsed()) / 1e6;
        s.redis->command({"INFO"}, ex, [s, ex, pingMs](const RedisReply &inf) {
            if (inf.isError()) {
                redisUnavailable(ex, inf.str);
                return;
            }
            const auto f = parseRedisInfo(inf.str);
            auto num = [&f](const char *k) { return Json(f.value(k).toLongLong()); };
            auto str = [&f](const char *k) { return Json(f.value(k).toStdString()); };
            Json answer{{"ping_ms", pingMs},
                        {"redis_version", str("redis_version")},
                        {"uptime_seconds", num("uptime_in_seconds")},
                        {"used_memory", num("used_memory")},
                        {"used_memory_human", str("used_memory_human")},
                        {"maxmemory", num("maxmemory")},
                        {"maxmemory_human", str("maxmemory_human")},
                        {"maxmemory_policy", str("maxmemory_policy")},
                        {"connected_clients", num("connected_clients")},
                        {"blocked_clients", num("blocked_clients")},
                        {"rejected_connections", num("rejected_connections")},
                        {"evicted_keys", num("evicted_keys")},
                        {"daemon_redis_errors", quint64(s.metrics->redisErrors.get().value())}}; // all of the daemon's connections
            s.redis->command({"DBSIZE"}, ex, [s, ex, answer](const RedisReply &size) mutable {
                answer["db_keys"] = size.toInteger();
                // Counted with SCAN, never KEYS: KEYS blocks Redis for the whole keyspace walk.
                scanRedisKeys(s.redis, ex, kRateLimitPattern, false,
                              [s, ex, answer](Result<RedisScanResult> scan) mutable {
                                  if (!scan.ok()) {
                                      answer["ratelimit_keys"] = nullptr;
                                      answer["ratelimit_keys_error"] = scan.error().toStdString();
                                  } else {
                                      answer["ratelimit_keys"] = scan->matched;
                                      answer["ratelimit_keys_truncated"] = scan->truncated;
                                  }
                                  // Redis Cluster: each node's role, memory and keys (null with a single Redis).
                                  collectRedisShards(s.redis, ex, [ex, answer](Json shards) mutable {
                                      answer["cluster"] = !shards.is_null();
                                      answer["shards"] = std::move(shards);
                                      ex->respondJson(200, answer);
                                  });
                              });
            });
        });
    });
}

// Emergency actions need an explicit confirmation phrase in the body, so a stray POST cannot wipe state.
bool confirmed(HttpExchange *ex, const Json &body, const char *phrase)
{
    if (body.contains("confirm") && body["confirm"] == phrase)
        return true;
    ex->respondError(
        400, QStringLiteral("this action needs {\"confirm\":\"%1\"} in the body").arg(QLatin1String(phrase)), "confirmation_required");
    return false;
}

void flushDb(const RedisOpsRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    auto body = jsonBody(ex);
    if (!body)
        return;
    const bool dryRun = isDryRun(ex);
    if (!dryRun && !confirmed(ex, *body, kFlushConfirm))
        return;
    s.redis->command({"DBSIZE"}, ex, [s, ex, who, dryRun, body = *body](const RedisReply &size) {
        if (size.isError()) {
            redisUnavailable(ex, size.str);
            return;
        }
        const qint64 keys = size.toInteger();
        if (dryRun) {
            respondDryRun(
                ex,
                Json{{"statement", "FLUSHDB"},
                     {"keys", keys},
                     {"warning",
                      "clears all rate-limit counters, concurrency counters and cached key validations"}});
            return;
        }
        s.redis->command({"FLUSHDB"}, ex, [s, ex, who, keys, body](const RedisReply &r) {
            AdminAction action{QStringLiteral("redis.flushdb"), QStringLiteral("redis"), body, who};
            if (r.isError()) {
                auditAndRespond(
                    s, ex, action,
                    fail(503, "redis_unavailable",
                             QStringLiteral("FLUSHDB failed: %1").arg(QString::fromUtf8(r.str.left(200)))));
                return;
            }
            auditAndRespond(s, ex, action, Json{{"flushed", true}, {"keys_before", keys}});
        });
    });
}

void clearRateLimits(const RedisOpsRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    auto body = jsonBody(ex);
    if (!body)
        return;
    const bool dryRun = isDryRun(ex);
    if (!dryRun && !confirmed(ex, *body, kClearLimitsConfirm))
        return;
    scanRedisKeys(
        s.redis, ex, kRateLimitPattern, !dryRun,
        [s, ex, who, dryRun, body = *body](Result<RedisScanResult> scan) {
            if (dryRun) {
                if (!scan.ok())
                    redisUnavailable(ex, scan.error().toUtf8());
                else
                    // The count is of now: traffic keeps creating counters until the operator confirms, and
                    // the real call clears those too and reports how many it deleted.
                    respondDryRun(ex, Json{{"pattern", kRateLimitPattern},
                                           {"keys", scan->matched},
                                           {"kept_replica_keys", scan->kept},
                                           {"method", "SCAN + UNLINK"},
                                           {"consequences", Json::array({Json{
                                               {"code", "count_is_live"}, {"severity", "info"}, {"keys", scan->matched},
                                               {"message", std::to_string(scan->matched) + " counter(s) now; counters that traffic creates "
                                                           "before you confirm are cleared too, and the result reports the exact number"}}})}});
                return;
            }
            AdminAction action{QStringLiteral("redis.clear_ratelimits"),
                               QString::fromLatin1(kRateLimitPattern), body, who};
            if (!scan.ok()) {
                auditAndRespond(s, ex, action, fail(503, "redis_unavailable", scan.error()));
                return;
            }
            auditAndRespond(s, ex, action,
                            Json{{"pattern", kRateLimitPattern},
                                 {"deleted", scan->deleted},
                                 {"kept_replica_keys", scan->kept},
                                 {"truncated", scan->truncated}});
        },
        100000, kReplicaBookkeeping);
}

} // namespace

QHash<QByteArray, QByteArray> parseRedisInfo(const QByteArray &info)
{
    QHash<QByteArray, QByteArray> fields;
    for (const QByteArray &line : info.split('\n')) {
        const QByteArray l = line.trimmed();
        const qsizetype colon = l.indexOf(':');
        if (l.isEmpty() || l.startsWith('#') || colon <= 0)
            continue;
        fields.insert(l.left(colon), l.mid(colon + 1));
    }
    return fields;
}

void registerRedisOpsRoutes(Router &router, const RedisOpsRouteDeps &s)
{
    router.add("GET", "/admin/redis/info",
               adminRoute(s, "redis", [s](HttpExchange *ex, const AdminIdentity &) { info(s, ex); }));
    router.add("POST", "/admin/redis/flushdb",
               adminRoute(s, "emergency",
                          [s](HttpExchange *ex, const AdminIdentity &who) { flushDb(s, ex, who); }));
    router.add("POST", "/admin/redis/ratelimits/clear",
               adminRoute(s, "emergency",
                          [s](HttpExchange *ex, const AdminIdentity &who) { clearRateLimits(s, ex, who); }));
}

} // namespace crosslogic
