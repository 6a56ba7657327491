// Serialises a UsageEvent to one compact JSON record for the spool, and back.
#include "billing/usageeventcodec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <charconv>
#include <climits>
#include <cstring>

namespace crosslogic {

namespace {

bool isAscii(QByteArrayView s)
{
    for (char c : s)
        if (uchar(c) >= 0x80)
            return false;
    return true;
}

// Writes the record into one buffer sized for the worst case (every byte escaped as \u00XX), then trims it.
class RecordWriter
{
public:
    explicit RecordWriter(qsizetype worstCase) : m_out(worstCase, Qt::Uninitialized), m_p(m_out.data()) { *m_p++ = '{'; }

    void field(const char *key, QByteArrayView rawUtf8)
    {
        // Bytes from the wire (path, ids) may be invalid UTF-8: decoding and re-encoding replaces bad sequences
        // with U+FFFD, as the JSON library did before.
        if (isAscii(rawUtf8)) {
            startField(key);
            string(rawUtf8);
        } else {
            text(key, QString::fromUtf8(rawUtf8));
        }
    }
    void text(const char *key, const QString &s)
    {
        startField(key);
        const QChar *d = s.constData();
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (d[i].unicode() >= 0x80) { // rare (a model or reason outside ASCII): through UTF-8
                const QByteArray utf8 = s.toUtf8();
                string(utf8);
                return;
            }
        }
        *m_p++ = '"';
        for (qsizetype i = 0; i < s.size(); ++i)
            character(char(d[i].unicode()));
        *m_p++ = '"';
    }
    void number(const char *key, qint64 v)
    {
        startField(key);
        m_p = std::to_chars(m_p, m_p + 24, v).ptr;
    }
    void raw(const char *text)
    {
        const size_t n = std::strlen(text);
        std::memcpy(m_p, text, n);
        m_p += n;
    }
    QByteArray finish()
    {
        m_out.truncate(m_p - m_out.data());
        return std::move(m_out);
    }
    // Bytes a field can take at most: key, quotes, separators, and a value of n bytes all escaped.
    static qsizetype worstCase(qsizetype n) { return 16 + 6 * n; }

private:
    void startField(const char *key)
    {
        if (m_p - m_out.data() > 1)
            *m_p++ = ',';
        *m_p++ = '"';
        raw(key);
        *m_p++ = '"';
        *m_p++ = ':';
    }
    void string(QByteArrayView utf8)
    {
        *m_p++ = '"';
        for (char c : utf8)
            character(c);
        *m_p++ = '"';
    }
    void character(char c)
    {
        static const char hex[] = "0123456789abcdef";
        const uchar u = uchar(c);
        if (u >= 0x20 && c != '"' && c != '\\') {
            *m_p++ = c;
        } else if (c == '"' || c == '\\') {
            *m_p++ = '\\';
            *m_p++ = c;
        } else {
            const char esc[] = {'\\', 'u', '0', '0', hex[u >> 4], hex[u & 15]};
            std::memcpy(m_p, esc, sizeof esc);
            m_p += sizeof esc;
        }
    }

    QByteArray m_out;
    char *m_p;
};

} // namespace

// Hand-written into one buffer (the JSON library cost ~78k instructions per request on the event-loop thread,
// appending field by field ~20k); the format is unchanged, so spools written by any version decode with
// decodeUsageEvent.
QByteArray encodeUsageEvent(const UsageEvent &e)
{
    const QByteArray path = e.path.left(500);
    qsizetype worst = 64;
    for (qsizetype n : {e.requestId.size(), e.keyPrefix.size(), e.method.size(), path.size(), e.openaiOrganization.size(),
                        e.openaiProject.size()})
        worst += RecordWriter::worstCase(n);
    worst += RecordWriter::worstCase(e.usageFlag.size()) + 2 * RecordWriter::worstCase(20);
    // A UTF-16 unit becomes at most 3 bytes of UTF-8 (a surrogate pair 4 for two units).
    for (const QString *s : {&e.tenantId, &e.environmentId, &e.apiKeyId, &e.model, &e.nodeId, &e.status, &e.reason})
        worst += RecordWriter::worstCase(3 * s->size());
    worst += 6 * RecordWriter::worstCase(20);
    RecordWriter w(worst);
    w.field("rid", e.requestId);
    w.text("t", e.tenantId);
    w.text("e", e.environmentId);
    w.text("k", e.apiKeyId);
    w.field("kp", e.keyPrefix);
    w.text("m", e.model);
    w.text("n", e.nodeId);
    w.field("mt", e.method);
    w.field("p", path);
    w.number("pt", e.promptTokens);
    w.number("ct", e.completionTokens);
    w.number("lat", e.latencyMs);
    w.number("ttft", e.ttftMs);
    w.number("sc", qint64(e.statusCode));
    w.text("s", e.status);
    w.text("r", e.reason);
    w.number("ts", e.timestampMs);
    if (!e.openaiOrganization.isEmpty()) // only when sent: records without them are as before
        w.field("org", e.openaiOrganization);
    if (!e.openaiProject.isEmpty())
        w.field("prj", e.openaiProject);
    if (!e.usageFlag.isEmpty()) { // only when flagged: other records are as before
        w.field("uf", e.usageFlag);
        w.number("ept", e.enginePromptTokens);
        w.number("ect", e.engineCompletionTokens);
    }
    w.raw(e.usageFromEngine ? ",\"ue\":true}" : ",\"ue\":false}");
    return w.finish();
}

