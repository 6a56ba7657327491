// Helpers every translated API shares.
#include "gateway/apidialect.h"

#include "http/httprequest.h"

#include <QUuid>

namespace crosslogic {

QByteArray ApiDialect::authorization(const HttpRequest &request) const
{
    return request.header("authorization");
}

QByteArray ApiDialect::sseEvent(const char *name, const nlohmann::json &data)
{
    return QByteArray("event: ") + name + "\ndata: " + QByteArray::fromStdString(data.dump()) + "\n\n";
}

std::string ApiDialect::newId(const char *prefix)
{
    return prefix + QUuid::createUuid().toRfc4122().toHex().toStdString();
}

std::optional<nlohmann::json> ApiDialect::chunkDelta(const QByteArray &data, nlohmann::json &usage, std::string &finish)
{
    const nlohmann::json chunk = nlohmann::json::parse(data.constBegin(), data.constEnd(), nullptr, false);
    if (!chunk.is_object())
        return std::nullopt;
    if (chunk.contains("usage") && chunk["usage"].is_object())
        usage = chunk["usage"];
    if (!chunk.contains("choices") || !chunk["choices"].is_array() || chunk["choices"].empty() || !chunk["choices"][0].is_object())
        return std::nullopt;
    const nlohmann::json &choice = chunk["choices"][0];
    if (choice.contains("finish_reason") && choice["finish_reason"].is_string())
        finish = choice["finish_reason"].get<std::string>();
    return choice.value("delta", nlohmann::json::object());
}

} // namespace crosslogic
