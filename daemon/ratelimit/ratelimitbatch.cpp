// The rate limiter's calls to Redis: one admission or release alone (its own script), or, with RATE_LIMIT_BATCH,
// everything a thread has ready as one kBatchScript call. What is ready: the admissions this thread queued during
// the current event-loop turn (flushed by a 0 ms timer, which runs after the turn's socket events), and every
// release any thread queued (PendingReleases), put ahead of the admissions so that each admission sees every slot
// freed before it. A release waits at most RATE_LIMIT_BATCH_HOLD_MS for an admission to ride with.
// While one of this thread's calls is on its way, what becomes ready waits for its answer and then goes out as the
// next call: an idle limiter sends at once, a busy one sends one call per Redis round trip, however many requests
// arrive meanwhile (the batch grows with the load instead of the number of calls).
#include "core/log.h"
#include "metrics/metricvalue.h"
#include "ratelimit/ratelimiter.h"
#include "ratelimit/ratelimitscripts.h"

#include <QHash>
#include <iterator>

namespace crosslogic {
namespace {
// Operations per batch call: a few hundred keys at most, one script run of well under a millisecond.
constexpr size_t kMaxBatch = 64;

void warnReleaseLost(const QByteArray &why)
{
    // If Redis is down now, the lease expires and the reaper of another replica (or this one) reclaims the slot.
    spdlog::warn("rate limits: release not recorded ({}); the slot is reclaimed when this replica's lease lapses", qs(why));
}
} // namespace

void RateLimiter::countCall(Counter *counter)
{
    if (counter)
        counter->inc();
}

void RateLimiter::flush()
{
    m_flushTimer.stop();
    if (m_flushing)
        return;
    if (m_callsInFlight > 0 && m_redis->isConnected()) {
        m_flushDeferred = true; // callFinished() flushes
        return;
    }
    m_flushDeferred = false;
    m_flushing = true;
    std::vector<LimiterOp> ops;
    {
        QMutexLocker lock(&m_defaults.pendingReleases->mutex);
        ops.swap(m_defaults.pendingReleases->ops);
    }
    ops.reserve(ops.size() + m_admissions.size());
    for (LimiterOp &op : m_admissions)
        if (!op.context.isNull()) // a request gone before its turn ended is never admitted (nor needs a release)
            ops.push_back(std::move(op));
    m_admissions.clear();
    // Redis Cluster: one batch per tenant (its slot; a batch across slots is refused, CROSSSLOT), in the order queued.
    std::vector<std::vector<LimiterOp>> groups;
    QHash<QByteArray, size_t> groupOf;
    for (LimiterOp &op : ops) {
        auto it = groupOf.constFind(op.tag);
        if (it == groupOf.cend()) {
            it = groupOf.insert(op.tag, groups.size());
            groups.emplace_back();
        }
        groups[*it].push_back(std::move(op));
    }
    for (std::vector<LimiterOp> &group : groups) {
        for (size_t i = 0; i < group.size(); i += kMaxBatch) {
            const size_t n = std::min(kMaxBatch, group.size() - i);
            ++m_callsInFlight;
            if (n == 1) {
                send(std::move(group[i]), true);
                continue;
            }
            const auto from = group.begin() + std::ptrdiff_t(i);
            sendBatch(std::vector<LimiterOp>(std::make_move_iterator(from), std::make_move_iterator(from + std::ptrdiff_t(n))));
        }
    }
    m_flushing = false;
}

void RateLimiter::callFinished()
{
    if (m_callsInFlight > 0)
        --m_callsInFlight;
    if (m_callsInFlight == 0 && m_flushDeferred)
        flush();
}

void RateLimiter::send(LimiterOp op, bool tracked)
{
    const int count = op.keyCount + op.argCount;
    QByteArray tail = op.keys + op.args;
    if (op.admission) {
        countCall(m_callsAdmit);
        if (!tracked) {
            evalsha(m_admitSha, kAdmitScript, std::move(tail), count, op.keyCount, op.context, std::move(op.done));
            return;
        }
        // The limiter hears the answer even when the request is gone, to send what waited for it.
        evalsha(m_admitSha, kAdmitScript, std::move(tail), count, op.keyCount, this,
                [this, context = op.context, done = std::move(op.done)](const RedisReply &r) {
            if (context)
                done(r);
            callFinished();
        });
        return;
    }
    countCall(m_callsRelease);
    evalsha(m_releaseSha, kReleaseScript, std::move(tail), count, op.keyCount, this, [this, tracked](const RedisReply &r) {
        if (r.isError())
            warnReleaseLost(r.str);
        if (tracked)
            callFinished();
    });
}

void RateLimiter::sendBatch(std::vector<LimiterOp> ops)
{
    struct Answer
    {
        bool admission;
        QPointer<QObject> context;
        std::function<void(const RedisReply &)> done;
    };
    QByteArray keys, args;
    int keyCount = 0, argCount = 0;
    std::vector<Answer> answers;
    answers.reserve(ops.size());
    for (LimiterOp &op : ops) {
        RespArgs header(32);
        header.add(op.admission ? QByteArrayView("a") : QByteArrayView("r"));
        header.add(qint64(op.keyCount));
        header.add(qint64(op.argCount));
        keys += op.keys;
        args += header.bytes();
        args += op.args;
        keyCount += op.keyCount;
        argCount += header.count() + op.argCount;
        answers.push_back({op.admission, op.context, std::move(op.done)});
    }
    countCall(m_callsBatch);
    evalsha(m_batchSha, kBatchScript, keys + args, keyCount + argCount, keyCount, this, [this, answers = std::move(answers)](const RedisReply &r) {
        // Per operation: n and its n values, or -1 and the error of that operation alone.
        const bool whole = !r.isError() && r.type == RedisReply::Type::Array;
        size_t pos = 0;
        for (const Answer &answer : answers) {
            RedisReply one;
            if (!whole) {
                one = r.isError() ? r : RedisReply::error("unexpected reply to the batch script");
            } else if (pos >= r.elements.size()) {
                one = RedisReply::error("short reply to the batch script");
            } else if (const long long n = r.elements[pos].integer; n < 0) {
                one = RedisReply::error(pos + 1 < r.elements.size() ? r.elements[pos + 1].str : QByteArray("error"));
                pos += 2;
            } else {
                one.type = RedisReply::Type::Array;
                const size_t end = std::min(r.elements.size(), pos + 1 + size_t(n));
                one.elements.assign(r.elements.begin() + std::ptrdiff_t(pos + 1), r.elements.begin() + std::ptrdiff_t(end));
                pos = end;
            }
            if (!answer.admission) {
                if (one.isError())
                    warnReleaseLost(one.str);
            } else if (answer.context) {
                answer.done(one);
            }
        }
        callFinished();
    });
}

} // namespace crosslogic
