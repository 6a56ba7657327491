// Per-node circuit breaker: closed → open after N consecutive failures → one half-open probe after a cooldown.
#pragma once

#include <QtGlobal>

namespace crosslogic {

class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };

    // Whether a request may go to the node now; in half-open state only one probe is let through at a time.
    bool allows(qint64 nowMs) const
    {
        if (m_state == State::Closed)
            return true;
        if (m_state == State::Open)
            return nowMs >= m_openUntilMs;
        return !m_probeInFlight;
    }
    // Called when a request is sent; the first request after the cooldown becomes the probe.
    void onStarted(qint64 nowMs)
    {
        if (m_state == State::Open && nowMs >= m_openUntilMs)
            m_state = State::HalfOpen;
        if (m_state == State::HalfOpen)
            m_probeInFlight = true;
    }
    // Returns true when this outcome changed the state (for logging).
    bool onFinished(bool ok, qint64 nowMs, int threshold, qint64 cooldownMs)
    {
        const State before = m_state;
        if (ok) {
            m_failures = 0;
            if (m_state != State::Closed && (m_state == State::HalfOpen || nowMs >= m_openUntilMs))
                m_state = State::Closed;
            m_probeInFlight = false;
        } else {
            ++m_failures;
            if (m_state == State::HalfOpen || m_failures >= threshold) {
                m_state = State::Open;
                m_openUntilMs = nowMs + cooldownMs;
            }
            m_probeInFlight = false;
        }
        return before != m_state;
    }
    State state(qint64 nowMs) const
    {
        return m_state == State::Open && nowMs >= m_openUntilMs ? State::HalfOpen : m_state;
    }
    int consecutiveFailures() const { return m_failures; }
    static const char *name(State s) { return s == State::Closed ? "closed" : s == State::Open ? "open" : "half_open"; }

private:
    State m_state = State::Closed;
    int m_failures = 0;
    qint64 m_openUntilMs = 0;
    bool m_probeInFlight = false;
};

} // namespace crosslogic
