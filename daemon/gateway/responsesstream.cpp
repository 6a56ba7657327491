// The Responses API's streaming events, made from the engine's chat.completion.chunk stream: response.created,
// response.in_progress, then per output item output_item.added / content_part.added / output_text.delta … (or
// function_call_arguments.delta …) and their .done events, and response.completed (or response.incomplete) with usage;
// a failure after the stream began is an error event and response.failed.
#include "gateway/responsesadapter.h"

#include <algorithm>

namespace crosslogic {
namespace {
using Json = nlohmann::json;
}

QByteArray ResponsesAdapter::event(const char *type, Json data)
{
    data["type"] = type;
    data["sequence_number"] = m_sequence++;
    return sseEvent(type, data);
}

QByteArray ResponsesAdapter::streamOpened()
{
    QByteArray out = event("response.created", {{"response", response("in_progress")}}); // numbered in order
    out += event("response.in_progress", {{"response", response("in_progress")}});
    return out;
}

QByteArray ResponsesAdapter::streamChunk(const QByteArray &data)
{
    const std::optional<Json> read = chunkDelta(data, m_usage, m_finish);
    if (!read)
        return {};
    const Json &delta = *read;
    QByteArray out;
    if (delta.contains("content") && delta["content"].is_string() && !delta["content"].get_ref<const std::string &>().empty()) {
        const std::string &text = delta["content"].get_ref<const std::string &>();
        if (!m_textOpen) {
            m_textOpen = true;
            m_textIndex = m_nextOutput++;
            out += event("response.output_item.added", {{"output_index", m_textIndex}, {"item", messageItem("in_progress")}});
            out += event("response.content_part.added", {{"item_id", m_messageId}, {"output_index", m_textIndex}, {"content_index", 0},
                                                         {"part", {{"type", "output_text"}, {"text", ""}, {"annotations", Json::array()}}}});
        }
        m_text += text;
        out += event("response.output_text.delta", {{"item_id", m_messageId}, {"output_index", m_textIndex}, {"content_index", 0},
                                                     {"delta", text}, {"logprobs", Json::array()}});
    }
    if (delta.contains("tool_calls") && delta["tool_calls"].is_array()) {
        for (const Json &tc : delta["tool_calls"]) {
            const size_t index = tc.contains("index") && tc["index"].is_number_unsigned() ? tc["index"].get<size_t>() : m_calls.size();
            const Json fn = tc.value("function", Json::object());
            if (index >= m_calls.size() && index < 128) {
                m_calls.resize(index + 1);
                Call &c = m_calls[index];
                c.itemId = newId("fc_");
                c.callId = tc.value("id", newId("call_"));
                c.name = fn.value("name", "");
                c.outputIndex = m_nextOutput++;
                out += event("response.output_item.added",
                             {{"output_index", c.outputIndex},
                              {"item", {{"type", "function_call"}, {"id", c.itemId}, {"call_id", c.callId}, {"name", c.name},
                                        {"arguments", ""}, {"status", "in_progress"}}}});
            }
            if (index >= m_calls.size())
                continue;
            Call &c = m_calls[index];
            if (fn.contains("arguments") && fn["arguments"].is_string() && !fn["arguments"].get_ref<const std::string &>().empty()) {
                c.arguments += fn["arguments"].get<std::string>();
                out += event("response.function_call_arguments.delta",
                             {{"item_id", c.itemId}, {"output_index", c.outputIndex}, {"delta", fn["arguments"]}});
            }
        }
    }
    return out;
}

QByteArray ResponsesAdapter::streamClosed()
{
    QByteArray out;
    std::vector<std::pair<int, Json>> items;
    if (m_textOpen) {
        const Json part = {{"type", "output_text"}, {"text", m_text}, {"annotations", Json::array()}, {"logprobs", Json::array()}};
        out += event("response.output_text.done", {{"item_id", m_messageId}, {"output_index", m_textIndex}, {"content_index", 0},
                                                    {"text", m_text}, {"logprobs", Json::array()}});
        out += event("response.content_part.done", {{"item_id", m_messageId}, {"output_index", m_textIndex}, {"content_index", 0}, {"part", part}});
        out += event("response.output_item.done", {{"output_index", m_textIndex}, {"item", messageItem("completed")}});
        items.emplace_back(m_textIndex, messageItem("completed"));
    }
    for (const Call &c : m_calls) {
        const Json item = {{"type", "function_call"}, {"id", c.itemId}, {"call_id", c.callId}, {"name", c.name},
                           {"arguments", c.arguments}, {"status", "completed"}};
        out += event("response.function_call_arguments.done", {{"item_id", c.itemId}, {"output_index", c.outputIndex}, {"arguments", c.arguments}});
        out += event("response.output_item.done", {{"output_index", c.outputIndex}, {"item", item}});
        items.emplace_back(c.outputIndex, item);
    }
    std::sort(items.begin(), items.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    const bool incomplete = m_finish == "length";
    Json r = response(incomplete ? "incomplete" : "completed");
    for (auto &item : items)
        r["output"].push_back(std::move(item.second));
    if (incomplete)
        r["incomplete_details"] = {{"reason", "max_output_tokens"}};
    r["usage"] = responsesUsage(m_usage);
    out += event(incomplete ? "response.incomplete" : "response.completed", {{"response", r}});
    return out;
}

QByteArray ResponsesAdapter::streamFailed(const Error &error)
{
    // The error event (clients raise it) and the response, failed, with what was generated and used so far.
    QByteArray out = event("error", {{"code", error.code.toStdString()}, {"message", error.message.toStdString()}, {"param", nullptr}});
    Json r = response("failed");
    r["error"] = {{"code", error.code.toStdString()}, {"message", error.message.toStdString()}};
    r["usage"] = responsesUsage(m_usage);
    out += event("response.failed", {{"response", r}});
    return out;
}

} // namespace crosslogic
