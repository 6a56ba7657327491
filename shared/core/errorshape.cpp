// Status → error type, and the error body; every HTTP error answer of the daemon, the agent and the
// simulated engine is built here.
#include "core/errorshape.h"

#include <array>
#include <utility>

namespace crosslogic {
namespace {

// OpenAI's wire types where OpenAI has one; the official SDKs pick their exception class by status.
constexpr std::array<std::pair<int, const char *>, 15> kErrorTypes{{
    {400, "invalid_request_error"},
    {401, "authentication_error"},
    {403, "permission_error"},
    {404, "invalid_request_error"}, // OpenAI answers an unknown model this way (code model_not_found)
    {405, "invalid_request_error"},
    {408, "invalid_request_error"},
    {409, "conflict_error"},
    {413, "invalid_request_error"},
    {415, "invalid_request_error"},
    {422, "invalid_request_error"},
    {429, "rate_limit_error"},
    {500, "server_error"},
    {502, "server_error"},
    {503, "service_unavailable"},
    {504, "server_error"},
}};

} // namespace

QByteArray errorTypeFor(int status)
{
    for (const auto &[s, type] : kErrorTypes)
        if (s == status)
            return QByteArray(type);
    return status >= 500 ? QByteArrayLiteral("server_error") : QByteArrayLiteral("invalid_request_error");
}

int errorStatus(const Error &error)
{
    return error.status >= 400 && error.status <= 599 ? error.status : 500;
}

nlohmann::json errorBody(const Error &error)
{
    const int status = errorStatus(error);
    const QByteArray type = error.type.isEmpty() || status != error.status ? errorTypeFor(status) : error.type;
    // An untyped failure's message is internal (a database's words): it is logged where it happens, never sent.
    const std::string message = error.isTyped() ? error.message.toStdString() : std::string("internal error");
    return {{"error",
             {{"message", message},
              {"type", type.toStdString()},
              {"code", error.code.isEmpty() ? nlohmann::json(nullptr) : nlohmann::json(error.code.toStdString())},
              {"param", error.param.isEmpty() ? nlohmann::json(nullptr) : nlohmann::json(error.param.toStdString())}}}};
}

} // namespace crosslogic
