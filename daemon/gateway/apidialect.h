// A customer API served by translating it to and from the engines' chat completions (the Responses API, Anthropic's
// Messages API). ProxyRequest runs such a request exactly like a chat completion (authentication, limits,
// admission, node choice, metering) and asks its dialect only for the bodies and events the client sees.
#pragma once

#include "core/errorshape.h"
#include "core/result.h"

#include <QByteArray>
#include <nlohmann/json.hpp>
#include <optional>

namespace crosslogic {

struct HttpRequest;

class ApiDialect
{
public:
    virtual ~ApiDialect() = default;

    // The credential as an Authorization header value (Anthropic's clients send x-api-key).
    virtual QByteArray authorization(const HttpRequest &request) const;
    // Headers the API requires (anthropic-version); a failure is answered before anything else is read.
    virtual Result<void> checkHeaders(const HttpRequest &) const { return {}; }
    // The client's body as a chat completions body, or a 400 saying which field is wrong.
    virtual Result<QByteArray> toChat(const QByteArray &body) = 0;
    // The engine's whole chat.completion answer as this API's answer (a failure: the engine's answer was unusable).
    virtual Result<QByteArray> fromChat(const QByteArray &chatAnswer) = 0;
    // An error in this API's shape.
    virtual nlohmann::json errorJson(const Error &error) const { return errorBody(error); }

    // A stream: the events that open it, those for one chat.completion.chunk's data (the usage chunk included), those
    // that close it once the engine has finished, and those that report a failure after it began.
    virtual QByteArray streamOpened() = 0;
    virtual QByteArray streamChunk(const QByteArray &data) = 0;
    virtual QByteArray streamClosed() = 0;
    virtual QByteArray streamFailed(const Error &error) = 0;

    // One named SSE event: "event: <name>\ndata: <json>\n\n".
    static QByteArray sseEvent(const char *name, const nlohmann::json &data);
    // A random id with a prefix (resp_, msg_, fc_, toolu_).
    static std::string newId(const char *prefix);
    // One chat.completion.chunk's data: its usage object (when it has one) goes to usage, its first choice's
    // finish_reason (when a string) to finish; the answer is that choice's delta, or nullopt when the chunk carries
    // no choice (the usage chunk) or is not a JSON object.
    static std::optional<nlohmann::json> chunkDelta(const QByteArray &data, nlohmann::json &usage, std::string &finish);
};

} // namespace crosslogic
