// How admission answers when spend stops a request: 429 insufficient_quota (OpenAI's shape when credit runs out)
// naming the cap's level and when it resets, or 503 when the caps cannot be checked.
#pragma once

#include "ratelimit/ratelimiter.h"

namespace crosslogic {

// Fills a refusal by budget (or prepaid credit) into a: spent is what the cap holds (spent and reserved),
// reserve the request's maximum cost, nowMs the spend clock.
void refuseForSpend(Admission &a, const SpendBudget &budget, qint64 spent, qint64 reserve, qint64 nowMs);
// Redis is unavailable and key has spend caps: money is not guessed at per replica, whatever the rate-limit policy.
Admission spendUnavailable();

} // namespace crosslogic
