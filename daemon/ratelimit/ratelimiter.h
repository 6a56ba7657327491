// Requests/tokens per minute and concurrency for key, environment and tenant: one atomic Redis script per admission
// and per release (Lua), sliding minute windows, leased in-flight slots; an in-process fallback when Redis is down.
// With RATE_LIMIT_BATCH the admissions and releases a thread has ready go out together as one script call
// (ratelimitbatch.cpp).
#pragma once

#include "base/keyinfo.h"
#include "config/config.h"
#include "metrics/metricfamily.h"
#include "ratelimit/localwindow.h"
#include "store/redisclient.h"

#include <QByteArray>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace crosslogic {

class RedisClient;

// One admission or release as its script's keys and arguments (in RESP), ready to run alone or in a batch.
struct LimiterOp
{
    bool admission = false;
    QByteArray keys; // RESP bulk strings
    int keyCount = 0;
    QByteArray args;
    int argCount = 0;
    QPointer<QObject> context; // admissions: the answer goes to done while context lives
    std::function<void(const RedisReply &)> done;
    QByteArray tag; // Redis Cluster: "{<tenant>}:", the slot its keys share (a batch holds one tenant's operations)
};

// Releases waiting to ride with the next admission, shared by every I/O thread's limiter of a daemon: whichever
// thread sends an admission first takes all of them along, ahead of it, so an admission never misses a release
// that was queued before it on any thread.
struct PendingReleases
{
    QMutex mutex;
    std::vector<LimiterOp> ops;
};

struct RateLimitDefaults
{
    LevelLimits key;         // applies when the key row has no value
    LevelLimits environment; // 0: unlimited
    LevelLimits tenant;
    bool failOpen = Config::defaults().rateLimitFailOpen; // Redis unavailable: admit in process (true) or 503
    qint64 spendClockOffsetMs = 0; // added to the clock budget periods are computed with (SPEND_CLOCK_OFFSET_SECONDS)
    bool batch = Config::defaults().rateLimitBatch;             // RATE_LIMIT_BATCH
    int batchHoldMs = Config::defaults().rateLimitBatchHoldMs; // RATE_LIMIT_BATCH_HOLD_MS: longest wait of a release
    CounterFamily *redisCalls = nullptr; // ratelimit_redis_calls_total{script}, when given
    // Copies share it: every thread's limiter made from one RateLimitDefaults uses the same queue.
    std::shared_ptr<PendingReleases> pendingReleases = std::make_shared<PendingReleases>();
};

// What the gateway needs to answer and to release later.
struct Admission
{
    bool admitted = false;
    int status = 0;           // 429 or 503 when not admitted
    QString message;
    QByteArray code;
    QByteArray type;          // requests | tokens | concurrency (what was exceeded)
    QByteArray level;         // key | env | tenant (where)
    int retryAfterSeconds = 0;
    QList<QPair<QByteArray, QByteArray>> headers; // x-ratelimit-*, retry-after
    // For release: the keys written at admission (empty where that level has no such limit: not counted).
    std::array<QByteArray, 3> tokenKeys;
    std::array<QByteArray, 3> concurrencyKeys;
    qint64 estimate = 0;
    QList<QByteArray> spendKeys; // spend:<level>:<id>:<period stamp>, reserved on
    qint64 reservedMicros = 0;   // the cost reserved on each of them (a stream may get less than its maximum)
    int spendLimitedBy = -1;     // index in KeyInfo::budgets of the cap that reserved less than the maximum; -1: none
    bool viaRedis = false;
    QByteArray redisTag; // "{<tenant>}:" in Redis Cluster mode (the replica's in-flight hash of this tenant)
    QString localKey;

    // The refusal as the client sees it: a 429 names what was exceeded as its type, as OpenAI's do.
    Error error() const { return Error{message, status, code, {}, status == 429 ? type : QByteArray()}; }
};

class RateLimiter : public QObject
{
    Q_OBJECT
public:
    static constexpr int kLeaseMs = 15000;

    // On one Redis connection, with its own in-process fallback window.
    RateLimiter(RedisClient *redis, RateLimitDefaults defaults, QObject *parent = nullptr);
    // One per I/O thread: that thread's Redis connection, and the fallback window every thread shares. Each
    // instance is a replica of its own for the in-flight leases (ratelimit:replica:<id>).
    RateLimiter(RedisClient *redis, RateLimitDefaults defaults, std::shared_ptr<LocalWindow> local, QObject *parent = nullptr);

