// Parses and checks an inference request body once: JSON, model, messages/prompt/input, stream, max_tokens.
#include "gateway/requestvalidator.h"

#include "gateway/jsonscan.h"

#include <QVarLengthArray>

namespace crosslogic {
namespace {

qint64 textLength(const Json &v)
{
    if (v.is_string())
        return qint64(v.get_ref<const std::string &>().size());
    qint64 n = 0;
    if (v.is_array() || v.is_object())
        for (const auto &item : v)
            n += textLength(item);
    return n;
}

// Deeper JSON than any real request (OpenAI bodies nest < 20 levels, tool schemas included). Bounding it before
// parsing keeps the recursive walks below (textLength, dump() when forwarding) from overflowing the stack: a
// 300,000-level array in a body under MAX_BODY_BYTES crashed the daemon.
constexpr int kMaxJsonDepth = 128;

bool nestedTooDeeply(const QByteArray &raw)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char ch : raw) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (ch == '\\')
                escaped = true;
            else if (ch == '"')
                inString = false;
            continue;
        }
        if (ch == '"')
            inString = true;
        else if ((ch == '[' || ch == '{') && ++depth > kMaxJsonDepth)
            return true;
        else if (ch == ']' || ch == '}')
            --depth;
    }
    return false;
}

ValidatedRequest failed(ValidatedRequest r, QString message, const char *param)
{
    r.error = std::move(message);
    r.errorParam = param;
    return r;
}

// The fast path: the same checks over scanJson(), for valid requests that are not streamed (a stream's body is
// re-serialised with stream_options added, which needs the document). It gives up (false) on the first thing that
// is not plainly valid, so every error, and every odd case, is the document path's. Members may repeat; as in
// nlohmann's document, the last one of a name counts.
class RequestScan
{
public:
    explicit RequestScan(InferenceKind kind)
        : m_kind(kind), m_textKey(kind == InferenceKind::Chat ? "messages" : kind == InferenceKind::Completion ? "prompt" : "input")
    {
    }

    bool beginObject()
    {
        if (!value(Type::Object, nullptr, nullptr))
            return false;
        if (m_field == Field::Text && m_depth >= 1)
            m_objectKeysFrom.append(m_keys.size());
        return open();
    }
    bool beginArray() { return value(Type::Array, nullptr, nullptr) && open(); }
    bool endObject()
    {
        // A message ends: it needs a string "role".
        if (m_depth == 3 && m_field == Field::Text && m_kind == InferenceKind::Chat && !m_roleIsString)
            return false;
        if (m_field == Field::Text && m_depth >= 2) {
            m_keys.resize(m_objectKeysFrom.last());
            m_objectKeysFrom.removeLast();
        }
        --m_depth;
        return true;
    }
    bool endArray()
    {
        --m_depth;
        return true;
    }
    bool key(const JsonString &k)
    {
        if (k.escaped)
            return false;
        if (m_depth == 1)
            m_field = k.raw == "model" ? Field::Model
                      : k.raw == m_textKey ? Field::Text
                      : k.raw == "stream" ? Field::Stream
                      : k.raw == "stream_options" ? Field::StreamOptions
                      : k.raw == "max_tokens" ? Field::MaxTokens
                      : k.raw == "max_completion_tokens" ? Field::MaxCompletionTokens : Field::Other;
        else if (m_depth == 2 && m_field == Field::StreamOptions)
            m_includeUsageNext = k.raw == "include_usage";
        if (m_depth >= 2 && m_field == Field::Text) {
            // In the document a repeated name keeps only its last value, and only that one counts towards the
            // prompt's length: repeats inside the prompt are left to the document path. (Objects with many
            // members too, so this check stays cheap.)
            const qsizetype from = m_objectKeysFrom.last();
            if (m_keys.size() - from >= kMaxKeysChecked)
                return false;
            for (qsizetype i = from; i < m_keys.size(); ++i)
                if (m_keys[i] == k.raw)
                    return false;
            m_keys.append(k.raw);
            if (m_depth == 3 && m_kind == InferenceKind::Chat)
                m_roleNext = k.raw == "role";
        }
        return true;
    }
    bool string(const JsonString &s) { return value(Type::String, &s, nullptr); }
    bool number(const JsonNumber &n) { return value(n.integer ? Type::Integer : Type::Float, nullptr, &n); }
    bool literal(char which) { return value(which == 'n' ? Type::Null : which == 't' ? Type::True : Type::False, nullptr, nullptr); }

