// POST /v1/messages (Anthropic's Messages API) served by the engines' chat completions: x-api-key (or Authorization)
// carries the clsk_ key, anthropic-version is required, max_tokens too; system, messages with text, image, tool_use
// and tool_result blocks, tools and tool_choice translated; answers, streams (message_start, content_block_start /
// _delta / _stop, message_delta, message_stop) and errors ({"type":"error","error":{…}}) in Anthropic's shapes.
#pragma once

#include "gateway/apidialect.h"

#include <vector>

namespace crosslogic {

class MessagesAdapter : public ApiDialect
{
public:
    QByteArray authorization(const HttpRequest &request) const override;
    Result<void> checkHeaders(const HttpRequest &request) const override;
    Result<QByteArray> toChat(const QByteArray &body) override;
    Result<QByteArray> fromChat(const QByteArray &chatAnswer) override;
    nlohmann::json errorJson(const Error &error) const override;
    QByteArray streamOpened() override;
    QByteArray streamChunk(const QByteArray &data) override;
    QByteArray streamClosed() override;
    QByteArray streamFailed(const Error &error) override;

    // Anthropic's error type for a status (invalid_request_error, authentication_error, rate_limit_error, …).
    static const char *errorType(int status);
    // Anthropic's stop_reason for a chat finish_reason.
    static const char *stopReason(const std::string &finishReason);

private:
    QByteArray closeBlock();

    std::string m_id = newId("msg_");
    std::string m_model;
    // The stream so far: the open content block (-1 none), its kind, and the chat tool call index it belongs to.
    int m_block = -1;
    int m_blocks = 0;
    bool m_blockIsText = false;
    int m_toolIndex = -1;
    std::string m_finish;
    nlohmann::json m_usage;
};

} // namespace crosslogic
