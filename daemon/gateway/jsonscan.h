// One pass over JSON text that checks it at least as strictly as nlohmann::json::parse and reports what it meets to a
// visitor, without building a document or copying a string. The gateway's request and response checks use it on
// the hot path; nlohmann parsed every body into a DOM (or a SAX stream of std::string copies) for about 19k and
// 35k instructions per request.
//
// scanJson() answers true only for text it is certain the full parser accepts, and only when the visitor accepted
// everything it was shown. Anything else is "not sure": invalid text, but also what this scanner leaves to the full
// parser on purpose (numbers with an exponent or over 18 integer digits, \u escapes of surrogates, nesting deeper
// than kMaxScanDepth, a byte-order mark). Callers then take the full parser's path, so every error message and
// every odd case stays exactly as the full parser has it.
#pragma once

#include <cstdint>
#include <string_view>

namespace crosslogic {

inline constexpr int kMaxScanDepth = 128;

struct JsonString
{
    std::string_view raw;  // between the quotes, escapes as written
    bool escaped = false;  // raw contains a backslash escape
    std::int64_t decodedBytes = 0; // the UTF-8 length of the string once unescaped
};

struct JsonNumber
{
    std::string_view raw;
    bool integer = false; // no fraction: nlohmann stores it as an integer
    std::int64_t value = 0; // when integer (at most 18 digits, so it always fits)
};

// The visitor's calls (each returns false to stop: the scan then answers "not sure"):
//   bool beginObject(); bool endObject(); bool beginArray(); bool endArray();
//   bool key(const JsonString &);                 // an object member's name; its value follows
//   bool string(const JsonString &); bool number(const JsonNumber &);
//   bool literal(char which);                      // 't', 'f' or 'n'
template <class Visitor>
bool scanJson(std::string_view text, Visitor &visitor);

namespace jsonscan_detail {
bool scanString(const char *&p, const char *end, JsonString &out);
bool scanNumber(const char *&p, const char *end, JsonNumber &out);
inline void skipSpace(const char *&p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        ++p;
}
bool scanLiteral(const char *&p, const char *end, char &which);
} // namespace jsonscan_detail

template <class Visitor>
bool scanJson(std::string_view text, Visitor &visitor)
{
    using namespace jsonscan_detail;
    const char *p = text.data();
    const char *const end = p + text.size();
    // One entry per open container: true for an object. Values are parsed in a loop, not by recursion.
    bool isObject[kMaxScanDepth + 1];
    int depth = 0;
    // An object member's name and its colon; p is then at the value.
    auto readKey = [&] {
        JsonString k;
        if (p >= end || *p != '"' || !scanString(p, end, k) || !visitor.key(k))
            return false;
        skipSpace(p, end);
        if (p >= end || *p != ':')
            return false;
        ++p;
        skipSpace(p, end);
        return true;
    };
    skipSpace(p, end);
    for (;;) {
        // A value is expected here.
        if (p >= end)
            return false;
        switch (*p) {
        case '{':
        case '[': {
            const bool object = *p == '{';
            ++p;
            if (depth == kMaxScanDepth)
                return false;
            isObject[depth++] = object;
            if (!(object ? visitor.beginObject() : visitor.beginArray()))
                return false;
            skipSpace(p, end);
            if (p < end && *p == (object ? '}' : ']')) { // empty container
                ++p;
                --depth;
                if (!(object ? visitor.endObject() : visitor.endArray()))
                    return false;
                break;
            }
            if (object && !readKey())
                return false;
            continue; // the first value of the container
        }
        case '"': {
            JsonString s;
            if (!scanString(p, end, s) || !visitor.string(s))
                return false;
            break;
        }
        case 't':
        case 'f':
        case 'n': {
            char which = 0;
            if (!scanLiteral(p, end, which) || !visitor.literal(which))
                return false;
            break;
        }
        default: {
            JsonNumber n;
            if (!scanNumber(p, end, n) || !visitor.number(n))
                return false;
            break;
        }
        }
        // After a value: a comma, the end of containers, or the end of the text.
        for (;;) {
            skipSpace(p, end);
            if (depth == 0)
                return p == end;
            if (p >= end)
                return false;
            const bool object = isObject[depth - 1];
            if (*p == ',') {
                ++p;
                skipSpace(p, end);
                if (object && !readKey())
                    return false;
                break; // the next value
            }
            if (*p != (object ? '}' : ']'))
                return false;
            ++p;
            --depth;
            if (!(object ? visitor.endObject() : visitor.endArray()))
                return false;
        }
    }
}

} // namespace crosslogic