    // maxCostMicros is reserved against every spend cap of key.budgets in the same atomic step; a cap without
    // room refuses with 429 insufficient_quota.
    // minCostMicros (a stream: its prompt and one token) lets admission reserve less than maxCostMicros when a cap has
    // less room left: Admission::reservedMicros then says how much, spendLimitedBy which cap.
    void admit(const KeyInfo &key, qint64 tokenEstimate, qint64 maxCostMicros, qint64 minCostMicros, QObject *context,
               std::function<void(Admission)> done);
    void admit(const KeyInfo &key, qint64 tokenEstimate, qint64 maxCostMicros, QObject *context, std::function<void(Admission)> done)
    {
        admit(key, tokenEstimate, maxCostMicros, maxCostMicros, context, std::move(done));
    }
    void admit(const KeyInfo &key, qint64 tokenEstimate, QObject *context, std::function<void(Admission)> done)
    {
        admit(key, tokenEstimate, 0, context, std::move(done));
    }
    // Exactly once per admitted request, whatever its outcome: settles tokens and spend (to the metered cost) and
    // frees the concurrency slot.
    void release(const Admission &admission, qint64 actualTokens, qint64 actualCostMicros);
    void release(const Admission &admission, qint64 actualTokens) { release(admission, actualTokens, admission.reservedMicros); }
    const QByteArray &replicaId() const { return m_replicaId; }
    const RateLimitDefaults &defaults() const { return m_defaults; }
    quint64 fallbackAdmissions() const { return m_fallbackAdmissions.load(std::memory_order_relaxed); }

    static QByteArray minuteStamp(qint64 epochMs); // YYYY-MM-DDTHH:MM (UTC)
    // ratelimit:<level>:<id>:<what>[:<minute>]; in Redis Cluster mode ratelimit:{<tenant>}:<level>:… (the tenant as
    // hash tag: one request's keys share a slot, store/redisslot.h).
    static QByteArray counterKey(const char *level, const QString &id, const char *what, const QByteArray &minute = {},
                                 const QString &tenantId = {});
    static QByteArray formatReset(qint64 ms); // OpenAI style: "1m2s", "15s", "250ms"
    // The Redis counter of a spend cap in the period holding nowMs: spend:<level>:<id>:<stamp>.
    static QByteArray spendKey(const SpendBudget &budget, qint64 nowMs, const QString &tenantId = {});

private:
    // EVALSHA with the arguments after numkeys (keys, then script arguments), falling back to EVAL once when Redis
    // does not know the script.
    void evalsha(const QByteArray &sha, const char *source, QByteArray tail, int tailCount, int numKeys,
                 QObject *context, std::function<void(const RedisReply &)> done);
    void send(LimiterOp op, bool tracked = false); // one operation, with its own script (tracked: sent by flush())
    void sendBatch(std::vector<LimiterOp> ops);     // several, as kBatchScript (sent by flush())
    // This thread's admissions and every queued release: now, or when the call on its way is answered.
    void flush();
    void callFinished(); // a call flush() sent was answered
    void countCall(Counter *counter);
    void refreshLease();
    void reap();
    void reapCluster();
    void refreshClusterLease();
    // Cluster mode: notes in ratelimit:replica:<id>:tenants that this replica holds slots in the tenant's slot.
    void noteTenant(const QString &tenantId);
    Admission decideLocally(const KeyInfo &key, const std::array<LevelLimits, 3> &limits, qint64 estimate);

    RedisClient *m_redis;
    RateLimitDefaults m_defaults;
    QByteArray m_replicaId;
    QByteArray m_admitSha;
    QByteArray m_releaseSha;
    QByteArray m_reapSha;
    QByteArray m_batchSha;
    std::vector<LimiterOp> m_admissions; // queued this event-loop turn (RATE_LIMIT_BATCH)
    QTimer m_flushTimer;                 // 0 ms: the end of this event-loop turn
    QTimer m_releaseTimer;               // RATE_LIMIT_BATCH_HOLD_MS: a release's longest wait for an admission
    int m_callsInFlight = 0;             // flush()'s calls not answered yet
    bool m_flushDeferred = false;        // flush() waits for them
    bool m_flushing = false;
    Counter *m_callsAdmit = nullptr;
    Counter *m_callsRelease = nullptr;
    Counter *m_callsBatch = nullptr;
    Counter *m_callsReap = nullptr;
    QTimer m_leaseTimer;
    std::shared_ptr<LocalWindow> m_local;
    std::atomic<quint64> m_fallbackAdmissions{0};
    bool m_warnedDown = false;
    QSet<QString> m_notedTenants; // cluster mode: tenants already in this replica id's tenants set
};

} // namespace crosslogic
