// Deterministic generated text and the OpenAI-shaped JSON for one completion: whole answer, stream chunks,
// usage.
#include "simulate/completiongenerator.h"

#include <QUuid>

namespace crosslogic::sim {

using json = nlohmann::json;

CompletionGenerator::CompletionGenerator(CompletionRequest request, std::string id, qint64 created)
    : m_request(std::move(request)), m_id(std::move(id)), m_created(created)
{
}

std::string CompletionGenerator::newId(CompletionRequest::Kind kind)
{
    const QByteArray hex = QUuid::createUuid().toRfc4122().toHex();
    return (kind == CompletionRequest::Kind::Chat ? "chatcmpl-" : "cmpl-") + hex.toStdString();
}

std::string CompletionGenerator::tokenText(int k)
{
    return (k > 1 ? " tok" : "tok") + std::to_string(k);
}

std::string CompletionGenerator::text(int tokens)
{
    std::string out;
    out.reserve(size_t(tokens) * 7);
    for (int k = 1; k <= tokens; ++k)
        out += tokenText(k);
    return out;
}

QByteArray CompletionGenerator::sseEvent(const json &payload)
{
    return "data: " + QByteArray::fromStdString(payload.dump()) + "\n\n";
}

json CompletionGenerator::usage() const
{
    const int completion = totalCompletionTokens();
    return {{"prompt_tokens", m_request.promptTokens},
            {"completion_tokens", completion},
            {"total_tokens", m_request.promptTokens + completion}};
}

json CompletionGenerator::envelope(const char *object) const
{
    return {
        {"id", m_id}, {"object", object}, {"created", m_created}, {"model", m_request.model.toStdString()}};
}

json CompletionGenerator::response() const
{
    const bool chat = m_request.kind == CompletionRequest::Kind::Chat;
    json out = envelope(chat ? "chat.completion" : "text_completion");
    const std::string content = text(m_request.completionTokens);
    json choices = json::array();
    for (int i = 0; i < m_request.choices; ++i) {
        json choice = {
            {"index", i}, {"logprobs", nullptr}, {"finish_reason", finishReason()}, {"stop_reason", nullptr}};
        if (chat)
            choice["message"] = {{"role", "assistant"}, {"content", content}, {"tool_calls", json::array()}};
        else
            choice["text"] = content;
        choices.push_back(std::move(choice));
    }
    out["choices"] = std::move(choices);
    out["usage"] = usage();
    out["system_fingerprint"] = nullptr;
    return out;
}

json CompletionGenerator::tokenChunk(int choice, int k) const
{
    const bool chat = m_request.kind == CompletionRequest::Kind::Chat;
    json out = envelope(chat ? "chat.completion.chunk" : "text_completion");
    const bool last = k >= m_request.completionTokens;
    json c = {{"index", choice},
              {"logprobs", nullptr},
              {"finish_reason", last ? json(finishReason()) : json(nullptr)}};
    if (chat) {
        json delta = json::object();
        if (k == 1)
            delta["role"] = "assistant";
        delta["content"] = tokenText(k);
        c["delta"] = std::move(delta);
    } else {
        c["text"] = tokenText(k);
    }
    out["choices"] = json::array({std::move(c)});
    return out;
}

json CompletionGenerator::usageChunk() const
{
    const bool chat = m_request.kind == CompletionRequest::Kind::Chat;
    json out = envelope(chat ? "chat.completion.chunk" : "text_completion");
    out["choices"] = json::array();
    out["usage"] = usage();
    return out;
}

} // namespace crosslogic::sim