namespace {

// Reads the flat records encodeUsageEvent writes (string, integer and boolean values, ASCII text) without a JSON
// library: Qt's parser cost ~46k instructions per event on the usage writer thread. Anything else it gives up on
// (nullopt), and decodeUsageEvent falls back to the full parser, so which records decode does not change.
class FlatRecordReader
{
public:
    explicit FlatRecordReader(QByteArrayView bytes) : m_p(bytes.data()), m_end(bytes.data() + bytes.size()) {}

    std::optional<UsageEvent> read()
    {
        UsageEvent e;
        e.ttftMs = -1;
        bool sawRid = false, sawTs = false;
        unsigned seen = 0;
        skipSpace();
        if (!take('{'))
            return std::nullopt;
        skipSpace();
        if (take('}'))
            return std::nullopt; // no "rid": not an event
        while (true) {
            skipSpace();
            QByteArrayView key;
            if (!string(&key))
                return std::nullopt;
            skipSpace();
            if (!take(':'))
                return std::nullopt;
            skipSpace();
            const int index = fieldIndex(key);
            if (index < 0 || (seen & (1u << index)))
                return std::nullopt; // unknown or repeated key: the full parser decides
            seen |= 1u << index;
            if (!value(index, e))
                return std::nullopt;
            sawRid = sawRid || index == 0;
            sawTs = sawTs || index == 16;
            skipSpace();
            if (take(','))
                continue;
            if (!take('}'))
                return std::nullopt;
            break;
        }
        skipSpace();
        if (m_p != m_end || !sawRid || !sawTs || e.requestId.isEmpty())
            return std::nullopt;
        return e;
    }

private:
    static int fieldIndex(QByteArrayView key)
    {
        static const char *const names[] = {"rid", "t", "e", "k", "kp", "m", "n", "mt", "p", "pt",
                                            "ct", "lat", "ttft", "sc", "s", "r", "ts", "ue", "org", "prj",
                                            "uf", "ept", "ect"};
        for (int i = 0; i < int(std::size(names)); ++i)
            if (key == QByteArrayView(names[i]))
                return i;
        return -1;
    }
    bool value(int index, UsageEvent &e)
    {
        switch (index) {
        case 0: return bytes(&e.requestId);
        case 1: return text(&e.tenantId);
        case 2: return text(&e.environmentId);
        case 3: return text(&e.apiKeyId);
        case 4: return bytes(&e.keyPrefix);
        case 5: return text(&e.model);
        case 6: return text(&e.nodeId);
        case 7: return bytes(&e.method);
        case 8: return bytes(&e.path);
        case 9: return integer(&e.promptTokens);
        case 10: return integer(&e.completionTokens);
        case 11: return integer(&e.latencyMs);
        case 12: return integer(&e.ttftMs);
        case 13: {
            qint64 v = 0;
            if (!integer(&v) || v < INT_MIN || v > INT_MAX)
                return false;
            e.statusCode = int(v);
            return true;
        }
        case 14: return text(&e.status);
        case 15: return text(&e.reason);
        case 16: return integer(&e.timestampMs);
        case 17: return boolean(&e.usageFromEngine);
        case 18: return bytes(&e.openaiOrganization);
        case 19: return bytes(&e.openaiProject);
        case 20: return bytes(&e.usageFlag);
        case 21: return integer(&e.enginePromptTokens);
        case 22: return integer(&e.engineCompletionTokens);
        }
        return false;
    }
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool take(char c)
    {
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    // A string without escapes, as a view into the record.
    bool string(QByteArrayView *out)
    {
        if (!take('"'))
            return false;
        const char *from = m_p;
        while (m_p < m_end && *m_p != '"') {
            const uchar c = uchar(*m_p);
            if (c < 0x20 || c >= 0x80 || c == '\\')
                return false;
            ++m_p;
        }
        if (m_p == m_end)
            return false;
        *out = QByteArrayView(from, m_p - from);
        ++m_p;
        return true;
    }
    // A string value: ASCII with the escapes encodeUsageEvent writes (\" \\ and \u00XX for control characters).
    bool unescaped(QByteArray *out)
    {
        if (!take('"'))
            return false;
        out->clear();
        const char *run = m_p;
        while (m_p < m_end && *m_p != '"') {
            const uchar c = uchar(*m_p);
            if (c < 0x20 || c >= 0x80)
                return false;
            if (c != '\\') {
                ++m_p;
                continue;
            }
            out->append(run, m_p - run);
            if (m_end - m_p < 2)
                return false;
            const char esc = m_p[1];
            if (esc == '"' || esc == '\\' || esc == '/') {
                out->append(esc);
                m_p += 2;
            } else if (esc == 'u' && m_end - m_p >= 6 && m_p[2] == '0' && m_p[3] == '0' && isHex(m_p[4]) && isHex(m_p[5])) {
                const int code = hexValue(m_p[4]) * 16 + hexValue(m_p[5]);
                if (code >= 0x80)
                    return false;
                out->append(char(code));
                m_p += 6;
            } else {
                const char *simple = "b\bf\fn\nr\rt\t";
                const char *hit = std::strchr(simple, esc);
                if (!hit || esc == '\0' || (hit - simple) % 2 != 0)
                    return false;
                out->append(hit[1]);
                m_p += 2;
            }
            run = m_p;
        }
        if (m_p == m_end)
            return false;
        out->append(run, m_p - run);
        ++m_p;
        return true;
    }
    bool bytes(QByteArray *out) { return unescaped(out); }
    bool text(QString *out)
    {
        QByteArray ascii;
        if (!unescaped(&ascii))
            return false;
        *out = QString::fromLatin1(ascii);
        return true;
    }
    bool integer(qint64 *out)
    {
        const char *from = m_p;
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        const char *digits = m_p;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        const qsizetype n = m_p - digits;
        if (n == 0 || n > 18 || (n > 1 && *digits == '0'))
            return false;
        if (m_p < m_end && (*m_p == '.' || *m_p == 'e' || *m_p == 'E'))
            return false; // not an integer as written: the full parser decides
        return std::from_chars(from, m_p, *out).ec == std::errc();
    }
    bool boolean(bool *out)
    {
        if (m_end - m_p >= 4 && std::memcmp(m_p, "true", 4) == 0) {
            *out = true;
            m_p += 4;
            return true;
        }
        if (m_end - m_p >= 5 && std::memcmp(m_p, "false", 5) == 0) {
            *out = false;
            m_p += 5;
            return true;
        }
        return false;
    }
    static bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
    static int hexValue(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

    const char *m_p;
    const char *m_end;
};

} // namespace

std::optional<UsageEvent> decodeUsageEvent(QByteArrayView bytes)
{
    if (auto e = FlatRecordReader(bytes).read())
        return e;
    return decodeUsageEventWithQtJson(bytes);
}

// Qt's JSON parser: about a third of nlohmann's cost per event on the usage writer thread. Strict like
// before: a record that does not parse, lacks "rid" or "ts", or has a field of the wrong type is not an
// event.
std::optional<UsageEvent> decodeUsageEventWithQtJson(QByteArrayView bytes)
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
    e.openaiOrganization = bytesOf("org");
    e.openaiProject = bytesOf("prj");
    e.usageFlag = bytesOf("uf");
    e.enginePromptTokens = integer("ept", 0);
    e.engineCompletionTokens = integer("ect", 0);
    const QJsonValue ue = j.value(QLatin1String("ue"));
    ok = ok && (ue.isUndefined() || ue.isBool());
    e.usageFromEngine = ue.toBool(false);
    if (!ok || e.requestId.isEmpty())
        return std::nullopt;
    return e;
}

} // namespace crosslogic
