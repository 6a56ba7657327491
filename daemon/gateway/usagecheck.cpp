// Whether an engine's usage report can be true of what the gateway saw (see usagecheck.h).
#include "gateway/usagecheck.h"

#include <nlohmann/json.hpp>

namespace crosslogic {

QString implausibleUsage(qint64 promptTokens, qint64 completionTokens, const SeenByGateway &seen)
{
    if (promptTokens < 0 || completionTokens < 0)
        return QStringLiteral("negative token counts (%1 prompt, %2 completion)").arg(promptTokens).arg(completionTokens);
    if (promptTokens > seen.promptCharacters + kPromptTokenAllowance)
        return QStringLiteral("%1 prompt tokens for a prompt of %2 characters").arg(promptTokens).arg(seen.promptCharacters);
    // Every generated token is at least one byte of the answer (a little more for a final stop token).
    if (completionTokens > seen.answerBytes + 16)
        return QStringLiteral("%1 completion tokens in an answer of %2 bytes").arg(completionTokens).arg(seen.answerBytes);
    // max_tokens bounds each choice; n is at most 16.
    if (seen.maxTokens > 0 && completionTokens > seen.maxTokens * 16 + 16)
        return QStringLiteral("%1 completion tokens with max_tokens %2").arg(completionTokens).arg(seen.maxTokens);
    return {};
}

qint64 answerTokenEstimate(const QByteArray &body)
{
    const nlohmann::json answer = nlohmann::json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    if (!answer.is_object() || !answer.contains("choices") || !answer["choices"].is_array())
        return 0;
    qint64 characters = 0;
    const auto add = [&characters](const nlohmann::json &v) {
        if (v.is_string())
            characters += qint64(QString::fromStdString(v.get<std::string>()).size());
    };
    for (const nlohmann::json &choice : answer["choices"]) {
        if (!choice.is_object())
            continue;
        add(choice.value("text", nlohmann::json()));
        const nlohmann::json message = choice.value("message", nlohmann::json::object());
        if (!message.is_object())
            continue;
        add(message.value("content", nlohmann::json()));
        add(message.value("refusal", nlohmann::json()));
        add(message.value("reasoning_content", nlohmann::json()));
        for (const nlohmann::json &call : message.value("tool_calls", nlohmann::json::array()))
            if (call.is_object() && call.contains("function") && call["function"].is_object())
                add(call["function"].value("arguments", nlohmann::json()));
    }
    return (characters + 3) / 4;
}

} // namespace crosslogic
