// The Responses API's request and whole answer, translated to and from chat completions.
#include "gateway/responsesadapter.h"

#include <QDateTime>

namespace crosslogic {
namespace {
using Json = nlohmann::json;

Error badField(const QString &message, const char *param)
{
    return fail(400, "invalid_request", message, QString::fromLatin1(param));
}

// A message item's content: a string, or input_text / output_text / input_image parts.
Result<Json> chatContent(const Json &content)
{
    if (content.is_string())
        return content;
    if (!content.is_array())
        return badField(QStringLiteral("a message's 'content' must be a string or an array of content parts"), "input");
    Json parts = Json::array();
    for (const Json &p : content) {
        const std::string type = p.is_object() ? p.value("type", "") : "";
        if ((type == "input_text" || type == "output_text") && p.contains("text") && p["text"].is_string())
            parts.push_back({{"type", "text"}, {"text", p["text"]}});
        else if (type == "input_image" && p.contains("image_url") && p["image_url"].is_string())
            parts.push_back({{"type", "image_url"}, {"image_url", {{"url", p["image_url"]}}}});
        else
            return badField(QStringLiteral("content part type '%1' is not supported (input_text, output_text, input_image with image_url)")
                                .arg(QString::fromStdString(type).left(64)), "input");
    }
    return parts;
}

// The input items as chat messages; consecutive function_call items become one assistant message's tool_calls.
Result<Json> chatMessages(const Json &input, Json messages)
{
    if (input.is_string()) {
        messages.push_back({{"role", "user"}, {"content", input}});
        return messages;
    }
    if (!input.is_array() || input.empty())
        return badField(QStringLiteral("'input' is required: a string or a non-empty array of items"), "input");
    for (const Json &item : input) {
        if (!item.is_object())
            return badField(QStringLiteral("each 'input' item must be an object"), "input");
        const std::string type = item.value("type", "message");
        if (type == "message") {
            const std::string role = item.contains("role") && item["role"].is_string() ? item["role"].get<std::string>() : "";
            if (role != "user" && role != "assistant" && role != "system" && role != "developer")
                return badField(QStringLiteral("a message item's 'role' must be user, assistant, system or developer"), "input");
            Result<Json> content = chatContent(item.value("content", Json()));
            if (!content)
                return content.failure();
            messages.push_back({{"role", role == "developer" ? "system" : role}, {"content", content.value()}});
        } else if (type == "function_call") {
            if (!item.contains("call_id") || !item["call_id"].is_string() || !item.contains("name") || !item["name"].is_string()
                || !item.contains("arguments") || !item["arguments"].is_string())
                return badField(QStringLiteral("a function_call item needs string 'call_id', 'name' and 'arguments'"), "input");
            Json call = {{"id", item["call_id"]}, {"type", "function"}, {"function", {{"name", item["name"]}, {"arguments", item["arguments"]}}}};
            if (!messages.empty() && messages.back().value("role", "") == "assistant" && messages.back().contains("tool_calls"))
                messages.back()["tool_calls"].push_back(std::move(call));
            else
                messages.push_back({{"role", "assistant"}, {"content", nullptr}, {"tool_calls", Json::array({std::move(call)})}});
        } else if (type == "function_call_output") {
            if (!item.contains("call_id") || !item["call_id"].is_string() || !item.contains("output") || !item["output"].is_string())
                return badField(QStringLiteral("a function_call_output item needs string 'call_id' and 'output'"), "input");
            messages.push_back({{"role", "tool"}, {"tool_call_id", item["call_id"]}, {"content", item["output"]}});
        } else if (type != "reasoning") { // reasoning items carry nothing a chat engine can take back
            return badField(QStringLiteral("input item type '%1' is not supported (message, function_call, function_call_output)")
                                .arg(QString::fromStdString(type).left(64)), "input");
        }
    }
    return messages;
}

Result<Json> chatTools(const Json &tools)
{
    Json out = Json::array();
    if (!tools.is_array())
        return badField(QStringLiteral("'tools' must be an array"), "tools");
    for (const Json &t : tools) {
        if (!t.is_object() || t.value("type", "") != "function" || !t.contains("name") || !t["name"].is_string())
            return badField(QStringLiteral("only function tools (type 'function' with a 'name') are supported"), "tools");
        Json fn = {{"name", t["name"]}, {"parameters", t.value("parameters", Json{{"type", "object"}, {"properties", Json::object()}})}};
        for (const char *k : {"description", "strict"})
            if (t.contains(k) && !t[k].is_null())
                fn[k] = t[k];
        out.push_back({{"type", "function"}, {"function", fn}});
    }
    return out;
}

} // namespace

Result<QByteArray> ResponsesAdapter::toChat(const QByteArray &body)
{
    Json b;
    try {
        b = Json::parse(body.constBegin(), body.constEnd());
    } catch (const Json::exception &) {
        return badField(QStringLiteral("request body is not valid JSON"), "");
    }
    if (!b.is_object())
        return badField(QStringLiteral("request body must be a JSON object"), "");
    if (b.contains("previous_response_id") && !b["previous_response_id"].is_null())
        return badField(QStringLiteral("responses are not stored on this server: send the whole conversation as 'input' instead of 'previous_response_id'"),
                        "previous_response_id");
    if (b.value("store", false) == true)
        return badField(QStringLiteral("responses are not stored on this server: leave 'store' out or set it to false"), "store");
    Json chat = {{"model", b.value("model", Json())}};
    Json messages = Json::array();
    if (b.contains("instructions") && !b["instructions"].is_null()) {
        if (!b["instructions"].is_string())
            return badField(QStringLiteral("'instructions' must be a string"), "instructions");
        messages.push_back({{"role", "system"}, {"content", b["instructions"]}});
    }
    Result<Json> msgs = chatMessages(b.value("input", Json()), std::move(messages));
    if (!msgs)
        return msgs.failure();
    chat["messages"] = msgs.value();
    if (b.contains("tools") && !b["tools"].is_null()) {
        Result<Json> tools = chatTools(b["tools"]);
        if (!tools)
            return tools.failure();
        if (!tools.value().empty())
            chat["tools"] = tools.value();
    }
    if (b.contains("tool_choice") && !b["tool_choice"].is_null()) {
        const Json &tc = b["tool_choice"];
        if (tc.is_string())
            chat["tool_choice"] = tc;
        else if (tc.is_object() && tc.value("type", "") == "function" && tc.contains("name"))
            chat["tool_choice"] = {{"type", "function"}, {"function", {{"name", tc["name"]}}}};
        else
            return badField(QStringLiteral("'tool_choice' must be auto, none, required or {\"type\":\"function\",\"name\":…}"), "tool_choice");
    }
    if (b.contains("max_output_tokens") && !b["max_output_tokens"].is_null())
        chat["max_tokens"] = b["max_output_tokens"];
    for (const char *k : {"temperature", "top_p", "parallel_tool_calls", "user", "stream", "seed"})
        if (b.contains(k) && !b[k].is_null())
            chat[k] = b[k];
    Json format = Json{{"type", "text"}};
    if (b.contains("text") && b["text"].is_object() && b["text"].contains("format")) {
        format = b["text"]["format"];
        const std::string type = format.is_object() ? format.value("type", "") : "";
        if (type == "json_object")
            chat["response_format"] = {{"type", "json_object"}};
        else if (type == "json_schema") {
            Json schema = {{"name", format.value("name", "response")}, {"schema", format.value("schema", Json::object())}};
            if (format.contains("strict"))
                schema["strict"] = format["strict"];
            chat["response_format"] = {{"type", "json_schema"}, {"json_schema", schema}};
        } else if (type != "text")
            return badField(QStringLiteral("'text.format.type' must be text, json_object or json_schema"), "text");
    }
    m_createdAt = QDateTime::currentSecsSinceEpoch();
    m_echo = {{"model", chat["model"]}, {"instructions", b.value("instructions", Json())},
              {"max_output_tokens", b.value("max_output_tokens", Json())}, {"temperature", b.value("temperature", Json(1.0))},
              {"top_p", b.value("top_p", Json(1.0))}, {"tool_choice", b.value("tool_choice", Json("auto"))},
              {"tools", b.value("tools", Json::array())}, {"parallel_tool_calls", b.value("parallel_tool_calls", true)},
              {"text", {{"format", format}}}, {"metadata", b.value("metadata", Json::object())}};
    return QByteArray::fromStdString(chat.dump());
}

Json ResponsesAdapter::response(const char *status) const
{
    Json r = {{"id", m_id}, {"object", "response"}, {"created_at", m_createdAt}, {"status", status}, {"error", nullptr},
              {"incomplete_details", nullptr}, {"output", Json::array()}, {"previous_response_id", nullptr},
              {"reasoning", {{"effort", nullptr}, {"summary", nullptr}}}, {"store", false}, {"truncation", "disabled"},
              {"usage", nullptr}, {"user", nullptr}};
    r.update(m_echo);
    return r;
}

Json responsesUsage(const Json &chatUsage)
{
    const qint64 in = chatUsage.is_object() ? chatUsage.value("prompt_tokens", 0) : 0;
    const qint64 out = chatUsage.is_object() ? chatUsage.value("completion_tokens", 0) : 0;
    return {{"input_tokens", in}, {"input_tokens_details", {{"cached_tokens", 0}}}, {"output_tokens", out},
            {"output_tokens_details", {{"reasoning_tokens", 0}}}, {"total_tokens", in + out}};
}

Result<QByteArray> ResponsesAdapter::fromChat(const QByteArray &chatAnswer)
{
    Json a = Json::parse(chatAnswer.constBegin(), chatAnswer.constEnd(), nullptr, false);
    if (!a.is_object() || !a.contains("choices") || !a["choices"].is_array() || a["choices"].empty() || !a["choices"][0].is_object())
        return fail(502, "node_failed", QStringLiteral("the inference node sent an answer without choices"));
    const Json &choice = a["choices"][0];
    const Json message = choice.value("message", Json::object());
    m_text = message.contains("content") && message["content"].is_string() ? message["content"].get<std::string>() : "";
    m_finish = choice.contains("finish_reason") && choice["finish_reason"].is_string() ? choice["finish_reason"].get<std::string>() : "stop";
    Json r = response(m_finish == "length" ? "incomplete" : "completed");
    if (m_finish == "length")
        r["incomplete_details"] = {{"reason", "max_output_tokens"}};
    if (!m_text.empty())
        r["output"].push_back(messageItem("completed"));
    if (message.contains("tool_calls") && message["tool_calls"].is_array()) {
        for (const Json &tc : message["tool_calls"]) {
            const Json fn = tc.value("function", Json::object());
            r["output"].push_back({{"type", "function_call"}, {"id", newId("fc_")}, {"call_id", tc.value("id", newId("call_"))},
                                   {"name", fn.value("name", "")}, {"arguments", fn.value("arguments", "{}")}, {"status", "completed"}});
        }
    }
    r["usage"] = responsesUsage(a.value("usage", Json()));
    return QByteArray::fromStdString(r.dump());
}

Json ResponsesAdapter::messageItem(const char *status) const
{
    Json content = Json::array();
    if (std::string_view(status) == "completed")
        content.push_back({{"type", "output_text"}, {"text", m_text}, {"annotations", Json::array()}, {"logprobs", Json::array()}});
    return {{"type", "message"}, {"id", m_messageId}, {"status", status}, {"role", "assistant"}, {"content", content}};
}

} // namespace crosslogic