    // After a whole scan: the request, unless something is missing (then the document path says what).
    bool result(ValidatedRequest &r) const
    {
        if (m_model.empty() || !m_textSeen)
            return false;
        if (m_textIsArray ? (m_textItems == 0 && m_kind != InferenceKind::Completion) : false)
            return false;
        r.model = QString::fromUtf8(m_model.data(), qsizetype(m_model.size()));
        r.stream = false;
        r.clientWantsUsage = m_includeUsage;
        r.maxTokens = m_maxCompletionTokens > 0 ? m_maxCompletionTokens : m_maxTokens;
        r.promptCharacters = m_textBytes;
        return true;
    }

private:
    enum class Type { Object, Array, String, Integer, Float, True, False, Null };
    enum class Field { Other, Model, Text, Stream, StreamOptions, MaxTokens, MaxCompletionTokens };

    bool open()
    {
        ++m_depth;
        return true;
    }

    // Every value, before a container's contents: m_depth is the depth of the container it is in.
    bool value(Type type, const JsonString *s, const JsonNumber *n)
    {
        if (m_depth == 0)
            return type == Type::Object;
        if (m_depth == 1)
            return member(type, s, n);
        if (m_field == Field::StreamOptions && m_depth == 2 && m_includeUsageNext) {
            m_includeUsageNext = false;
            if (type != Type::True && type != Type::False && type != Type::Null)
                return false;
            m_includeUsage = type == Type::True;
        }
        if (m_field != Field::Text)
            return true;
        if (m_depth == 2) {
            ++m_textItems;
            if (m_kind == InferenceKind::Chat) { // a message: an object, with a string "role"
                if (type != Type::Object)
                    return false;
                m_roleIsString = false;
            }
        }
        if (m_depth == 3 && m_roleNext) {
            m_roleNext = false;
            m_roleIsString = type == Type::String;
        }
        if (s)
            m_textBytes += s->decodedBytes;
        return true;
    }

    // The value of a top-level member.
    bool member(Type type, const JsonString *s, const JsonNumber *n)
    {
        switch (m_field) {
        case Field::Model:
            if (type != Type::String || s->escaped || s->decodedBytes == 0 || s->decodedBytes > 256)
                return false;
            m_model = s->raw;
            return true;
        case Field::Text:
            m_textSeen = true;
            m_textIsArray = type == Type::Array;
            m_textItems = 0;
            m_textBytes = type == Type::String ? s->decodedBytes : 0;
            if (m_kind == InferenceKind::Chat) // "messages" is an array; "prompt" and "input" may be a string too
                return type == Type::Array;
            return type == Type::String || type == Type::Array;
        case Field::Stream:
            return type == Type::False || type == Type::Null; // true: the document path (it adds stream_options)
        case Field::StreamOptions:
            m_includeUsage = false;
            return type == Type::Object || type == Type::Null;
        case Field::MaxTokens:
        case Field::MaxCompletionTokens: {
            qint64 &target = m_field == Field::MaxTokens ? m_maxTokens : m_maxCompletionTokens;
            target = 0;
            if (type == Type::Null)
                return true;
            if (type != Type::Integer || n->value < 1 || n->value > 10000000)
                return false;
            target = n->value;
            return true;
        }
        case Field::Other:
            return true;
        }
        return true;
    }

    static constexpr qsizetype kMaxKeysChecked = 32;

    InferenceKind m_kind;
    std::string_view m_textKey;
    QVarLengthArray<std::string_view, 32> m_keys; // names of the open objects inside the prompt, innermost last
    QVarLengthArray<qsizetype, 16> m_objectKeysFrom; // where each open object's names start in m_keys
    int m_depth = 0;
    Field m_field = Field::Other;
    bool m_includeUsageNext = false;
    bool m_roleNext = false;
    bool m_roleIsString = false;
    std::string_view m_model;
    bool m_textSeen = false;
    bool m_textIsArray = false;
    qint64 m_textItems = 0;
    qint64 m_textBytes = 0;
    bool m_includeUsage = false;
    qint64 m_maxTokens = 0;
    qint64 m_maxCompletionTokens = 0;
};

} // namespace

std::optional<ValidatedRequest> validateInferenceRequestQuickly(InferenceKind kind, const QByteArray &raw)
{
    RequestScan scan(kind);
    ValidatedRequest r;
    if (!scanJson(std::string_view(raw.constData(), size_t(raw.size())), scan) || !scan.result(r))
        return std::nullopt;
    return r;
}

