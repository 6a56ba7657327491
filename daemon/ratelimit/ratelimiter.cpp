// Requests/tokens per minute and concurrency for key, environment and tenant: one atomic Redis round trip per
// request (Lua), sliding minute windows, leased in-flight slots; an in-process fallback when Redis is down.
#include "ratelimit/ratelimiter.h"

#include "core/decimal.h"
#include "core/log.h"
#include "base/spendperiod.h"
#include "ratelimit/ratelimitscripts.h"
#include "ratelimit/spendrefusal.h"
#include "store/redisclient.h"
#include "store/redisslot.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QPointer>
#include <QUuid>
#include <algorithm>

namespace crosslogic {
namespace {
constexpr int kWindowTtlSeconds = 180; // current + previous minute stay readable
const QByteArray kReplicaSet = QByteArrayLiteral("ratelimit:replicas");
const char *const kLevels[3] = {"key", "env", "tenant"};
const char *const kLevelNames[3] = {"API key", "environment", "tenant"};
const char *const kKinds[4] = {"", "requests", "tokens", "concurrency"};

QByteArray sha1Hex(const char *source)
{
    return QCryptographicHash::hash(QByteArray(source), QCryptographicHash::Sha1).toHex();
}

// A weight from 0 to 1 as text with six decimals ("0.437500"), without QByteArray::number(double).
QByteArray fixedMicros(double weight)
{
    const qint64 micros = std::clamp<qint64>(qRound64(weight * 1e6), 0, 1000000);
    char text[16];
    char *p = writeDecimal(text, micros / 1000000);
    *p++ = '.';
    const qint64 fraction = micros % 1000000;
    for (qint64 unit = 100000; unit > 0; unit /= 10)
        *p++ = char('0' + (fraction / unit) % 10);
    return QByteArray(text, qsizetype(p - text));
}

// EVALSHA/EVAL <script> <numKeys>, then the keys and arguments already written in RESP (tailCount of them).
QByteArray evalCommand(QByteArrayView verb, QByteArrayView script, const QByteArray &tail, int tailCount, int numKeys)
{
    RespArgs head(script.size() + 64);
    head.add(verb);
    head.add(script);
    head.add(qint64(numKeys));
    QByteArray out;
    out.reserve(head.bytes().size() + tail.size() + 16);
    out.append('*').append(decimal(qint64(3 + tailCount))).append("\r\n").append(head.bytes()).append(tail);
    return out;
}

qint64 effective(qint64 configured, qint64 fallback)
{
    return configured > 0 ? configured : fallback;
}
} // namespace

RateLimiter::RateLimiter(RedisClient *redis, RateLimitDefaults defaults, QObject *parent)
    : RateLimiter(redis, defaults, std::make_shared<LocalWindow>(), parent)
{
}

RateLimiter::RateLimiter(RedisClient *redis, RateLimitDefaults defaults, std::shared_ptr<LocalWindow> local, QObject *parent)
    : QObject(parent), m_redis(redis), m_defaults(defaults),
      m_replicaId(QUuid::createUuid().toByteArray(QUuid::WithoutBraces)), m_admitSha(sha1Hex(kAdmitScript)),
      m_releaseSha(sha1Hex(kReleaseScript)), m_reapSha(sha1Hex(kReapScript)), m_batchSha(sha1Hex(kBatchScript)),
      m_local(std::move(local))
{
    if (m_defaults.redisCalls) {
        m_callsAdmit = &m_defaults.redisCalls->labels({"admit"});
        m_callsRelease = &m_defaults.redisCalls->labels({"release"});
        m_callsBatch = &m_defaults.redisCalls->labels({"batch"});
        m_callsReap = &m_defaults.redisCalls->labels({"reap"});
    }
    if (!m_defaults.pendingReleases)
        m_defaults.pendingReleases = std::make_shared<PendingReleases>();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    m_releaseTimer.setSingleShot(true);
    m_releaseTimer.setInterval(std::clamp(m_defaults.batchHoldMs, 0, 2));
    connect(&m_flushTimer, &QTimer::timeout, this, &RateLimiter::flush);
    connect(&m_releaseTimer, &QTimer::timeout, this, &RateLimiter::flush);
    connect(&m_leaseTimer, &QTimer::timeout, this, [this] {
        refreshLease();
        reap();
    });
    m_leaseTimer.start(kLeaseMs / 3);
    connect(m_redis, &RedisClient::connected, this, &RateLimiter::refreshLease);
    // Releases lost while Redis was away would leak slots under the old identity: take a new one, and the old
    // lease lapses so the reaper returns everything it held (requests still running then release into clamps).
    connect(m_redis, &RedisClient::disconnected, this, [this] {
        m_replicaId = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        m_notedTenants.clear();
    });
    refreshLease();
}

QByteArray RateLimiter::minuteStamp(qint64 epochMs)
{
    // Every request asks for the current and the previous minute; formatting a QDateTime each time cost ~13k
    // instructions per request, so the last two answers are kept (one event-loop thread uses each cache).
    struct Cached
    {
        qint64 minute = -1;
        QByteArray stamp;
    };
    thread_local Cached cache[2];
    const qint64 minute = epochMs >= 0 ? epochMs / 60000 : (epochMs - 59999) / 60000;
    Cached &slot = cache[minute & 1];
    if (slot.minute != minute) {
        slot.stamp = QDateTime::fromMSecsSinceEpoch(minute * 60000, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm")).toLatin1();
        slot.minute = minute;
    }
    return slot.stamp;
}

QByteArray RateLimiter::counterKey(const char *level, const QString &id, const char *what, const QByteArray &minute,
                                   const QString &tenantId)
{
    QByteArray k = QByteArrayLiteral("ratelimit:") + redisTenantTag(tenantId) + level + ':' + id.toLatin1() + ':' + what;
    if (!minute.isEmpty())
        k += ':' + minute;
    return k;
}

QByteArray RateLimiter::spendKey(const SpendBudget &budget, qint64 nowMs, const QString &tenantId)
{
    return spendCounterKey(budget.level, budget.scopeId, budget.period, nowMs, tenantId);
}

QByteArray RateLimiter::formatReset(qint64 ms)
{
    if (ms < 1000)
        return decimal(qMax<qint64>(ms, 1)) + "ms";
    const qint64 s = (ms + 999) / 1000;
    if (s >= 60)
        return QByteArray(decimal(s / 60) + "m" + decimal(s % 60) + "s");
    return QByteArray(decimal(s) + "s");
}

void RateLimiter::refreshLease()
{
    if (!m_redis->isConnected())
        return;
    if (redisClusterKeyLayout()) {
        refreshClusterLease(); // ratelimitreaper.cpp
        return;
    }
    m_redis->command({"SET", "ratelimit:replica:" + m_replicaId + ":alive", "1", "PX", decimal(kLeaseMs)}, this,
                              [](const RedisReply &) {});
    m_redis->command({"SADD", kReplicaSet, m_replicaId}, this, [](const RedisReply &) {});
}

void RateLimiter::reap()
{
    if (redisClusterKeyLayout()) {
        reapCluster(); // ratelimitreaper.cpp
        return;
    }
    RespArgs keys(64);
    keys.add(kReplicaSet);
    countCall(m_callsReap);
    evalsha(m_reapSha, kReapScript, keys.bytes(), keys.count(), 1, this, [](const RedisReply &r) {
        if (!r.isError() && r.integer > 0)
            spdlog::warn("rate limits: reclaimed the concurrency slots of {} in-flight requests held by replicas that stopped", r.integer);
    });
}

void RateLimiter::evalsha(const QByteArray &sha, const char *source, QByteArray tail, int tailCount, int numKeys,
                          QObject *context, std::function<void(const RedisReply &)> done)
{
    QPointer<QObject> ctx(context);
    const QByteArray command = evalCommand("EVALSHA", sha, tail, tailCount, numKeys); // before tail moves below
    m_redis->commandResp(command, this,
                         [this, source, tail = std::move(tail), tailCount, numKeys, ctx, done = std::move(done)](const RedisReply &r) {
        if (r.isError() && r.str.startsWith("NOSCRIPT")) {
            // Redis restarted or SCRIPT FLUSH: send the source once, which also caches it again.
            m_redis->commandResp(evalCommand("EVAL", source, tail, tailCount, numKeys), this, [ctx, done](const RedisReply &again) {
                if (ctx)
                    done(again);
            });
            return;
        }
        if (ctx)
            done(r);
    });
}

void RateLimiter::admit(const KeyInfo &key, qint64 tokenEstimate, qint64 maxCostMicros, qint64 minCostMicros, QObject *context,
                        std::function<void(Admission)> done)
{
    const std::array<LevelLimits, 3> limits = {
        LevelLimits{effective(key.keyLimits.requestsPerMin, m_defaults.key.requestsPerMin),
                    effective(key.keyLimits.tokensPerMin, m_defaults.key.tokensPerMin),
                    effective(key.keyLimits.concurrency, m_defaults.key.concurrency)},
        LevelLimits{effective(key.environmentLimits.requestsPerMin, m_defaults.environment.requestsPerMin),
                    effective(key.environmentLimits.tokensPerMin, m_defaults.environment.tokensPerMin),
                    effective(key.environmentLimits.concurrency, m_defaults.environment.concurrency)},
        LevelLimits{effective(key.tenantLimits.requestsPerMin, m_defaults.tenant.requestsPerMin),
                    effective(key.tenantLimits.tokensPerMin, m_defaults.tenant.tokensPerMin),
                    effective(key.tenantLimits.concurrency, m_defaults.tenant.concurrency)}};
    const QString ids[3] = {key.keyId, key.environmentId, key.tenantId};

    if (!m_redis->isConnected()) {
        done(decideLocally(key, limits, tokenEstimate));
        return;
    }
    m_warnedDown = false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QByteArray cur = minuteStamp(now), prev = minuteStamp(now - 60000);
    const qint64 msIntoMinute = now % 60000;
    const double prevWeight = 1.0 - double(msIntoMinute) / 60000.0;

    auto admission = std::make_shared<Admission>();
    admission->estimate = tokenEstimate;
    admission->viaRedis = true;
    admission->redisTag = redisTenantTag(key.tenantId);
    if (!admission->redisTag.isEmpty())
        noteTenant(key.tenantId);
    const qint64 spendNow = now + m_defaults.spendClockOffsetMs;
    const qint64 reserve = qMax<qint64>(0, maxCostMicros);
    const qint64 minReserve = std::clamp<qint64>(minCostMicros, 0, reserve);
    for (const SpendBudget &b : key.budgets)
        admission->spendKeys.append(spendKey(b, spendNow, key.tenantId));
    admission->reservedMicros = key.budgets.isEmpty() ? 0 : reserve;
    RespArgs keys(1024);
    keys.addJoined({"ratelimit:", admission->redisTag, "replica:", m_replicaId, ":inflight"});
    for (int l = 0; l < 3; ++l) {
        // Only the counters a limit reads (the script skips the rest), so only those are released. The same strings
        // as counterKey(), written straight into the command from one "ratelimit:<level>:<id>:" prefix per level;
        // only the two kept for release are separate strings.
        const LevelLimits &limit = limits[size_t(l)];
        if (limit.requestsPerMin <= 0 && limit.tokensPerMin <= 0 && limit.concurrency <= 0)
            continue;
        const QByteArray prefix = QByteArrayLiteral("ratelimit:") + admission->redisTag + kLevels[l] + ':' + ids[l].toLatin1() + ':';
        if (limit.requestsPerMin > 0) {
            keys.addJoined({prefix, "minute:", cur});
            keys.addJoined({prefix, "minute:", prev});
        }
        if (limit.tokensPerMin > 0) {
            admission->tokenKeys[size_t(l)] = prefix + "tokens:" + cur;
            keys.add(admission->tokenKeys[size_t(l)]);
            keys.addJoined({prefix, "tokens:", prev});
        }
        if (limit.concurrency > 0) {
            admission->concurrencyKeys[size_t(l)] = prefix + "concurrency";
            keys.add(admission->concurrencyKeys[size_t(l)]);
        }
    }
    for (const QByteArray &k : std::as_const(admission->spendKeys))
        keys.add(k);
    RespArgs args(256);
    args.add(fixedMicros(prevWeight));
    args.add(tokenEstimate);
    args.add(qint64(kWindowTtlSeconds));
    for (const LevelLimits &l : limits) {
        args.add(l.requestsPerMin);
        args.add(l.tokensPerMin);
        args.add(l.concurrency);
    }
    if (!key.budgets.isEmpty()) {
        args.add(reserve);
        args.add(qint64(key.budgets.size()));
        for (const SpendBudget &b : key.budgets)
            args.add(b.amountMicros);
        // A period's counter outlives its period by a week (reconciliation and the runbook read the last one).
        for (const SpendBudget &b : key.budgets)
            args.add(spendCounterTtlSeconds(b.period, spendNow));
        args.add(spendReadyKey(m_defaults.spendClockOffsetMs, admission->redisTag.isEmpty() ? QString() : key.tenantId));
        args.add(minReserve);
    }

    LimiterOp op{true, keys.bytes(), keys.count(), args.bytes(), args.count(), context, {}, admission->redisTag};
    op.done = [this, admission, limits, msIntoMinute, key, tokenEstimate, minReserve, spendNow, done](const RedisReply &r) {
        // Admitted: 3 + 9 counts; rejected at level L: 3 + 3*L counts (the levels checked so far).
        if (r.isError() || r.type != RedisReply::Type::Array || r.elements.size() < 6) {
            spdlog::warn("rate limits: Redis answered {}; applying the {} policy", qs(r.str), m_defaults.failOpen ? "fail-open" : "fail-closed");
            done(decideLocally(key, limits, tokenEstimate));
            return;
        }
        Admission &a = *admission;
        a.admitted = r.elements[0].integer == 1;
        const qint64 resetMs = 60000 - msIntoMinute;
        // Headers describe the key level, the one a client controls (OpenAI's x-ratelimit-* semantics).
        const LevelLimits &kl = limits[0];
        const qint64 usedReq = r.elements[3].integer + (a.admitted ? 1 : 0);
        const qint64 usedTok = r.elements[4].integer + (a.admitted ? tokenEstimate : 0);
        if (kl.requestsPerMin > 0) {
            a.headers.append({"x-ratelimit-limit-requests", decimal(kl.requestsPerMin)});
            a.headers.append({"x-ratelimit-remaining-requests", decimal(qMax<qint64>(0, kl.requestsPerMin - usedReq))});
            a.headers.append({"x-ratelimit-reset-requests", formatReset(resetMs)});
        }
        if (kl.tokensPerMin > 0) {
            a.headers.append({"x-ratelimit-limit-tokens", decimal(kl.tokensPerMin)});
            a.headers.append({"x-ratelimit-remaining-tokens", decimal(qMax<qint64>(0, kl.tokensPerMin - usedTok))});
            a.headers.append({"x-ratelimit-reset-tokens", formatReset(resetMs)});
        }
        if (!a.admitted && r.elements[2].integer == 5) {
            a = spendUnavailable();
            a.message = QStringLiteral("spend counters are being rebuilt from PostgreSQL after a Redis loss; retry shortly");
        } else if (!a.admitted && r.elements[2].integer == 4 && r.elements.size() >= 13) {
            const int cap = int(std::clamp<long long>(r.elements[1].integer, 1, key.budgets.size())) - 1;
            refuseForSpend(a, key.budgets[cap], r.elements[12].integer, minReserve, spendNow);
            a.spendKeys.clear();
        } else if (a.admitted && !key.budgets.isEmpty() && r.elements.size() >= 14) {
            a.reservedMicros = qBound<qint64>(0, r.elements[12].integer, a.reservedMicros);
            const qint64 by = r.elements[13].integer;
            a.spendLimitedBy = by >= 1 && by <= key.budgets.size() ? int(by) - 1 : -1;
        } else if (!a.admitted) {
            const int level = int(r.elements[1].integer) - 1;
            const int kind = int(std::clamp<long long>(r.elements[2].integer, 1, 3));
            const qint64 limit = kind == 1 ? limits[size_t(level)].requestsPerMin
                               : kind == 2 ? limits[size_t(level)].tokensPerMin : limits[size_t(level)].concurrency;
            a.status = 429;
            a.level = kLevels[level];
            a.code = kind == 3 ? QByteArrayLiteral("concurrency_limit_exceeded") : QByteArrayLiteral("rate_limit_exceeded");
            a.type = kKinds[kind];
            a.retryAfterSeconds = kind == 3 ? 1 : int((resetMs + 999) / 1000);
            a.message = kind == 3 ? QStringLiteral("too many concurrent requests for this %1: limit %2 in flight")
                                        .arg(QLatin1String(kLevelNames[level])).arg(limit)
                                  : QStringLiteral("rate limit reached for this %1: %2 %3 per minute; retry in %4 s")
                                        .arg(QLatin1String(kLevelNames[level])).arg(limit).arg(QLatin1String(kKinds[kind]))
                                        .arg(a.retryAfterSeconds);
            a.headers.append(qMakePair(QByteArrayLiteral("retry-after"), decimal(a.retryAfterSeconds)));
        }
        done(a);
    };
    if (!m_defaults.batch) {
        send(std::move(op));
        return;
    }
    // Sent at the end of this event-loop turn with whatever else is ready then (flush()).
    m_admissions.push_back(std::move(op));
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

Admission RateLimiter::decideLocally(const KeyInfo &key, const std::array<LevelLimits, 3> &limits, qint64 estimate)
{
    if (!key.budgets.isEmpty())
        return spendUnavailable();
    Admission a;
    a.estimate = estimate;
    if (!m_defaults.failOpen) {
        a.status = 503;
        a.code = "rate_limiter_unavailable";
        a.message = QStringLiteral("rate limiting is unavailable and the policy is fail-closed; retry shortly");
        a.retryAfterSeconds = 1;
        a.headers.append(qMakePair(QByteArrayLiteral("retry-after"), QByteArrayLiteral("1")));
        return a;
    }
    if (!m_warnedDown) {
        spdlog::warn("rate limits: Redis unavailable, limiting per replica in process (fail-open) until it returns");
        m_warnedDown = true;
    }
    // Per replica, the key level only: an approximation, by design, for the duration of the outage.
    a.localKey = key.keyId;
    const LevelLimits &l = limits[0];
    a.admitted = m_local->admit(key.keyId, QDateTime::currentMSecsSinceEpoch(), l.requestsPerMin, l.tokensPerMin, l.concurrency, estimate);
    if (a.admitted) {
        m_fallbackAdmissions.fetch_add(1, std::memory_order_relaxed);
        return a;
    }
    a.localKey.clear();
    a.status = 429;
    a.level = "key";
    a.code = "rate_limit_exceeded";
    a.type = "requests";
    a.retryAfterSeconds = 1;
    a.message = QStringLiteral("rate limit reached for this API key (local limiter while the shared one is unavailable)");
    a.headers.append(qMakePair(QByteArrayLiteral("retry-after"), QByteArrayLiteral("1")));
    return a;
}

void RateLimiter::release(const Admission &admission, qint64 actualTokens, qint64 actualCostMicros)
{
    if (!admission.admitted)
        return;
    if (!admission.localKey.isEmpty())
        m_local->release(admission.localKey);
    if (!admission.viaRedis)
        return;
    RespArgs keys(512);
    const auto addCounted = [&keys](const std::array<QByteArray, 3> &counters) {
        qint64 n = 0;
        for (const QByteArray &k : counters)
            if (!k.isEmpty()) {
                keys.add(k);
                ++n;
            }
        return n;
    };
    const qint64 tokenCounters = addCounted(admission.tokenKeys);
    const qint64 concurrencyCounters = addCounted(admission.concurrencyKeys);
    keys.addJoined({"ratelimit:", admission.redisTag, "replica:", m_replicaId, ":inflight"});
    for (const QByteArray &k : admission.spendKeys)
        keys.add(k);
    RespArgs args(64);
    args.add(actualTokens - admission.estimate);
    args.add(qint64(kWindowTtlSeconds));
    args.add(admission.spendKeys.isEmpty() ? 0 : actualCostMicros - admission.reservedMicros); // the reservation's rest goes back
    args.add(tokenCounters);
    args.add(concurrencyCounters);
    LimiterOp op{false, keys.bytes(), keys.count(), args.bytes(), args.count(), {}, {}, admission.redisTag};
    if (!m_defaults.batch) {
        send(std::move(op));
        return;
    }
    // Rides with the next admission of any thread (which takes it along, ahead of itself), or goes out alone when
    // none comes within RATE_LIMIT_BATCH_HOLD_MS.
    {
        QMutexLocker lock(&m_defaults.pendingReleases->mutex);
        m_defaults.pendingReleases->ops.push_back(std::move(op));
    }
    if (!m_releaseTimer.isActive())
        m_releaseTimer.start();
}

} // namespace crosslogic
