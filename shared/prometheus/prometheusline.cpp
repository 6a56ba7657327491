// The grammar of one line of the Prometheus text format: a sample, a HELP or TYPE line, or a comment.
#include "prometheus/prometheusline.h"

#include <cmath>
#include <limits>

namespace crosslogic::prometheus {
namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isNameStart(char c, bool label)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!label && c == ':');
}

bool isNameChar(char c, bool label)
{
    return isNameStart(c, label) || (c >= '0' && c <= '9');
}

// Cursor over one line.
class Scanner
{
public:
    explicit Scanner(const QByteArray &line) : m_line(line) {}

    bool atEnd() const { return m_pos >= m_line.size(); }
    char peek() const { return atEnd() ? '\0' : m_line[m_pos]; }
    void advance() { ++m_pos; }
    void skipBlanks()
    {
        while (!atEnd() && isBlank(peek()))
            ++m_pos;
    }
    // [a-zA-Z_:][a-zA-Z0-9_:]* (no ':' in label names); empty when none starts here.
    QByteArray name(bool label)
    {
        const qsizetype start = m_pos;
        if (!atEnd() && isNameStart(peek(), label))
            while (!atEnd() && isNameChar(peek(), label))
                ++m_pos;
        return m_line.mid(start, m_pos - start);
    }
    QByteArray word()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && !isBlank(peek()))
            ++m_pos;
        return m_line.mid(start, m_pos - start);
    }
    QByteArray rest() const { return m_line.mid(m_pos); }

private:
    const QByteArray &m_line;
    qsizetype m_pos = 0;
};

// Unescapes \\ and \n (and \" in label values); false on any other escape.
bool unescape(const QByteArray &in, bool quoteEscape, QByteArray *out)
{
    out->clear();
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != '\\') {
            out->append(in[i]);
            continue;
        }
        const char next = i + 1 < in.size() ? in[i + 1] : '\0';
        if (next == '\\' || (next == '"' && quoteEscape))
            out->append(next);
        else if (next == 'n')
            out->append('\n');
        else
            return false;
        ++i;
    }
    return true;
}

Line ofKind(Line::Kind kind)
{
    Line l;
    l.kind = kind;
    return l;
}

Line invalid(const char *why)
{
    Line l = ofKind(Line::Invalid);
    l.error = QString::fromLatin1(why);
    return l;
}

// {name="value",...} after the '{'; returns the error, or nullptr.
const char *readLabels(Scanner &s, PrometheusLabels *labels)
{
    for (;;) {
        s.skipBlanks();
        if (s.peek() == '}') {
            s.advance();
            return nullptr;
        }
        const QByteArray name = s.name(true);
        if (name.isEmpty())
            return s.atEnd() ? "unterminated label set" : "invalid label name";
        if (labels->contains(name))
            return "duplicate label name";
        s.skipBlanks();
        if (s.peek() != '=')
            return "label without '='";
        s.advance();
        s.skipBlanks();
        if (s.peek() != '"')
            return "label value not quoted";
        s.advance();
        QByteArray raw;
        while (!s.atEnd() && s.peek() != '"') {
            if (s.peek() == '\\') {
                raw += s.peek();
                s.advance();
                if (s.atEnd())
                    break;
            }
            raw += s.peek();
            s.advance();
        }
        if (s.atEnd())
            return "unterminated label value";
        s.advance();
        QByteArray value;
        if (!unescape(raw, true, &value))
            return "bad escape in label value";
        labels->insert(name, value);
        s.skipBlanks();
        if (s.peek() == ',')
            s.advance();
        else if (s.peek() != '}')
            return s.atEnd() ? "unterminated label set" : "expected ',' or '}' after a label";
    }
}

Line readComment(Scanner &s)
{
    s.advance(); // '#'
    s.skipBlanks();
    const QByteArray keyword = s.word();
    if (keyword != "HELP" && keyword != "TYPE")
        return ofKind(Line::Comment);
    s.skipBlanks();
    Line l;
    l.family = s.name(false);
    if (l.family.isEmpty() || (!s.atEnd() && !isBlank(s.peek())))
        return invalid(keyword == "HELP" ? "HELP without a valid metric name"
                                         : "TYPE without a valid metric name");
    s.skipBlanks();
    const QByteArray rest = s.rest();
    if (keyword == "TYPE") {
        if (rest != "counter" && rest != "gauge" && rest != "histogram" && rest != "summary" &&
            rest != "untyped")
            return invalid("unknown TYPE");
        l.kind = Line::Type;
        l.text = rest;
        return l;
    }
    l.kind = Line::Help;
    if (!unescape(rest, false, &l.text)) {
        l.text = rest;
        l.error = QStringLiteral("bad escape in HELP");
    }
    return l;
}

} // namespace

std::optional<double> readValue(const QByteArray &token)
{
    const QByteArray lower = token.toLower();
    if (lower == "+inf" || lower == "inf")
        return std::numeric_limits<double>::infinity();
    if (lower == "-inf")
        return -std::numeric_limits<double>::infinity();
    if (lower == "nan")
        return std::numeric_limits<double>::quiet_NaN();
    bool ok = false;
    const double v = token.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return v;
}

Line readLine(const QByteArray &raw)
{
    const QByteArray line = raw.trimmed();
    if (line.isEmpty())
        return ofKind(Line::Blank);
    Scanner s(line);
    if (s.peek() == '#')
        return readComment(s);
    Line l;
    l.sample.name = s.name(false);
    if (l.sample.name.isEmpty())
        return invalid("invalid metric name");
    if (s.peek() == '{') {
        s.advance();
        if (const char *error = readLabels(s, &l.sample.labels))
            return invalid(error);
    } else if (!s.atEnd() && !isBlank(s.peek())) {
        return invalid("invalid metric name");
    }
    s.skipBlanks();
    const QByteArray valueToken = s.word();
    if (valueToken.isEmpty())
        return invalid("no value");
    const std::optional<double> value = readValue(valueToken);
    if (!value)
        return invalid("invalid value");
    l.sample.value = *value;
    s.skipBlanks();
    if (!s.atEnd()) {
        bool ok = false;
        l.sample.timestampMs = s.word().toLongLong(&ok);
        s.skipBlanks();
        if (!ok)
            return invalid("invalid timestamp");
        if (!s.atEnd())
            return invalid("text after the timestamp");
    }
    l.kind = Line::Sample;
    return l;
}

} // namespace crosslogic::prometheus
