// Parses and checks an inference request body once: JSON, model, messages/prompt/input, stream, max_tokens.
#include "gateway/requestvalidator.h"

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

} // namespace

ValidatedRequest validateInferenceRequest(InferenceKind kind, const QByteArray &raw)
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
