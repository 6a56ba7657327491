// Deterministic generated text and the OpenAI-shaped JSON for one completion: whole answer, stream chunks,
// usage.
#pragma once

#include "simulate/completionrequest.h"

#include <QByteArray>
#include <nlohmann/json.hpp>
#include <string>

namespace crosslogic::sim {

class CompletionGenerator
{
public:
    // id is "chatcmpl-..." / "cmpl-..." (see newId); created is Unix seconds.
    CompletionGenerator(CompletionRequest request, std::string id, qint64 created);

    static std::string newId(CompletionRequest::Kind kind);
    // Token k (1-based) of every answer: "tok1", " tok2", " tok3", ... so the text reads "tok1 tok2 tok3".
    static std::string tokenText(int k);
    static std::string text(int tokens);
    static QByteArray sseEvent(const nlohmann::json &payload);
    static QByteArray doneEvent() { return QByteArrayLiteral("data: [DONE]\n\n"); }

    const CompletionRequest &request() const { return m_request; }
    const std::string &id() const { return m_id; }
    const char *finishReason() const
    {
        return !m_request.toolCall.empty() ? "tool_calls" : m_request.lengthLimited ? "length" : "stop";
    }
    int totalCompletionTokens() const { return m_request.completionTokens * m_request.choices; }

    nlohmann::json usage() const;
    // The non-streaming answer: object "chat.completion" or "text_completion".
    nlohmann::json response() const;
    // Stream event carrying token k of one choice; the first carries the assistant role, the last the
    // finish_reason.
    nlohmann::json tokenChunk(int choice, int k) const;
    // The last event when stream_options.include_usage is true: "choices": [] and the usage.
    nlohmann::json usageChunk() const;

private:
    nlohmann::json envelope(const char *object) const;
    // A forced tool call's id (derived from the completion's) and, streamed, token k's piece of its arguments.
    std::string toolCallId() const;
    std::string argumentsPiece(int k) const;

    CompletionRequest m_request;
    std::string m_id;
    qint64 m_created;
};

} // namespace crosslogic::sim