ValidatedRequest validateInferenceRequest(InferenceKind kind, const QByteArray &raw)
{
    if (auto quick = validateInferenceRequestQuickly(kind, raw))
        return std::move(*quick);
    return validateInferenceRequestWithDocument(kind, raw);
}

ValidatedRequest validateInferenceRequestWithDocument(InferenceKind kind, const QByteArray &raw)
{
    ValidatedRequest r;
    if (raw.trimmed().isEmpty())
        return failed(r, QStringLiteral("request body is empty; expected a JSON object"), nullptr);
    if (nestedTooDeeply(raw))
        return failed(r, QStringLiteral("request body is nested more than %1 levels deep").arg(kMaxJsonDepth), nullptr);
    try {
        r.body = Json::parse(raw.constBegin(), raw.constEnd());
    } catch (const Json::parse_error &e) {
        const bool utf8 = QByteArray(e.what()).contains("UTF-8");
        return failed(r, utf8 ? QStringLiteral("request body is not valid UTF-8 (byte %1)").arg(e.byte)
                              : QStringLiteral("request body is not valid JSON (error at byte %1)").arg(e.byte), nullptr);
    } catch (const Json::exception &) {
        // e.g. a number too large for a double (1e400)
        return failed(r, QStringLiteral("request body contains a number out of range"), nullptr);
    }
    if (!r.body.is_object())
        return failed(r, QStringLiteral("request body must be a JSON object"), nullptr);
    const Json &b = r.body;
    auto model = b.find("model");
    if (model == b.end() || !model->is_string() || model->get_ref<const std::string &>().empty())
        return failed(r, QStringLiteral("'model' is required and must be a non-empty string"), "model");
    if (model->get_ref<const std::string &>().size() > 256)
        return failed(r, QStringLiteral("'model' is too long"), "model");
    // NUL would cut the request's log row at the PostgreSQL driver; CR/LF would forge log lines.
    for (const char c : model->get_ref<const std::string &>())
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return failed(r, QStringLiteral("'model' must not contain control characters"), "model");
    r.model = QString::fromStdString(model->get<std::string>());

    switch (kind) {
    case InferenceKind::Chat: {
        auto messages = b.find("messages");
        if (messages == b.end() || !messages->is_array() || messages->empty())
            return failed(r, QStringLiteral("'messages' is required and must be a non-empty array"), "messages");
        for (const auto &m : *messages) {
            if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
                return failed(r, QStringLiteral("each message must be an object with a string 'role'"), "messages");
        }
        r.promptCharacters = textLength(*messages);
        break;
    }
    case InferenceKind::Completion: {
        auto prompt = b.find("prompt");
        if (prompt == b.end() || !(prompt->is_string() || prompt->is_array()))
            return failed(r, QStringLiteral("'prompt' is required and must be a string or an array"), "prompt");
        r.promptCharacters = textLength(*prompt);
        break;
    }
    case InferenceKind::Embedding: {
        auto input = b.find("input");
        if (input == b.end() || !(input->is_string() || input->is_array()) || (input->is_array() && input->empty()))
            return failed(r, QStringLiteral("'input' is required and must be a string or a non-empty array"), "input");
        r.promptCharacters = textLength(*input);
        break;
    }
    }

    if (auto s = b.find("stream"); s != b.end() && !s->is_null()) {
        if (!s->is_boolean())
            return failed(r, QStringLiteral("'stream' must be true or false"), "stream");
        r.stream = s->get<bool>();
        if (r.stream && kind == InferenceKind::Embedding)
            return failed(r, QStringLiteral("embeddings cannot be streamed"), "stream");
    }
    if (auto so = b.find("stream_options"); so != b.end() && !so->is_null()) {
        if (!so->is_object())
            return failed(r, QStringLiteral("'stream_options' must be an object"), "stream_options");
        if (auto iu = so->find("include_usage"); iu != so->end() && !iu->is_null()) {
            if (!iu->is_boolean())
                return failed(r, QStringLiteral("'stream_options.include_usage' must be true or false"), "stream_options");
            r.clientWantsUsage = iu->get<bool>();
        }
    }
    for (const char *field : {"max_tokens", "max_completion_tokens"}) {
        auto mt = b.find(field);
        if (mt == b.end() || mt->is_null())
            continue;
        if (!mt->is_number_integer() || mt->get<long long>() < 1 || mt->get<long long>() > 10000000)
            return failed(r, QStringLiteral("'%1' must be an integer from 1 to 10000000").arg(QLatin1String(field)), field);
        r.maxTokens = mt->get<long long>();
    }
    return r;
}

} // namespace crosslogic
