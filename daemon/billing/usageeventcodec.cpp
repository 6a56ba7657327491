// Serialises a UsageEvent to one compact JSON record for the spool, and back.
#include "billing/usageeventcodec.h"

#include <nlohmann/json.hpp>

namespace crosslogic {

using Json = nlohmann::json;

QByteArray encodeUsageEvent(const UsageEvent &e)
{
    const Json j{{"rid", e.requestId.toStdString()},
                 {"t", e.tenantId.toStdString()},
                 {"e", e.environmentId.toStdString()},
                 {"k", e.apiKeyId.toStdString()},
                 {"kp", e.keyPrefix.toStdString()},
                 {"m", e.model.toStdString()},
                 {"n", e.nodeId.toStdString()},
                 {"mt", e.method.toStdString()},
                 {"p", e.path.left(500).toStdString()},
                 {"pt", e.promptTokens},
                 {"ct", e.completionTokens},
                 {"lat", e.latencyMs},
                 {"ttft", e.ttftMs},
                 {"sc", e.statusCode},
                 {"s", e.status.toStdString()},
                 {"r", e.reason.toStdString()},
                 {"ts", e.timestampMs},
                 {"ue", e.usageFromEngine}};
    return QByteArray::fromStdString(j.dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::optional<UsageEvent> decodeUsageEvent(QByteArrayView bytes)
{
    try {
        const Json j = Json::parse(bytes.begin(), bytes.end());
        if (!j.is_object() || !j.contains("rid") || !j.contains("ts"))
            return std::nullopt;
        auto str = [&j](const char *k) { return QString::fromStdString(j.value(k, std::string())); };
        auto bytesOf = [&j](const char *k) { return QByteArray::fromStdString(j.value(k, std::string())); };
        UsageEvent e;
        e.requestId = bytesOf("rid");
        e.tenantId = str("t");
        e.environmentId = str("e");
        e.apiKeyId = str("k");
        e.keyPrefix = bytesOf("kp");
        e.model = str("m");
        e.nodeId = str("n");
        e.method = bytesOf("mt");
        e.path = bytesOf("p");
        e.promptTokens = j.value("pt", qint64(0));
        e.completionTokens = j.value("ct", qint64(0));
        e.latencyMs = j.value("lat", qint64(0));
        e.ttftMs = j.value("ttft", qint64(-1));
        e.statusCode = j.value("sc", 0);
        e.status = str("s");
        e.reason = str("r");
        e.timestampMs = j.value("ts", qint64(0));
        e.usageFromEngine = j.value("ue", false);
        if (e.requestId.isEmpty())
            return std::nullopt;
        return e;
    } catch (const Json::exception &) {
        return std::nullopt;
    }
}

} // namespace crosslogic
