// A validated /v1/chat/completions or /v1/completions body: what to generate and how to deliver it.
#include "simulate/completionrequest.h"

#include "simulate/promptinput.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace crosslogic::sim {
namespace {

using json = nlohmann::json;

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

ApiError typeError(const char *field, const char *expected)
{
    return ApiError::badRequest(
        QStringLiteral("'%1' must be %2").arg(QLatin1String(field), QLatin1String(expected)), "invalid_type");
}

// Optional numeric sampling fields: a number or null when present.
std::optional<ApiError> checkNumbers(const json &body)
{
    for (const char *field :
         {"temperature", "top_p", "presence_penalty", "frequency_penalty", "repetition_penalty"}) {
        const auto it = body.find(field);
        if (it != body.end() && !it->is_null() && !it->is_number())
            return typeError(field, "a number");
    }
    const auto seed = body.find("seed");
    if (seed != body.end() && !seed->is_null() && !seed->is_number_integer())
        return typeError("seed", "an integer");
    const auto stop = body.find("stop");
    if (stop != body.end() && !stop->is_null() && !stop->is_string()) {
        if (!stop->is_array())
            return typeError("stop", "a string or an array of strings");
        for (const auto &s : *stop)
            if (!s.is_string())
                return typeError("stop", "a string or an array of strings");
    }
    return std::nullopt;
}

// Text of one chat message's content: a string, null, or an array of parts whose "text" parts count.
std::optional<int> contentWords(const json &content)
{
    if (content.is_null())
        return 0;
    if (content.is_string())
        return PromptInput::countWords(content.get_ref<const std::string &>());
    if (!content.is_array())
        return std::nullopt;
    int words = 0;
    for (const auto &part : content) {
        if (!part.is_object() || !part.contains("type") || !part["type"].is_string())
            return std::nullopt;
        if (part["type"] == "text") {
            if (!part.contains("text") || !part["text"].is_string())
                return std::nullopt;
            words += PromptInput::countWords(part["text"].get_ref<const std::string &>());
        }
    }
    return words;
}

// The function a forcing tool_choice makes the answer call (tool_choice "auto" answers with text).
std::string forcedToolCall(const json &doc)
{
    const json tools = doc.value("tools", json());
    if (!tools.is_array() || tools.empty() || !doc.contains("tool_choice"))
        return {};
    const json &choice = doc["tool_choice"];
    if (choice.is_object() && choice.contains("function") && choice["function"].is_object())
        return choice["function"].value("name", "");
    if (choice != "required" || !tools[0].is_object() || !tools[0].contains("function") || !tools[0]["function"].is_object())
        return {};
    return tools[0]["function"].value("name", "");
}

std::optional<ApiError> readMessages(const json &body, int *promptTokens)
{
    const auto it = body.find("messages");
    if (it == body.end())
        return ApiError::badRequest(QStringLiteral("'messages' is a required property"),
                                    "missing_required_parameter");
    if (!it->is_array())
        return typeError("messages", "an array of message objects");
    if (it->empty())
        return ApiError::badRequest(QStringLiteral("'messages' must contain at least one message"),
                                    "invalid_value");
    static const std::vector<std::string> roles = {"system",    "developer", "user",
                                                   "assistant", "tool",      "function"};
    int tokens = 0;
    for (size_t i = 0; i < it->size(); ++i) {
        const json &m = (*it)[i];
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
            return ApiError::badRequest(
                QStringLiteral("messages[%1] must be an object with a string 'role'").arg(i), "invalid_type");
        if (std::find(roles.begin(), roles.end(), m["role"].get<std::string>()) == roles.end())
            return ApiError::badRequest(
                QStringLiteral("messages[%1].role '%2' is not one of system, developer, user, "
                               "assistant, tool, function")
                    .arg(i)
                    .arg(q(m["role"].get<std::string>())),
                "invalid_value");
        const std::optional<int> words = contentWords(m.value("content", json()));
        if (!words)
            return ApiError::badRequest(
                QStringLiteral("messages[%1].content must be a string, null or an array of content parts")
                    .arg(i),
                "invalid_type");
        tokens += *words + 4;
    }
    *promptTokens = tokens;
    return std::nullopt;
}

} // namespace

