// The node health score (0-100) used by health-weighted routing, written on every heartbeat.
#pragma once

#include "config/config.h"

#include <algorithm>

namespace crosslogic {

// score = 40 * freshness + 30 * engine + 20 * (1 - error_rate) + 10 * latency
//   freshness  1 while the heartbeat is younger than a quarter of NODE_STALE_SECONDS, then falls linearly to 0
//              at NODE_STALE_SECONDS (the reconciler drains the node there);
//   engine     1 when the engine answered its /metrics or /health, else 0 — and an unhealthy engine caps the
//              whole score at 30, so it ranks below every healthy node;
//   error_rate fraction of recent requests that failed (gateway-observed EWMA, or the agent's report), 0..1;
//   latency    1 for a time to first byte up to 200 ms, falling linearly to 0 at 2000 ms.
// See docs/fleet.md.
struct HealthInputs
{
    double heartbeatAgeS = 0;
    double staleAfterS = Config::defaults().nodeStaleSeconds;
    bool engineHealthy = true;
    double errorRate = 0;
    double ttftMs = 0;
};

inline double healthScore(const HealthInputs &in)
{
    const double fresh = in.staleAfterS <= 0 ? 1.0
        : in.heartbeatAgeS <= in.staleAfterS / 4 ? 1.0
        : std::clamp((in.staleAfterS - in.heartbeatAgeS) / (in.staleAfterS * 0.75), 0.0, 1.0);
    const double errors = std::clamp(in.errorRate, 0.0, 1.0);
    const double latency = std::clamp(1.0 - (in.ttftMs - 200.0) / 1800.0, 0.0, 1.0);
    double score = 40 * fresh + 30 * (in.engineHealthy ? 1 : 0) + 20 * (1 - errors) + 10 * latency;
    if (!in.engineHealthy)
        score = std::min(score, 30.0);
    return std::clamp(score, 0.0, 100.0);
}

} // namespace crosslogic
