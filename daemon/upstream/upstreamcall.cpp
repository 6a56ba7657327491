// One in-flight upstream request: deferred signal delivery state and its timeout watchdog.
#include "upstream/upstreamcall.h"

#include "upstream/upstreamclient.h"

#include <QTimerEvent>
#include <chrono>
#include <limits>

namespace crosslogic {

qint64 upstreamNowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

namespace {
qint64 nowMs()
{
    return upstreamNowMs();
}
} // namespace

UpstreamCall::UpstreamCall(UpstreamClient *client, const UpstreamRequest &request)
    : QObject(client), m_client(client), m_firstByteTimeoutMs(request.firstByteTimeoutMs), m_idleTimeoutMs(request.idleTimeoutMs),
      m_totalTimeoutMs(request.totalTimeoutMs), m_startedAt(nowMs())
{
}

UpstreamCall::~UpstreamCall()
{
    // Deleted by someone else while still running: abort silently so its connection never touches freed memory.
    if (m_state == State::Active) {
        m_state = State::Cancelled;
        m_client->detach(this);
    }
}

void UpstreamCall::cancel()
{
    if (m_state == State::Active)
        m_client->cancel(this);
}

QByteArray UpstreamCall::header(QByteArrayView name) const
{
    for (auto it = m_responseHeaders.rbegin(); it != m_responseHeaders.rend(); ++it)
        if (name.compare(it->first, Qt::CaseInsensitive) == 0)
            return it->second;
    return {};
}

void UpstreamCall::markDirty()
{
    if (!m_dirty) {
        m_dirty = true;
        m_client->queueDirty(this);
    }
}

void UpstreamCall::noteActivity()
{
    const bool first = m_lastByteAt < 0;
    m_lastByteAt = nowMs();
    if (first)
        armWatchdog(); // switch from the first-byte deadline to the idle deadline
}

void UpstreamCall::connectionReady()
{
    m_connectedAt = nowMs();
    m_lastByteAt = -1;
    armWatchdog(); // the first-byte deadline starts now
}

void UpstreamCall::armWatchdog()
{
    constexpr qint64 never = std::numeric_limits<qint64>::max();
    qint64 deadline = never;
    if (m_totalTimeoutMs > 0)
        deadline = m_startedAt + m_totalTimeoutMs;
    if (m_connectedAt < 0 && m_connectStartedAt >= 0 && m_connectTimeoutMs > 0)
        deadline = std::min(deadline, m_connectStartedAt + m_connectTimeoutMs);
    if (m_lastByteAt < 0) {
        if (m_connectedAt >= 0 && m_firstByteTimeoutMs > 0)
            deadline = std::min(deadline, m_connectedAt + m_firstByteTimeoutMs);
    } else if (m_idleTimeoutMs > 0) {
        deadline = std::min(deadline, m_lastByteAt + m_idleTimeoutMs);
    }
    if (deadline == never) {
        m_watchdog.stop();
        return;
    }
    // Precise: the deadlines are short in tests and a coarse timer may fire 5% early (it would just re-arm).
    m_watchdog.start(int(std::clamp<qint64>(deadline - nowMs(), 0, std::numeric_limits<int>::max())),
                     Qt::PreciseTimer, this);
}

void UpstreamCall::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_watchdog.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    if (m_state != State::Active) {
        m_watchdog.stop();
        return;
    }
    // Body bytes only move m_lastByteAt; the timer is re-armed here, not per chunk.
    const qint64 now = nowMs();
    if (m_totalTimeoutMs > 0 && now >= m_startedAt + m_totalTimeoutMs) {
        m_client->timedOut(this, UpstreamError::TotalTimeout,
                           QStringLiteral("upstream call exceeded %1 ms").arg(m_totalTimeoutMs));
    } else if (m_connectedAt < 0 && m_connectStartedAt >= 0 && m_connectTimeoutMs > 0 &&
               now >= m_connectStartedAt + m_connectTimeoutMs) {
        m_client->timedOut(this, UpstreamError::ConnectTimeout,
                           QStringLiteral("could not connect to the engine within %1 ms").arg(m_connectTimeoutMs));
    } else if (m_lastByteAt < 0 && m_connectedAt >= 0 && m_firstByteTimeoutMs > 0 &&
               now >= m_connectedAt + m_firstByteTimeoutMs) {
        m_client->timedOut(
            this, UpstreamError::FirstByteTimeout,
            QStringLiteral("no response from upstream within %1 ms").arg(m_firstByteTimeoutMs));
    } else if (m_lastByteAt >= 0 && m_idleTimeoutMs > 0 && now >= m_lastByteAt + m_idleTimeoutMs) {
        m_client->timedOut(this, UpstreamError::IdleTimeout,
                           QStringLiteral("upstream sent nothing for %1 ms").arg(m_idleTimeoutMs));
    } else {
        armWatchdog();
    }
}

} // namespace crosslogic
