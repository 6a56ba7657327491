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
    qint64 prompt = m_request.promptTokens;
    qint64 completion = totalCompletionTokens();
    if (m_request.usageMode == "negative") {
        prompt = -prompt - 1;
        completion = -completion - 1;
    } else if (m_request.usageMode == "inflated") {
        completion += 1000000;
    }
    return {{"prompt_tokens", prompt}, {"completion_tokens", completion}, {"total_tokens", prompt + completion}};
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
        if (chat && !m_request.toolCall.empty())
            choice["message"] = {{"role", "assistant"}, {"content", nullptr},
                                 {"tool_calls", json::array({{{"id", toolCallId()}, {"type", "function"},
                                                              {"function", {{"name", m_request.toolCall},
                                                                            {"arguments", json{{"text", content}}.dump()}}}}})}};
        else if (chat)
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
        if (m_request.toolCall.empty()) {
            delta["content"] = tokenText(k);
        } else {
            json call = {{"index", 0}, {"function", {{"arguments", argumentsPiece(k)}}}};
            if (k == 1) {
                call["id"] = toolCallId();
                call["type"] = "function";
                call["function"]["name"] = m_request.toolCall;
            }
            delta["tool_calls"] = json::array({std::move(call)});
        }
        c["delta"] = std::move(delta);
    } else {
        c["text"] = tokenText(k);
    }
    out["choices"] = json::array({std::move(c)});
    return out;
}

std::string CompletionGenerator::toolCallId() const
{
    return "call_" + m_id.substr(m_id.size() > 24 ? m_id.size() - 24 : 0);
}

std::string CompletionGenerator::argumentsPiece(int k) const
{
    // Together the pieces read {"text":"tok1 tok2 …"}, as the whole answer's arguments do.
    std::string piece = k == 1 ? std::string("{\"text\":\"") : std::string();
    piece += tokenText(k);
    if (k >= m_request.completionTokens)
        piece += "\"}";
    return piece;
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
