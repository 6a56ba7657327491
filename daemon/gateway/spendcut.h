// Streams under spend caps: how many completion tokens a stream's reservation pays for, which delta carries tokens,
// and the error event that ends a stream at that point (docs/billing.md, "A budget reached mid-stream").
#pragma once

#include "base/keyinfo.h"
#include "core/result.h"

#include <QByteArray>

namespace crosslogic {

// The completion tokens a stream without max_tokens may reserve under spend caps (its "model default maximum"):
// it is admitted with this much, or with what the tightest cap has left, and cut where that ends.
inline constexpr qint64 kStreamDefaultMaxTokens = 4096;

// Whether one chat.completion.chunk (or text_completion chunk) delivers generated tokens to the client: a first
// choice whose delta has non-empty content, reasoning or tool-call arguments, or a non-empty text. The usage chunk and
// a closing chunk with only finish_reason do not.
bool chunkDeliversTokens(const QByteArray &data);

// The error that ends a stream whose reservation is used up after deliveredTokens completion tokens: 429
// insufficient_quota naming the budget's level and reset when a cap limited it (budget non-null), otherwise 400
// spend_reservation_reached (an answer without max_tokens went past kStreamDefaultMaxTokens). nowMs: the spend clock.
Error spendCutError(const SpendBudget *budget, qint64 deliveredTokens, qint64 nowMs);

} // namespace crosslogic
