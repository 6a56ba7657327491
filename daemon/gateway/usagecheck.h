// Whether an engine's usage report can be true of what the gateway saw. An engine (or a node pretending to be
// one) that reports negative counts, or more tokens than the prompt and the answer can hold, is not believed: the
// request is billed from the gateway's own count and the usage row is flagged (docs/billing.md).
#pragma once

#include <QByteArray>
#include <QString>

namespace crosslogic {

struct SeenByGateway
{
    qint64 promptCharacters = 0; // the request's text, as RequestValidator counted it
    qint64 maxTokens = 0;        // the request's max_tokens; 0: not given
    qint64 answerBytes = 0;      // what the engine sent for this answer (body, or every stream chunk)
};

// Prompt tokens beyond the prompt's characters that chat templates, images and tool schemas may add.
inline constexpr qint64 kPromptTokenAllowance = 32768;

// Empty when plausible; otherwise why not, in words for the log.
QString implausibleUsage(qint64 promptTokens, qint64 completionTokens, const SeenByGateway &seen);
// The gateway's own estimate of a whole (non-streamed) answer's completion tokens: the characters of its text,
// tool-call arguments and refusals, four to a token.
qint64 answerTokenEstimate(const QByteArray &body);
// The gateway's own estimate of a prompt's tokens: four characters to a token.
inline qint64 promptTokenEstimate(qint64 promptCharacters) { return (promptCharacters + 3) / 4; }

} // namespace crosslogic
