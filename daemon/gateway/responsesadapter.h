// POST /v1/responses (OpenAI's Responses API) served by the engines' chat completions: the request translated
// (input items, instructions, function tools and their outputs, text.format, max_output_tokens, sampling), the answer
// and the stream translated back (response.created … response.output_text.delta … response.completed). Responses
// are not stored: store: true and previous_response_id are refused with a 400.
#pragma once

#include "gateway/apidialect.h"

#include <vector>

namespace crosslogic {

// A chat completion's usage as the Responses API names it (input_tokens, output_tokens, total_tokens and details).
nlohmann::json responsesUsage(const nlohmann::json &chatUsage);

class ResponsesAdapter : public ApiDialect
{
public:
    Result<QByteArray> toChat(const QByteArray &body) override;
    Result<QByteArray> fromChat(const QByteArray &chatAnswer) override;
    QByteArray streamOpened() override;
    QByteArray streamChunk(const QByteArray &data) override;
    QByteArray streamClosed() override;
    QByteArray streamFailed(const Error &error) override;

private:
    struct Call
    {
        std::string itemId, callId, name, arguments;
        int outputIndex = 0;
    };
    // The response object (status, output and usage filled in by the caller).
    nlohmann::json response(const char *status) const;
    QByteArray event(const char *type, nlohmann::json data);
    nlohmann::json messageItem(const char *status) const;
    QByteArray closeText();

    std::string m_id = newId("resp_");
    std::string m_messageId = newId("msg_");
    qint64 m_createdAt = 0;
    nlohmann::json m_echo; // request fields the response object repeats (model, instructions, tools, …)
    int m_sequence = 0;
    // The stream so far.
    bool m_textOpen = false;
    int m_textIndex = -1;
    std::string m_text;
    std::vector<Call> m_calls;
    int m_nextOutput = 0;
    std::string m_finish;
    nlohmann::json m_usage;
};

} // namespace crosslogic
