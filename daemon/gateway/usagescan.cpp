// Engine-reported usage read from a whole answer or an SSE event: scanJson() first, nlohmann's SAX parser for what
// it leaves.
#include "gateway/usagescan.h"

#include "gateway/jsonscan.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace crosslogic {
namespace {
using Json = nlohmann::json;

// nlohmann's SAX parser over the answer (a DOM of every choice cost about 45k instructions per request; this about
// 35k, mostly std::string copies of every key and string).
struct UsageScan : nlohmann::json_sax<Json>
{
    bool found = false;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    bool usageOnly = false;

    bool null() override { return scalar(false); }
    bool boolean(bool) override { return scalar(false); }
    bool number_integer(number_integer_t v) override { return number(double(v), qint64(v)); }
    bool number_unsigned(number_unsigned_t v) override { return number(double(v), qint64(v)); }
    bool number_float(number_float_t v, const string_t &) override { return std::isfinite(v) && number(v, qint64(v)); }
    bool string(string_t &) override { return scalar(false); }
    bool binary(binary_t &) override { return scalar(false); }
    bool start_object(std::size_t) override
    {
        if (countField())
            return false; // a count that is an object: not a number
        valueStarts(false);
        if (m_depth == 1 && m_usageNext) {
            found = true;
            promptTokens = completionTokens = 0;
            m_inUsage = true;
        }
        m_usageNext = false;
        ++m_depth;
        return true;
    }
    bool key(string_t &k) override
    {
        if (m_depth == 1) {
            m_usageNext = k == "usage";
            m_choicesNext = k == "choices";
        } else if (m_inUsage && m_depth == 2)
            m_field = k == "prompt_tokens" ? 1 : k == "completion_tokens" ? 2 : 0;
        return true;
    }
    bool end_object() override
    {
        --m_depth;
        if (m_depth == 1)
            m_inUsage = false;
        m_field = 0;
        return true;
    }
    bool start_array(std::size_t) override
    {
        if (countField())
            return false;
        valueStarts(true);
        m_usageNext = false;
        m_field = 0;
        ++m_depth;
        return true;
    }
    bool end_array() override
    {
        if (--m_depth == 1)
            m_inChoices = false;
        return true;
    }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) override { return false; }

private:
    // Every value as it starts: the top-level "choices" counts as empty only when it is an array (until an element
    // of it shows up).
    void valueStarts(bool array)
    {
        if (m_depth == 1 && m_choicesNext)
            usageOnly = array;
        else if (m_depth == 2 && m_inChoices)
            usageOnly = false;
        if (m_depth == 1) {
            m_inChoices = array && m_choicesNext;
            m_choicesNext = false;
        }
    }
    bool countField() const { return m_inUsage && m_depth == 2 && m_field != 0; }
    bool scalar(bool numeric)
    {
        valueStarts(false);
        const bool count = countField();
        if (m_depth == 1 && m_usageNext) // "usage" that is not an object: ignored, as before
            m_usageNext = false;
        m_field = 0;
        return numeric || !count;
    }
    bool number(double asDouble, qint64 asInteger)
    {
        if (countField())
            (m_field == 1 ? promptTokens : completionTokens) = std::isfinite(asDouble) ? asInteger : 0;
        return scalar(true);
    }

    int m_depth = 0;
    bool m_usageNext = false;
    bool m_inUsage = false;
    bool m_choicesNext = false; // the next value is the top-level "choices"
    bool m_inChoices = false;   // inside the top-level "choices" array
    int m_field = 0; // 1 prompt_tokens, 2 completion_tokens
};
// The same reading over scanJson(): it gives up (false) on anything in a count field but an integer, so the SAX
// parser above decides those (a float is truncated, anything else makes the answer invalid).
struct QuickUsageScan
{
    EngineUsage usage;
    int depth = 0;
    bool usageNext = false; // the next value is the top-level "usage"
    bool inUsage = false;
    bool choicesNext = false; // the next value is the top-level "choices"
    bool inChoices = false;   // inside the top-level "choices" array
    int field = 0; // 1 prompt_tokens, 2 completion_tokens: the next value is that count

    bool beginObject() { return open(true); }
    bool beginArray() { return open(false); }
    bool endObject()
    {
        if (--depth == 1)
            inUsage = false;
        return true;
    }
    bool endArray()
    {
        if (--depth == 1)
            inChoices = false;
        return true;
    }
    bool key(const JsonString &k)
    {
        if (k.escaped)
            return false;
        if (depth == 1) {
            usageNext = k.raw == "usage";
            choicesNext = k.raw == "choices";
        } else if (inUsage && depth == 2)
            field = k.raw == "prompt_tokens" ? 1 : k.raw == "completion_tokens" ? 2 : 0;
        return true;
    }
    bool string(const JsonString &) { return scalar(); }
    bool literal(char) { return scalar(); }
    bool number(const JsonNumber &n)
    {
        if (!countField())
            return scalar();
        if (!n.integer)
            return false;
        (field == 1 ? usage.promptTokens : usage.completionTokens) = n.value;
        field = 0;
        return true;
    }

private:
    bool countField() const { return inUsage && depth == 2 && field != 0; }
    bool scalar()
    {
        if (countField())
            return false;
        valueStarts(false);
        usageNext = false;
        return true;
    }
    // As UsageScan::valueStarts.
    void valueStarts(bool array)
    {
        if (depth == 1 && choicesNext)
            usage.usageOnly = array;
        else if (depth == 2 && inChoices)
            usage.usageOnly = false;
        if (depth == 1) {
            inChoices = array && choicesNext;
            choicesNext = false;
        }
    }
    bool open(bool object)
    {
        if (countField())
            return false;
        valueStarts(!object);
        if (object && depth == 1 && usageNext) {
            usage.found = true;
            usage.promptTokens = usage.completionTokens = 0;
            inUsage = true;
        }
        usageNext = false;
        ++depth;
        return true;
    }
};
} // namespace

bool scanEngineAnswerQuickly(const QByteArray &body, EngineUsage &out)
{
    QuickUsageScan scan;
    if (!scanJson(std::string_view(body.constData(), size_t(body.size())), scan))
        return false;
    out = scan.usage;
    return true;
}

bool scanEngineAnswerWithNlohmann(const QByteArray &body, EngineUsage &out)
{
    UsageScan scan;
    if (!Json::sax_parse(body.constBegin(), body.constEnd(), &scan))
        return false;
    out.found = scan.found;
    out.promptTokens = scan.promptTokens;
    out.completionTokens = scan.completionTokens;
    out.usageOnly = scan.usageOnly;
    return true;
}

bool scanEngineAnswer(const QByteArray &body, EngineUsage &out)
{
    return scanEngineAnswerQuickly(body, out) || scanEngineAnswerWithNlohmann(body, out);
}

bool scanEngineChunk(const QByteArray &data, EngineUsage &out)
{
    // Ordinary chunks have "usage":null or none: only a "usage" key followed by an object is worth a parse.
    const qsizetype at = data.indexOf("\"usage\"");
    if (at < 0)
        return false;
    qsizetype i = at + 7;
    while (i < data.size() && (data[i] == ' ' || data[i] == ':'))
        ++i;
    if (i >= data.size() || data[i] != '{')
        return false;
    EngineUsage usage;
    if (!scanEngineAnswer(data, usage) || !usage.found)
        return false;
    out = usage;
    return true;
}

} // namespace crosslogic
