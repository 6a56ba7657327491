// simdjson 3.0.1 readers for tests/bench/libs/jsonscanbench.cpp: the answers of the gateway's quick JSON paths
// (RequestScan, QuickUsageScan) over On-Demand and over the DOM API, and scanJson()'s visitor contract over On-Demand.
#pragma once

#include "gateway/jsonscan.h"
#include "gateway/usagescan.h"

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace crosslogic::bench {
namespace od = simdjson::ondemand;

// Visits every value below v (so the whole text is checked); adds the decoded length of every string to bytes.
inline bool walk(od::value v, std::int64_t *bytes, int depth)
{
    if (depth > kMaxScanDepth)
        return false;
    od::json_type type;
    if (v.type().get(type))
        return false;
    switch (type) {
    case od::json_type::object: {
        od::object o;
        if (v.get_object().get(o))
            return false;
        for (auto field : o) {
            std::string_view key;
            if (field.unescaped_key().get(key) || !walk(field.value(), bytes, depth + 1))
                return false;
        }
        return true;
    }
    case od::json_type::array: {
        od::array a;
        if (v.get_array().get(a))
            return false;
        for (auto item : a) {
            od::value element;
            if (item.get(element) || !walk(element, bytes, depth + 1))
                return false;
        }
        return true;
    }
    case od::json_type::string: {
        std::string_view s;
        if (v.get_string().get(s))
            return false;
        if (bytes)
            *bytes += std::int64_t(s.size());
        return true;
    }
    case od::json_type::number: {
        od::number n;
        return !v.get_number().get(n);
    }
    case od::json_type::boolean: {
        bool b;
        return !v.get_bool().get(b);
    }
    case od::json_type::null:
        return v.is_null().value_unsafe();
    }
    return false;
}

// On-Demand leaves text after the root value to the caller: a location still in bounds means there is some.
inline bool trailing(od::document &doc)
{
    const char *at = nullptr;
    if (doc.current_location().get(at))
        return false;
    while (*at == ' ' || *at == '\n' || *at == '\r' || *at == '\t')
        ++at;
    return *at != '\0';
}

struct SimdRequest
{
    std::string_view model;
    std::int64_t maxTokens = 0;
    std::int64_t promptBytes = 0;
    bool includeUsage = false;
};

// A chat request, checked whole; nullopt where the scanner's path would leave it to the document path.
inline std::optional<SimdRequest> simdChat(od::parser &parser, const simdjson::padded_string_view &text)
{
    od::document doc;
    od::object root;
    if (parser.iterate(text).get(doc) || doc.get_object().get(root))
        return std::nullopt;
    SimdRequest r;
    bool sawMessages = false;
    for (auto field : root) {
        std::string_view key;
        od::value v;
        if (field.unescaped_key().get(key) || field.value().get(v))
            return std::nullopt;
        if (key == "model") {
            if (v.get_string().get(r.model) || r.model.empty() || r.model.size() > 256)
                return std::nullopt;
        } else if (key == "messages") {
            od::array messages;
            if (v.get_array().get(messages))
                return std::nullopt;
            sawMessages = true;
            r.promptBytes = 0;
            std::size_t count = 0;
            for (auto item : messages) {
                od::object message;
                if (item.get_object().get(message))
                    return std::nullopt;
                ++count;
                bool role = false;
                for (auto m : message) {
                    std::string_view name;
                    od::value mv;
                    if (m.unescaped_key().get(name) || m.value().get(mv))
                        return std::nullopt;
                    if (name == "role") {
                        std::string_view s;
                        if (mv.get_string().get(s))
                            return std::nullopt;
                        role = true;
                        r.promptBytes += std::int64_t(s.size());
                    } else if (!walk(mv, &r.promptBytes, 3)) {
                        return std::nullopt;
                    }
                }
                if (!role)
                    return std::nullopt;
            }
            if (count == 0)
                return std::nullopt;
        } else if (key == "stream") {
            bool b = false;
            if (!v.is_null().value_unsafe() && (v.get_bool().get(b) || b))
                return std::nullopt;
        } else if (key == "max_tokens") {
            if (v.is_null().value_unsafe())
                r.maxTokens = 0;
            else if (v.get_int64().get(r.maxTokens) || r.maxTokens < 1 || r.maxTokens > 10000000)
                return std::nullopt;
        } else if (!walk(v, nullptr, 1)) {
            return std::nullopt;
        }
    }
    if (trailing(doc) || r.model.empty() || !sawMessages)
        return std::nullopt;
    return r;
}

// On-Demand as intended: the fields asked for, the rest skipped unchecked.
inline std::optional<SimdRequest> simdChatLazy(od::parser &parser, const simdjson::padded_string_view &text)
{
    od::document doc;
    if (parser.iterate(text).get(doc))
        return std::nullopt;
    SimdRequest r;
    if (doc["model"].get_string().get(r.model))
        return std::nullopt;
    std::int64_t maxTokens = 0;
    if (!doc["max_tokens"].get_int64().get(maxTokens))
        r.maxTokens = maxTokens;
    return r;
}

// The DOM API: the whole text checked by the library (its kernel chosen at run time), then read from the tape.
inline std::int64_t domStringBytes(simdjson::dom::element e)
{
    std::int64_t n = 0;
    std::size_t length = 0;
    simdjson::dom::array array;
    simdjson::dom::object object;
    if (!e.get_string_length().get(length))
        return std::int64_t(length);
    if (!e.get_array().get(array))
        for (auto item : array)
            n += domStringBytes(item);
    else if (!e.get_object().get(object))
        for (auto field : object)
            n += domStringBytes(field.value);
    return n;
}

inline std::optional<SimdRequest> domChat(simdjson::dom::parser &parser, const simdjson::padded_string_view &text)
{
    simdjson::dom::object root;
    if (parser.parse(text.data(), text.size(), false).get(root))
        return std::nullopt;
    SimdRequest r;
    bool sawMessages = false;
    for (auto field : root) { // every member in order: the last of a repeated name counts, as in nlohmann
        if (field.key == "model") {
            if (field.value.get_string().get(r.model) || r.model.empty() || r.model.size() > 256)
                return std::nullopt;
        } else if (field.key == "messages") {
            simdjson::dom::array messages;
            if (field.value.get_array().get(messages) || messages.size() == 0)
                return std::nullopt;
            sawMessages = true;
            r.promptBytes = 0;
            for (auto m : messages) {
                simdjson::dom::object message;
                std::string_view role;
                if (m.get_object().get(message) || message["role"].get_string().get(role))
                    return std::nullopt;
                r.promptBytes += domStringBytes(m);
            }
        } else if (field.key == "stream") {
            if (!field.value.is_null() && (!field.value.is_bool() || field.value.get_bool().value_unsafe()))
                return std::nullopt;
        } else if (field.key == "max_tokens") {
            if (field.value.is_null())
                r.maxTokens = 0;
            else if (field.value.get_int64().get(r.maxTokens) || r.maxTokens < 1 || r.maxTokens > 10000000)
                return std::nullopt;
        }
    }
    if (r.model.empty() || !sawMessages)
        return std::nullopt;
    return r;
}

inline std::optional<EngineUsage> domUsage(simdjson::dom::parser &parser, const simdjson::padded_string_view &text)
{
    simdjson::dom::element root;
    if (parser.parse(text.data(), text.size(), false).get(root))
        return std::nullopt;
    EngineUsage u;
    simdjson::dom::object object;
    if (root.get_object().get(object))
        return u;
    for (auto field : object) {
        simdjson::dom::object usage;
        if (field.key != "usage" || field.value.get_object().get(usage))
            continue;
        u.found = true;
        u.promptTokens = u.completionTokens = 0;
        for (auto count : usage) {
            std::int64_t n = 0;
            if (count.key != "prompt_tokens" && count.key != "completion_tokens")
                continue;
            if (count.value.get_int64().get(n))
                return std::nullopt;
            (count.key == "prompt_tokens" ? u.promptTokens : u.completionTokens) = n;
        }
    }
    return u;
}

inline std::optional<EngineUsage> simdUsage(od::parser &parser, const simdjson::padded_string_view &text)
{
    od::document doc;
    od::json_type type;
    if (parser.iterate(text).get(doc) || doc.type().get(type))
        return std::nullopt;
    EngineUsage u;
    if (type != od::json_type::object) {
        od::value v;
        if (doc.get_value().get(v) || !walk(v, nullptr, 0) || trailing(doc))
            return std::nullopt;
        return u;
    }
    od::object root;
    if (doc.get_object().get(root))
        return std::nullopt;
    for (auto field : root) {
        std::string_view key;
        od::value v;
        if (field.unescaped_key().get(key) || field.value().get(v))
            return std::nullopt;
        od::object usage;
        if (key == "usage" && v.type().value_unsafe() == od::json_type::object && !v.get_object().get(usage)) {
            u.found = true;
            u.promptTokens = u.completionTokens = 0;
            for (auto count : usage) {
                std::string_view name;
                od::value cv;
                if (count.unescaped_key().get(name) || count.value().get(cv))
                    return std::nullopt;
                if (name == "prompt_tokens" || name == "completion_tokens") {
                    std::int64_t n = 0;
                    if (cv.get_int64().get(n))
                        return std::nullopt;
                    (name == "prompt_tokens" ? u.promptTokens : u.completionTokens) = n;
                } else if (!walk(cv, nullptr, 2)) {
                    return std::nullopt;
                }
            }
        } else if (!walk(v, nullptr, 1)) {
            return std::nullopt;
        }
    }
    if (trailing(doc))
        return std::nullopt;
    return u;
}


// scanJson()'s contract (the same visitor calls, the same "not sure" cases) over On-Demand: what replacing the
// scanner's engine under requestvalidator.cpp and usagescan.cpp would cost. Strings are decoded only when escaped.
template <class Visitor>
bool simdVisit(od::value v, Visitor &visitor, int depth)
{
    od::json_type type;
    if (v.type().get(type))
        return false;
    switch (type) {
    case od::json_type::object: {
        od::object o;
        if (depth == kMaxScanDepth || v.get_object().get(o) || !visitor.beginObject())
            return false;
        for (auto field : o) {
            JsonString k;
            od::field f;
            if (std::move(field).get(f))
                return false;
            // 3.0.1 has no escaped_key(): the raw name runs to the first quote not escaped.
            const char *const name = f.key().raw();
            const char *end = name;
            while (*end != '"') {
                if (*end == '\\') {
                    k.escaped = true;
                    ++end;
                }
                ++end;
            }
            k.raw = std::string_view(name, std::size_t(end - name));
            k.decodedBytes = std::int64_t(k.raw.size());
            if (k.escaped) {
                std::string_view decoded;
                if (k.raw.find("\\u") != std::string_view::npos || f.unescaped_key().get(decoded))
                    return false;
                k.decodedBytes = std::int64_t(decoded.size());
            }
            if (!visitor.key(k) || !simdVisit(f.value(), visitor, depth + 1))
                return false;
        }
        return visitor.endObject();
    }
    case od::json_type::array: {
        od::array a;
        if (depth == kMaxScanDepth || v.get_array().get(a) || !visitor.beginArray())
            return false;
        for (auto item : a) {
            od::value element;
            if (item.get(element) || !simdVisit(element, visitor, depth + 1))
                return false;
        }
        return visitor.endArray();
    }
    case od::json_type::string: {
        JsonString s;
        std::string_view token = v.raw_json_token();
        while (token.back() != '"')
            token.remove_suffix(1);
        s.raw = token.substr(1, token.size() - 2);
        s.escaped = s.raw.find('\\') != std::string_view::npos;
        s.decodedBytes = std::int64_t(s.raw.size());
        if (s.escaped) {
            for (std::size_t at = s.raw.find("\\u"); at != std::string_view::npos; at = s.raw.find("\\u", at + 2))
                if (at + 3 < s.raw.size() && (s.raw[at + 2] == 'd' || s.raw[at + 2] == 'D') &&
                    std::string_view("89abcdefABCDEF").find(s.raw[at + 3]) != std::string_view::npos)
                    return false; // surrogates: left to the full parser, as the scanner does
            std::string_view decoded;
            if (v.get_string().get(decoded))
                return false;
            s.decodedBytes = std::int64_t(decoded.size());
        } else if (v.get_string().error()) { // checks the text (UTF-8, control characters) without copying much
            return false;
        }
        return visitor.string(s);
    }
    case od::json_type::number: {
        JsonNumber n;
        std::string_view token = v.raw_json_token();
        while (!token.empty() && (token.back() < '0' || token.back() > '9'))
            token.remove_suffix(1);
        n.raw = token;
        const std::size_t dot = token.find('.');
        if (token.find_first_of("eE") != std::string_view::npos || token.size() > 64)
            return false;
        n.integer = dot == std::string_view::npos;
        if ((n.integer ? token.size() : dot) - (token[0] == '-' ? 1 : 0) > 18)
            return false;
        if (n.integer && v.get_int64().get(n.value))
            return false;
        if (!n.integer) {
            double d;
            if (v.get_double().get(d))
                return false;
        }
        return visitor.number(n);
    }
    case od::json_type::boolean: {
        bool b;
        return !v.get_bool().get(b) && visitor.literal(b ? 't' : 'f');
    }
    case od::json_type::null:
        return v.is_null().value_unsafe() && visitor.literal('n');
    }
    return false;
}

template <class Visitor>
bool simdScanJson(od::parser &parser, std::string_view text, Visitor &visitor)
{
    if (text.substr(0, 3) == "\xef\xbb\xbf")
        return false;
    const simdjson::padded_string padded(text.data(), text.size());
    od::document doc;
    od::json_type type;
    if (parser.iterate(padded).get(doc) || doc.type().get(type))
        return false;
    if (type == od::json_type::object || type == od::json_type::array) {
        od::value root;
        return !doc.get_value().get(root) && simdVisit(root, visitor, 0) && !trailing(doc);
    }
    // A scalar document: On-Demand checks for trailing content itself.
    switch (type) {
    case od::json_type::string: {
        std::string_view s;
        return !doc.get_string().get(s) && visitor.string(JsonString{s, false, std::int64_t(s.size())});
    }
    case od::json_type::number: {
        std::int64_t n;
        return !doc.get_int64().get(n) && visitor.number(JsonNumber{{}, true, n});
    }
    case od::json_type::boolean: {
        bool b;
        return !doc.get_bool().get(b) && visitor.literal(b ? 't' : 'f');
    }
    default:
        return !doc.is_null().error() && visitor.literal('n');
    }
}

// Counts what it is shown, so neither reader's work can be optimised away.
struct CountingVisitor
{
    std::int64_t events = 0;
    std::int64_t bytes = 0;
    bool beginObject() { return ++events; }
    bool endObject() { return ++events; }
    bool beginArray() { return ++events; }
    bool endArray() { return ++events; }
    bool key(const JsonString &k) { bytes += k.decodedBytes; return ++events; }
    bool string(const JsonString &s) { bytes += s.decodedBytes; return ++events; }
    bool number(const JsonNumber &n) { bytes += n.value; return ++events; }
    bool literal(char) { return ++events; }
};

} // namespace crosslogic::bench
