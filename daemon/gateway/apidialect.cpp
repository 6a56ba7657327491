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

} // namespace crosslogic
