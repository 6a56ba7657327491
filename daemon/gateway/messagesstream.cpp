// Anthropic's streaming events, made from the engine's chat.completion.chunk stream: message_start, per content block
// content_block_start / content_block_delta (text_delta or input_json_delta) / content_block_stop, then message_delta
// with stop_reason and usage, and message_stop.
#include "gateway/messagesadapter.h"

namespace crosslogic {
namespace {
using Json = nlohmann::json;
}

QByteArray MessagesAdapter::streamOpened()
{
    const Json message = {{"id", m_id}, {"type", "message"}, {"role", "assistant"}, {"model", m_model}, {"content", Json::array()},
                          {"stop_reason", nullptr}, {"stop_sequence", nullptr}, {"usage", {{"input_tokens", 0}, {"output_tokens", 0}}}};
    return sseEvent("message_start", {{"type", "message_start"}, {"message", message}});
}

QByteArray MessagesAdapter::closeBlock()
{
    if (m_block < 0)
        return {};
    const int index = m_block;
    m_block = -1;
    return sseEvent("content_block_stop", {{"type", "content_block_stop"}, {"index", index}});
}

QByteArray MessagesAdapter::streamChunk(const QByteArray &data)
{
    const std::optional<Json> read = chunkDelta(data, m_usage, m_finish);
    if (!read)
        return {};
    const Json &delta = *read;
    QByteArray out;
    if (delta.contains("content") && delta["content"].is_string() && !delta["content"].get_ref<const std::string &>().empty()) {
        if (m_block < 0 || !m_blockIsText) {
            out += closeBlock();
            m_block = m_blocks++;
            m_blockIsText = true;
            out += sseEvent("content_block_start", {{"type", "content_block_start"}, {"index", m_block},
                                                    {"content_block", {{"type", "text"}, {"text", ""}}}});
        }
        out += sseEvent("content_block_delta", {{"type", "content_block_delta"}, {"index", m_block},
                                                {"delta", {{"type", "text_delta"}, {"text", delta["content"]}}}});
    }
    if (delta.contains("tool_calls") && delta["tool_calls"].is_array()) {
        for (const Json &tc : delta["tool_calls"]) {
            const int index = tc.contains("index") && tc["index"].is_number_integer() ? tc["index"].get<int>() : m_toolIndex + 1;
            const Json fn = tc.value("function", Json::object());
            if (m_block < 0 || m_blockIsText || index != m_toolIndex) {
                out += closeBlock();
                m_block = m_blocks++;
                m_blockIsText = false;
                m_toolIndex = index;
                out += sseEvent("content_block_start",
                                {{"type", "content_block_start"}, {"index", m_block},
                                 {"content_block", {{"type", "tool_use"}, {"id", tc.value("id", newId("toolu_"))},
                                                    {"name", fn.value("name", "")}, {"input", Json::object()}}}});
            }
            if (fn.contains("arguments") && fn["arguments"].is_string() && !fn["arguments"].get_ref<const std::string &>().empty())
                out += sseEvent("content_block_delta", {{"type", "content_block_delta"}, {"index", m_block},
                                                        {"delta", {{"type", "input_json_delta"}, {"partial_json", fn["arguments"]}}}});
        }
    }
    return out;
}

QByteArray MessagesAdapter::streamClosed()
{
    QByteArray out = closeBlock();
    const qint64 in = m_usage.is_object() ? m_usage.value("prompt_tokens", 0) : 0;
    const qint64 outTokens = m_usage.is_object() ? m_usage.value("completion_tokens", 0) : 0;
    out += sseEvent("message_delta", {{"type", "message_delta"},
                                      {"delta", {{"stop_reason", stopReason(m_finish)}, {"stop_sequence", nullptr}}},
                                      {"usage", {{"input_tokens", in}, {"output_tokens", outTokens}}}});
    out += sseEvent("message_stop", {{"type", "message_stop"}});
    return out;
}

QByteArray MessagesAdapter::streamFailed(const Error &error)
{
    return sseEvent("error", errorJson(error));
}

} // namespace crosslogic
