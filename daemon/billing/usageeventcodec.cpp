// Serialises a UsageEvent to one compact JSON record for the spool, and back.
#include "billing/usageeventcodec.h"

#include <nlohmann/json.hpp>

namespace crosslogic {

using Json = nlohmann::json;

namespace {

bool isAscii(QByteArrayView s)
{
    for (char c : s)
        if (uchar(c) >= 0x80)
            return false;
    return true;
}

// A JSON string of valid UTF-8: quote, backslash and control characters escaped, the rest copied in runs.
void appendJsonString(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    out.append('"');
    qsizetype from = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const uchar c = uchar(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.sliced(from, i - from));
        if (c == '"' || c == '\\') {
            out.append('\\').append(char(c));
        } else {
            const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(esc, sizeof esc);
        }
        from = i + 1;
    }
    out.append(utf8.sliced(from));
    out.append('"');
}

void appendField(QByteArray &out, const char *key, QByteArrayView rawUtf8)
{
    out.append(out.size() > 1 ? ",\"" : "\"").append(key).append("\":");
    // Bytes from the wire (path, ids) may be invalid UTF-8: decoding and re-encoding replaces bad sequences
    // with U+FFFD, as the JSON library did before.
    if (isAscii(rawUtf8))
        appendJsonString(out, rawUtf8);
    else
        appendJsonString(out, QString::fromUtf8(rawUtf8).toUtf8());
}

void appendField(QByteArray &out, const char *key, const QString &s)
{
    out.append(out.size() > 1 ? ",\"" : "\"").append(key).append("\":");
    appendJsonString(out, s.toUtf8());
}

void appendField(QByteArray &out, const char *key, qint64 v)
{
    out.append(out.size() > 1 ? ",\"" : "\"").append(key).append("\":").append(QByteArray::number(v));
}

} // namespace

// Hand-written (the JSON library cost ~78k instructions per request on the event-loop thread); the format is
// unchanged, so spools written by either version decode with decodeUsageEvent.
QByteArray encodeUsageEvent(const UsageEvent &e)
{
    QByteArray out;
    out.reserve(384 + e.path.size());
    out.append('{');
    appendField(out, "rid", QByteArrayView(e.requestId));
    appendField(out, "t", e.tenantId);
    appendField(out, "e", e.environmentId);
    appendField(out, "k", e.apiKeyId);
    appendField(out, "kp", QByteArrayView(e.keyPrefix));
    appendField(out, "m", e.model);
    appendField(out, "n", e.nodeId);
    appendField(out, "mt", QByteArrayView(e.method));
    appendField(out, "p", QByteArrayView(e.path.left(500)));
    appendField(out, "pt", e.promptTokens);
    appendField(out, "ct", e.completionTokens);
    appendField(out, "lat", e.latencyMs);
    appendField(out, "ttft", e.ttftMs);
    appendField(out, "sc", qint64(e.statusCode));
    appendField(out, "s", e.status);
    appendField(out, "r", e.reason);
    appendField(out, "ts", e.timestampMs);
    out.append(e.usageFromEngine ? ",\"ue\":true}" : ",\"ue\":false}");
    return out;
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
