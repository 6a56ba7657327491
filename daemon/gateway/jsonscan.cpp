// The lexical parts of scanJson(): strings (escapes and UTF-8 checked as nlohmann's lexer does), numbers, literals.
#include "gateway/jsonscan.h"

namespace crosslogic::jsonscan_detail {
namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool continuation(const char *p, const char *end, unsigned char low = 0x80, unsigned char high = 0xBF)
{
    if (p >= end)
        return false;
    const auto c = static_cast<unsigned char>(*p);
    return c >= low && c <= high;
}

} // namespace

bool scanString(const char *&p, const char *end, JsonString &out)
{
    // p is at the opening quote.
    const char *const begin = ++p;
    std::int64_t decoded = 0;
    bool escaped = false;
    while (p < end) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"') {
            out.raw = std::string_view(begin, size_t(p - begin));
            out.escaped = escaped;
            out.decodedBytes = decoded;
            ++p;
            return true;
        }
        if (c < 0x20) // control characters must be escaped
            return false;
        if (c == '\\') {
            escaped = true;
            if (end - p < 2)
                return false;
            switch (p[1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                p += 2;
                decoded += 1;
                continue;
            case 'u': {
                if (end - p < 6)
                    return false;
                int cp = 0;
                for (int i = 2; i < 6; ++i) {
                    const int h = hexValue(p[i]);
                    if (h < 0)
                        return false;
                    cp = cp * 16 + h;
                }
                if (cp >= 0xD800 && cp <= 0xDFFF) // surrogates (pairs or lone): the full parser decides
                    return false;
                decoded += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
                p += 6;
                continue;
            }
            default:
                return false;
            }
        }
        if (c < 0x80) {
            ++p;
            ++decoded;
            continue;
        }
        // UTF-8, well-formed as RFC 3629 has it (no overlong forms, no surrogates, nothing above U+10FFFF).
        int length = 0;
        if (c >= 0xC2 && c <= 0xDF)
            length = continuation(p + 1, end) ? 2 : 0;
        else if (c == 0xE0)
            length = continuation(p + 1, end, 0xA0, 0xBF) && continuation(p + 2, end) ? 3 : 0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
            length = continuation(p + 1, end) && continuation(p + 2, end) ? 3 : 0;
        else if (c == 0xED)
            length = continuation(p + 1, end, 0x80, 0x9F) && continuation(p + 2, end) ? 3 : 0;
        else if (c == 0xF0)
            length = continuation(p + 1, end, 0x90, 0xBF) && continuation(p + 2, end) && continuation(p + 3, end) ? 4 : 0;
        else if (c >= 0xF1 && c <= 0xF3)
            length = continuation(p + 1, end) && continuation(p + 2, end) && continuation(p + 3, end) ? 4 : 0;
        else if (c == 0xF4)
            length = continuation(p + 1, end, 0x80, 0x8F) && continuation(p + 2, end) && continuation(p + 3, end) ? 4 : 0;
        if (length == 0)
            return false;
        p += length;
        decoded += length;
    }
    return false; // no closing quote
}

bool scanNumber(const char *&p, const char *end, JsonNumber &out)
{
    // -?(0|[1-9][0-9]*)(\.[0-9]+)?  — an exponent, or more than 18 integer digits, is left to the full parser
    // (it may overflow a double or an int64 there).
    const char *const begin = p;
    bool negative = false;
    if (p < end && *p == '-') {
        negative = true;
        ++p;
    }
    if (p >= end || *p < '0' || *p > '9')
        return false;
    std::int64_t value = 0;
    int digits = 0;
    if (*p == '0') {
        ++p;
        digits = 1;
    } else {
        while (p < end && *p >= '0' && *p <= '9') {
            if (++digits > 18)
                return false;
            value = value * 10 + (*p - '0');
            ++p;
        }
    }
    bool integer = true;
    if (p < end && *p == '.') {
        ++p;
        const char *fraction = p;
        while (p < end && *p >= '0' && *p <= '9')
            ++p;
        if (p == fraction || p - begin > 64)
            return false;
        integer = false;
    }
    if (p < end && (*p == 'e' || *p == 'E'))
        return false;
    out.raw = std::string_view(begin, size_t(p - begin));
    out.integer = integer;
    out.value = negative ? -value : value;
    return true;
}

bool scanLiteral(const char *&p, const char *end, char &which)
{
    const std::string_view rest(p, size_t(end - p));
    for (std::string_view word : {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
        if (rest.substr(0, word.size()) == word) {
            p += word.size();
            which = word[0];
            return true;
        }
    }
    return false;
}

} // namespace crosslogic::jsonscan_detail