std::variant<CompletionRequest, ApiError> CompletionRequest::parse(const QByteArray &body, Kind kind,
                                                                   const Limits &limits)
{
    const json doc = json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    if (doc.is_discarded())
        return ApiError::badRequest(QStringLiteral("the request body is not valid JSON"), "invalid_json");
    if (!doc.is_object())
        return ApiError::badRequest(QStringLiteral("the request body must be a JSON object"), "invalid_json");

    CompletionRequest r;
    r.kind = kind;
    const auto model = doc.find("model");
    if (model == doc.end() || model->is_null())
        return ApiError::badRequest(QStringLiteral("'model' is a required property"),
                                    "missing_required_parameter");
    if (!model->is_string())
        return typeError("model", "a string");
    r.model = q(model->get<std::string>());

    int prompts = 1;
    if (kind == Kind::Chat) {
        if (auto err = readMessages(doc, &r.promptTokens))
            return *err;
    } else {
        const auto prompt = doc.find("prompt");
        if (prompt == doc.end())
            return ApiError::badRequest(QStringLiteral("'prompt' is a required property"),
                                        "missing_required_parameter");
        const auto items = PromptInput::read(*prompt);
        if (!items)
            return typeError(
                "prompt", "a string, an array of strings, an array of token ids or an array of such arrays");
        prompts = int(items->size());
        for (const PromptItem &item : *items)
            r.promptTokens += std::max(1, item.tokens);
    }
    if (auto err = checkNumbers(doc))
        return *err;

    const auto stream = doc.find("stream");
    if (stream != doc.end() && !stream->is_null()) {
        if (!stream->is_boolean())
            return typeError("stream", "a boolean");
        r.stream = stream->get<bool>();
    }
    const auto options = doc.find("stream_options");
    if (options != doc.end() && !options->is_null()) {
        if (!options->is_object())
            return typeError("stream_options", "an object");
        if (!r.stream)
            return ApiError::badRequest(
                QStringLiteral("Stream options can only be defined when `stream=True`."), "invalid_value");
        const auto usage = options->find("include_usage");
        if (usage != options->end() && !usage->is_null()) {
            if (!usage->is_boolean())
                return typeError("stream_options.include_usage", "a boolean");
            r.includeUsage = usage->get<bool>();
        }
    }

    const auto n = doc.find("n");
    int perPrompt = 1;
    if (n != doc.end() && !n->is_null()) {
        if (!n->is_number_integer())
            return typeError("n", "an integer");
        if (n->get<long long>() < 1 || n->get<long long>() > limits.maxChoices)
            return ApiError::badRequest(QStringLiteral("n must be between 1 and %1, got %2")
                                            .arg(limits.maxChoices)
                                            .arg(n->get<long long>()),
                                        "invalid_value");
        perPrompt = n->get<int>();
    }
    r.choices = perPrompt * prompts;
    if (r.choices > limits.maxChoices)
        return ApiError::badRequest(QStringLiteral("at most %1 choices per request").arg(limits.maxChoices),
                                    "invalid_value");

    // max_completion_tokens (newer OpenAI name) wins over max_tokens, as in vLLM.
    r.completionTokens = limits.defaultMaxTokens;
    for (const char *field : {"max_tokens", "max_completion_tokens"}) {
        const auto it = doc.find(field);
        if (it == doc.end() || it->is_null())
            continue;
        if (!it->is_number_integer())
            return typeError(field, "an integer");
        const long long value = it->get<long long>();
        if (value < 1)
            return ApiError::badRequest(
                QStringLiteral("%1 must be at least 1, got %2.").arg(QLatin1String(field)).arg(value),
                "invalid_value");
        r.completionTokens = int(std::min<long long>(value, limits.maxTokensCap));
        r.lengthLimited = true;
    }
    r.toolCall = forcedToolCall(doc);
    return r;
}

} // namespace crosslogic::sim
