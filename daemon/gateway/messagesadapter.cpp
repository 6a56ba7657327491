// Anthropic's Messages API request, answer and errors, translated to and from chat completions.
#include "gateway/messagesadapter.h"

#include "http/httprequest.h"

namespace crosslogic {
namespace {
using Json = nlohmann::json;

Error badField(const QString &message, const char *param)
{
    return fail(400, "invalid_request", message, QString::fromLatin1(param));
}

std::string str(const Json &o, const char *key)
{
    return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
}

// A tool_result's content: a string or text blocks.
std::string resultText(const Json &content)
{
    if (content.is_string())
        return content.get<std::string>();
    std::string out;
    if (content.is_array())
        for (const Json &b : content)
            out += str(b, "text");
    return out;
}

// One Anthropic message as chat messages (tool results become tool messages, tool_use blocks tool_calls).
Result<void> addMessage(const Json &m, Json &messages)
{
    const std::string role = str(m, "role");
    if (role != "user" && role != "assistant")
        return badField(QStringLiteral("each message needs a 'role' of user or assistant"), "messages");
    const Json content = m.value("content", Json());
    if (content.is_string()) {
        messages.push_back({{"role", role}, {"content", content}});
        return {};
    }
    if (!content.is_array())
        return badField(QStringLiteral("a message's 'content' must be a string or an array of content blocks"), "messages");
    Json parts = Json::array(), calls = Json::array();
    for (const Json &b : content) {
        const std::string type = str(b, "type");
        if (type == "text")
            parts.push_back({{"type", "text"}, {"text", str(b, "text")}});
        else if (type == "image" && b.contains("source") && str(b["source"], "type") == "base64")
            parts.push_back({{"type", "image_url"},
                             {"image_url", {{"url", "data:" + str(b["source"], "media_type") + ";base64," + str(b["source"], "data")}}}});
        else if (type == "image" && b.contains("source") && str(b["source"], "type") == "url")
            parts.push_back({{"type", "image_url"}, {"image_url", {{"url", str(b["source"], "url")}}}});
        else if (type == "tool_use" && role == "assistant")
            calls.push_back({{"id", str(b, "id")}, {"type", "function"},
                             {"function", {{"name", str(b, "name")}, {"arguments", b.value("input", Json::object()).dump()}}}});
        else if (type == "tool_result" && role == "user")
            messages.push_back({{"role", "tool"}, {"tool_call_id", str(b, "tool_use_id")}, {"content", resultText(b.value("content", Json()))}});
        else
            return badField(QStringLiteral("content block type '%1' is not supported here (text, image, tool_use, tool_result)")
                                .arg(QString::fromStdString(type).left(64)), "messages");
    }
    if (!parts.empty() || !calls.empty()) {
        Json msg = {{"role", role}, {"content", parts.empty() ? Json() : parts}};
        if (!calls.empty())
            msg["tool_calls"] = calls;
        messages.push_back(std::move(msg));
    }
    return {};
}

} // namespace

QByteArray MessagesAdapter::authorization(const HttpRequest &request) const
{
    const QByteArray key = request.header("x-api-key");
    return key.isEmpty() ? request.header("authorization") : QByteArray("Bearer " + key);
}

Result<void> MessagesAdapter::checkHeaders(const HttpRequest &request) const
{
    if (request.header("anthropic-version").isEmpty())
        return fail(400, "invalid_request", QStringLiteral("the anthropic-version header is required (e.g. anthropic-version: 2023-06-01)"));
    return {};
}

Result<QByteArray> MessagesAdapter::toChat(const QByteArray &body)
{
    const Json b = Json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (!b.is_object())
        return badField(QStringLiteral("request body must be a JSON object"), "");
    if (!b.contains("max_tokens") || !b["max_tokens"].is_number_integer() || b["max_tokens"].get<long long>() < 1)
        return badField(QStringLiteral("max_tokens: field required (a positive integer)"), "max_tokens");
    m_model = str(b, "model");
    Json chat = {{"model", b.value("model", Json())}, {"max_tokens", b["max_tokens"]}};
    Json messages = Json::array();
    if (b.contains("system") && !b["system"].is_null()) {
        if (!b["system"].is_string() && !b["system"].is_array())
            return badField(QStringLiteral("system: a string or an array of text blocks"), "system");
        messages.push_back({{"role", "system"}, {"content", resultText(b["system"])}});
    }
    if (!b.contains("messages") || !b["messages"].is_array() || b["messages"].empty())
        return badField(QStringLiteral("messages: field required (a non-empty array)"), "messages");
    for (const Json &m : b["messages"])
        if (Result<void> added = addMessage(m, messages); !added)
            return added.failure();
    chat["messages"] = messages;
    if (b.contains("tools") && b["tools"].is_array() && !b["tools"].empty()) {
        Json tools = Json::array();
        for (const Json &t : b["tools"]) {
            if (str(t, "name").empty())
                return badField(QStringLiteral("tools: each tool needs a 'name' (only custom tools are supported)"), "tools");
            Json fn = {{"name", t["name"]}, {"parameters", t.value("input_schema", Json{{"type", "object"}})}};
            if (t.contains("description"))
                fn["description"] = t["description"];
            tools.push_back({{"type", "function"}, {"function", fn}});
        }
        chat["tools"] = tools;
    }
    if (b.contains("tool_choice") && b["tool_choice"].is_object()) {
        const std::string type = str(b["tool_choice"], "type");
        if (type == "any")
            chat["tool_choice"] = "required";
        else if (type == "tool" && str(b["tool_choice"], "name").empty())
            return badField(QStringLiteral("tool_choice.name: the name of a tool is required with type tool"), "tool_choice");
        else if (type == "tool")
            chat["tool_choice"] = {{"type", "function"}, {"function", {{"name", str(b["tool_choice"], "name")}}}};
        else if (type == "auto" || type == "none")
            chat["tool_choice"] = type;
        else
            return badField(QStringLiteral("tool_choice.type must be auto, any, tool or none"), "tool_choice");
    }
    if (b.contains("stop_sequences") && b["stop_sequences"].is_array())
        chat["stop"] = b["stop_sequences"];
    for (const char *k : {"temperature", "top_p", "stream"})
        if (b.contains(k) && !b[k].is_null())
            chat[k] = b[k];
    return QByteArray::fromStdString(chat.dump());
}

const char *MessagesAdapter::stopReason(const std::string &finishReason)
{
    if (finishReason == "length")
        return "max_tokens";
    if (finishReason == "tool_calls" || finishReason == "function_call")
        return "tool_use";
    return "end_turn";
}

Result<QByteArray> MessagesAdapter::fromChat(const QByteArray &chatAnswer)
{
    const Json a = Json::parse(chatAnswer.constBegin(), chatAnswer.constEnd(), nullptr, false);
    if (!a.is_object() || !a.contains("choices") || !a["choices"].is_array() || a["choices"].empty() || !a["choices"][0].is_object())
        return fail(502, "node_failed", QStringLiteral("the inference node sent an answer without choices"));
    const Json &choice = a["choices"][0];
    const Json message = choice.value("message", Json::object());
    Json content = Json::array();
    if (const std::string text = str(message, "content"); !text.empty())
        content.push_back({{"type", "text"}, {"text", text}});
    if (message.contains("tool_calls") && message["tool_calls"].is_array()) {
        for (const Json &tc : message["tool_calls"]) {
            const Json fn = tc.value("function", Json::object());
            Json input = Json::parse(str(fn, "arguments"), nullptr, false);
            content.push_back({{"type", "tool_use"}, {"id", tc.value("id", newId("toolu_"))}, {"name", str(fn, "name")},
                               {"input", input.is_object() ? input : Json::object()}});
        }
    }
    const Json usage = a.value("usage", Json::object());
    const Json out = {{"id", m_id}, {"type", "message"}, {"role", "assistant"}, {"model", m_model}, {"content", content},
                      {"stop_reason", stopReason(str(choice, "finish_reason"))}, {"stop_sequence", nullptr},
                      {"usage", {{"input_tokens", usage.value("prompt_tokens", 0)}, {"output_tokens", usage.value("completion_tokens", 0)}}}};
    return QByteArray::fromStdString(out.dump());
}

const char *MessagesAdapter::errorType(int status)
{
    switch (status) {
    case 400: return "invalid_request_error";
    case 401: return "authentication_error";
    case 402: return "billing_error";
    case 403: return "permission_error";
    case 404: return "not_found_error";
    case 413: return "request_too_large";
    case 429: return "rate_limit_error";
    case 503: return "overloaded_error";
    default: return status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
    }
}

Json MessagesAdapter::errorJson(const Error &error) const
{
    return {{"type", "error"}, {"error", {{"type", errorType(errorStatus(error))}, {"message", error.message.toStdString()}}}};
}

} // namespace crosslogic
