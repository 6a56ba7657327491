// A whole (non-streamed) engine answer: checked to be JSON, and its top-level "usage" counts read.
#pragma once

#include <QByteArray>

namespace crosslogic {

struct EngineUsage
{
    bool found = false; // a top-level "usage" object was there
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
};

// false: not JSON, or a usage count that is not a number (the gateway answers 502). The same outcome as parsing the
// document and reading usage.value("prompt_tokens"/"completion_tokens", 0). Tries scanJson() first and takes
// nlohmann's SAX parser only for what that leaves to it.
bool scanEngineAnswer(const QByteArray &body, EngineUsage &out);

// The two paths on their own, for the tests that hold them to the same answers. scanEngineAnswerQuickly: false means
// "not sure", not "invalid".
bool scanEngineAnswerQuickly(const QByteArray &body, EngineUsage &out);
bool scanEngineAnswerWithNlohmann(const QByteArray &body, EngineUsage &out);

} // namespace crosslogic
