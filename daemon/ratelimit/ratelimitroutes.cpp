// GET/DELETE /admin/ratelimits/{level}/{id}: live counters against configured limits, and the runbook's clears.
#include "ratelimit/ratelimitroutes.h"

#include "config/configslot.h"
#include "base/adminaction.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "base/opsaction.h"
#include "store/redisscan.h"
#include "ratelimit/ratelimiter.h"
#include "store/redisclient.h"
#include "store/redisslot.h"
#include "store/sqljson.h"

#include <QDateTime>
#include <QPointer>

namespace crosslogic {
namespace {

struct Target
{
    QByteArray level; // key | env | tenant
    QString id;
    QString tenantId; // Redis Cluster mode: the hash tag of the counters (store/redisslot.h), read with the limits
};

bool parseTarget(HttpExchange *ex, Target *t)
{
    t->level = ex->request().param("level").toLatin1();
    t->id = ex->request().param("id");
    if (t->level != "key" && t->level != "env" && t->level != "tenant") {
        ex->respondError(400, QStringLiteral("level must be key, env or tenant"), "invalid_value");
        return false;
    }
    return uuidOr404(ex, t->id, QString::fromLatin1(t->level));
}

QList<QByteArray> keysFor(const Target &t, const QByteArray &scope, qint64 now)
{
    const QByteArray cur = RateLimiter::minuteStamp(now), prev = RateLimiter::minuteStamp(now - 60000);
    const char *level = t.level.constData();
    QList<QByteArray> keys;
    if (scope == "minute" || scope == "all")
        keys << RateLimiter::counterKey(level, t.id, "minute", cur, t.tenantId) << RateLimiter::counterKey(level, t.id, "minute", prev, t.tenantId);
    if (scope == "tokens" || scope == "all")
        keys << RateLimiter::counterKey(level, t.id, "tokens", cur, t.tenantId) << RateLimiter::counterKey(level, t.id, "tokens", prev, t.tenantId);
    if (scope == "concurrency" || scope == "all")
        keys << RateLimiter::counterKey(level, t.id, "concurrency", {}, t.tenantId);
    return keys;
}

// The limits configured for the target (its row), with the daemon's defaults where a key row sets none.
QString limitsSql(const QByteArray &level)
{
    const char *table = level == "key" ? "api_keys" : level == "env" ? "environments" : "tenants";
    return QStringLiteral("SELECT json_build_object('requests_per_min', rate_limit_requests_per_min, 'tokens_per_min',"
                          " rate_limit_tokens_per_min, 'concurrency', concurrency_limit, 'tenant_id', %2) FROM %1 WHERE id = ?")
        .arg(QLatin1String(table), QLatin1String(level == "tenant" ? "id" : "tenant_id"));
}

Json effectiveLimits(const Json &row, const QByteArray &level, const Config &cfg)
{
    auto pick = [&](const char *field, qint64 fallback) -> Json {
        if (row.contains(field) && row[field].is_number_integer())
            return row[field];
        return fallback > 0 ? Json(fallback) : Json(nullptr); // null: unlimited
    };
    const bool key = level == "key";
    return Json{{"requests_per_min", pick("requests_per_min", key ? cfg.defaultRequestsPerMin : 0)},
                {"tokens_per_min", pick("tokens_per_min", key ? cfg.defaultTokensPerMin : 0)},
                {"concurrency", pick("concurrency", key ? cfg.defaultConcurrency : 0)}};
}

// Reads the target's row (its limits and tenant): then runs with the target's tenant filled in, unless the exchange
// is gone, the read failed (answered) or there is no such key, environment or tenant (404).
void loadTarget(const RateLimitRouteDeps &s, HttpExchange *ex, Target t,
                std::function<void(HttpExchange *, const Target &, const Json &row)> then)
{
    QPointer<HttpExchange> guard(ex);
    s.db->run(ex, [t](QSqlDatabase &db) { return queryJson(db, limitsSql(t.level), {t.id}); },
              [guard, t, then = std::move(then)](Result<Json> row) mutable {
        if (!guard)
            return;
        if (!row.ok()) {
            respondFailure(guard, row.failure());
            return;
        }
        if (row->is_null()) {
            guard->respondError(404, QStringLiteral("no %1 with id %2").arg(QString::fromLatin1(t.level), t.id), "not_found");
            return;
        }
        t.tenantId = QString::fromStdString(row->value("tenant_id", std::string()));
        then(guard, t, *row);
    });
}

void show(const RateLimitRouteDeps &s, HttpExchange *ex)
{
    Target target;
    if (!parseTarget(ex, &target))
        return;
    loadTarget(s, ex, target, [s](HttpExchange *loaded, const Target &t, const Json &row) {
        QPointer<HttpExchange> guard(loaded);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QList<QByteArray> keys = keysFor(t, "all", now);
        const Json limits = effectiveLimits(row, t.level, *s.config);
        s.redis->command(QList<QByteArray>{"MGET"} + keys, guard, [guard, keys, limits, now, t](const RedisReply &r) {
            if (r.isError() || r.elements.size() != size_t(keys.size())) {
                guard->respondError(503, QStringLiteral("Redis unavailable: %1").arg(QString::fromUtf8(r.str.left(200))),
                                    "redis_unavailable");
                return;
            }
            auto at = [&](int i) { return r.elements[size_t(i)].toInteger(0); };
            const double prevWeight = 1.0 - double(now % 60000) / 60000.0;
            Json redisKeys = Json::object();
            for (int i = 0; i < keys.size(); ++i)
                redisKeys[keys[i].toStdString()] = r.elements[size_t(i)].isNil() ? Json(nullptr) : Json(at(i));
            guard->respondJson(200, Json{
                {"level", t.level.toStdString()}, {"id", t.id.toStdString()},
                {"minute", RateLimiter::minuteStamp(now).toStdString()},
                {"limits", limits},
                {"current", {{"requests", at(0)}, {"previous_requests", at(1)},
                             {"window_requests", at(0) + qint64(double(at(1)) * prevWeight)},
                             {"tokens", at(2)}, {"previous_tokens", at(3)},
                             {"window_tokens", at(2) + qint64(double(at(3)) * prevWeight)},
                             {"concurrency", at(4)}}},
                {"reset_in_ms", 60000 - now % 60000},
                {"redis_keys", redisKeys}});
        });
    });
}

void clearTarget(const RateLimitRouteDeps &s, HttpExchange *ex, const AdminIdentity &who, const Target &t);

void clear(const RateLimitRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    Target t;
    if (!parseTarget(ex, &t))
        return;
    if (!redisClusterKeyLayout()) {
        clearTarget(s, ex, who, t);
        return;
    }
    // Redis Cluster: the counters' names carry the tenant, read from the row first.
    loadTarget(s, ex, t, [s, who](HttpExchange *loaded, const Target &withTenant, const Json &) { clearTarget(s, loaded, who, withTenant); });
}

void clearTarget(const RateLimitRouteDeps &s, HttpExchange *ex, const AdminIdentity &who, const Target &t)
{
    QByteArray scope = ex->request().queryValue(QStringLiteral("scope")).toLatin1();
    if (scope.isEmpty())
        scope = "all";
    if (scope != "minute" && scope != "tokens" && scope != "concurrency" && scope != "all") {
        ex->respondError(400, QStringLiteral("scope must be minute, tokens, concurrency or all"), "invalid_value");
        return;
    }
    const AdminAction action{QStringLiteral("ratelimit.clear"), QString::fromLatin1(t.level) + QLatin1Char(':') + t.id,
                             Json{{"scope", scope.toStdString()}}, who};
    QPointer<HttpExchange> guard(ex);
    const QByteArray pattern = "ratelimit:" + redisTenantTag(t.tenantId) + t.level + ':' + t.id.toLatin1() + ":*";
    if (isDryRun(ex)) {
        scanRedisKeys(s.redis, ex, pattern, false, [guard, scope, t, pattern](Result<RedisScanResult> r) {
            if (!guard)
                return;
            if (!r.ok()) {
                guard->respondError(503, QStringLiteral("Redis unavailable"), "redis_unavailable");
                return;
            }
            respondDryRun(guard, Json{{"scope", scope.toStdString()},
                                      {"keys", scope == "all" ? Json(r->matched) : Json(keysFor(t, scope, QDateTime::currentMSecsSinceEpoch()).size())},
                                      {"pattern", scope == "all" ? pattern.toStdString() : std::string()}});
        });
        return;
    }
    if (scope == "all") {
        // Every counter of this target, whatever minute it belongs to (runbook §5.2's KEYS … | xargs DEL, without KEYS).
        scanRedisKeys(s.redis, ex, pattern, true, [s, guard, action](Result<RedisScanResult> r) {
            if (!guard)
                return;
            auditAndRespond(s, guard, action, r.ok() ? Result<Json>(Json{{"deleted", r->deleted}}) : Result<Json>(r.failure()));
        });
        return;
    }
    s.redis->command(QList<QByteArray>{"DEL"} + keysFor(t, scope, QDateTime::currentMSecsSinceEpoch()), ex,
                     [s, guard, action](const RedisReply &r) {
        if (!guard)
            return;
        auditAndRespond(s, guard, action, r.isError() ? Result<Json>(fail(QString::fromUtf8(r.str))) : Result<Json>(Json{{"deleted", r.integer}}));
    });
}

} // namespace

void registerRateLimitRoutes(Router &router, const RateLimitRouteDeps &s)
{
    router.add("GET", "/admin/ratelimits/{level}/{id}", adminRoute(s, "limits", [s](HttpExchange *ex, const AdminIdentity &) { show(s, ex); }));
    router.add("DELETE", "/admin/ratelimits/{level}/{id}", adminRoute(s, "limits", [s](HttpExchange *ex, const AdminIdentity &who) {
        clear(s, ex, who);
    }));
}

} // namespace crosslogic
