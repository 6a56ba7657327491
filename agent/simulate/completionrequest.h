// A validated /v1/chat/completions or /v1/completions body: what to generate and how to deliver it.
#pragma once

#include "simulate/apierror.h"

#include <QByteArray>
#include <QString>
#include <string>
#include <variant>

namespace crosslogic::sim {

struct CompletionRequest
{
    enum class Kind
    {
        Chat,
        Text
    };

    Kind kind = Kind::Chat;
    QString model;
    bool stream = false;
    bool includeUsage = false;  // stream_options.include_usage
    int choices = 1;            // n, times the number of prompts for /v1/completions
    int completionTokens = 16;  // per choice
    bool lengthLimited = false; // max_tokens was given: finish_reason "length", else "stop"
    int promptTokens = 0;
    // Chat with tools and a tool_choice that forces a call ("required": the first tool, or the named function):
    // the function the answer calls, its arguments being the generated text ({"text":"tok1 tok2 …"}). Empty: text.
    std::string toolCall;
    // A faulty engine's usage report (the simulated engine's usage_mode): honest, negative (both counts below
    // zero) or inflated (a million completion tokens more than generated). The answer itself is unchanged.
    std::string usageMode = "honest";

    struct Limits
    {
        int defaultMaxTokens = 16;
        int maxTokensCap = 4096;
        int maxChoices = 16;
    };

    // Validates like vLLM's OpenAI server (types, required fields, ranges); the model name is checked by the
    // caller. Prompt tokens are estimated deterministically:
    //  chat: whitespace-separated words of every message's text content + 4 per message;
    //  text: words of each prompt string (a token-id array counts its length), at least 1 per prompt.
    static std::variant<CompletionRequest, ApiError> parse(const QByteArray &body, Kind kind,
                                                           const Limits &limits);
};

} // namespace crosslogic::sim
