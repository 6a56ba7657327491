// The per-replica approximate limiter used while Redis is unreachable (fail-open policy).
#include "ratelimit/localwindow.h"

namespace crosslogic {

bool LocalWindow::admit(const QString &id, qint64 nowMs, qint64 rpm, qint64 tpm, qint64 concurrency, qint64 tokens)
{
    std::lock_guard lock(m_mutex);
    Counter &c = m_counters[id];
    const qint64 minute = nowMs / 60000;
    if (minute != c.minute) {
        const bool adjacent = minute == c.minute + 1;
        c.previousRequests = adjacent ? c.requests : 0;
        c.previousTokens = adjacent ? c.tokens : 0;
        c.requests = 0;
        c.tokens = 0;
        c.minute = minute;
    }
    const double prevWeight = 1.0 - double(nowMs % 60000) / 60000.0;
    const qint64 reqs = c.requests + qint64(double(c.previousRequests) * prevWeight);
    const qint64 toks = c.tokens + qint64(double(c.previousTokens) * prevWeight);
    if ((rpm > 0 && reqs + 1 > rpm) || (tpm > 0 && toks + tokens > tpm) || (concurrency > 0 && c.inflight + 1 > concurrency))
        return false;
    ++c.requests;
    c.tokens += tokens;
    ++c.inflight;
    return true;
}

void LocalWindow::release(const QString &id)
{
    std::lock_guard lock(m_mutex);
    auto it = m_counters.find(id);
    if (it != m_counters.end() && it->inflight > 0)
        --it->inflight;
}

} // namespace crosslogic
