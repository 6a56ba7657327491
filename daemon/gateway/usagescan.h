// The one reader of engine-reported token usage: a top-level "usage" object in a whole (non-streamed) answer, checked
// to be JSON, or in the data of one SSE event of a stream.
#pragma once

#include <QByteArray>

namespace crosslogic {

struct EngineUsage
{
    bool found = false; // a top-level "usage" object was there
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    bool usageOnly = false; // the top-level "choices" is an empty array: a chunk that carries nothing but usage
};

// false: not JSON, or a usage count that is not a number (the gateway answers 502). The same outcome as parsing the
// document and reading usage.value("prompt_tokens"/"completion_tokens", 0). Tries scanJson() first and takes
// nlohmann's SAX parser only for what that leaves to it.
bool scanEngineAnswer(const QByteArray &body, EngineUsage &out);

// One SSE event's data (OpenAI's streams report usage in the last chunk, with "choices": []; vLLM's continuous
// usage stats in every chunk): true when it carries a "usage" object, read into out. False for ordinary chunks
// ("usage": null or none) and for data that is not JSON or holds a count that is not a number: those are forwarded
// as they are, without a report.
bool scanEngineChunk(const QByteArray &data, EngineUsage &out);

// The two paths on their own, for the tests that hold them to the same answers. scanEngineAnswerQuickly: false means
// "not sure", not "invalid".
bool scanEngineAnswerQuickly(const QByteArray &body, EngineUsage &out);
bool scanEngineAnswerWithNlohmann(const QByteArray &body, EngineUsage &out);

} // namespace crosslogic
