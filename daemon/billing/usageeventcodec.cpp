// Serialises a UsageEvent to one compact JSON record for the spool, and back.
#include "billing/usageeventcodec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

namespace crosslogic {

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

// Qt's JSON parser: about a third of nlohmann's cost per event on the usage writer thread. Strict like
// before: a record that does not parse, lacks "rid" or "ts", or has a field of the wrong type is not an
// event.
std::optional<UsageEvent> decodeUsageEvent(QByteArrayView bytes)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject j = doc.object();
    if (!j.contains(QLatin1String("rid")) || !j.contains(QLatin1String("ts")))
        return std::nullopt;
    bool ok = true;
    auto str = [&](const char *k) {
        const QJsonValue v = j.value(QLatin1String(k));
        if (v.isUndefined())
            return QString();
        ok = ok && v.isString();
        return v.toString();
    };
    auto bytesOf = [&](const char *k) { return str(k).toUtf8(); };
    auto integer = [&](const char *k, qint64 fallback) {
        const QJsonValue v = j.value(QLatin1String(k));
        if (v.isUndefined())
            return fallback;
        ok = ok && v.isDouble();
        return v.toInteger(fallback);
    };
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
    e.promptTokens = integer("pt", 0);
    e.completionTokens = integer("ct", 0);
    e.latencyMs = integer("lat", 0);
    e.ttftMs = integer("ttft", -1);
    e.statusCode = int(integer("sc", 0));
    e.status = str("s");
    e.reason = str("r");
    e.timestampMs = integer("ts", 0);
    const QJsonValue ue = j.value(QLatin1String("ue"));
    ok = ok && (ue.isUndefined() || ue.isBool());
    e.usageFromEngine = ue.toBool(false);
    if (!ok || e.requestId.isEmpty())
        return std::nullopt;
    return e;
}

} // namespace crosslogic
