// /v1/embeddings: validates the body and builds deterministic unit vectors derived from the seed and each
// input.
#include "simulate/embeddinggenerator.h"

#include "simulate/deterministicrandom.h"
#include "simulate/promptinput.h"

#include <QDateTime>
#include <QString>
#include <QUuid>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace crosslogic::sim {
namespace {

using json = nlohmann::json;

quint64 fnv1a(const std::string &s)
{
    quint64 h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s)
        h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

} // namespace

std::vector<float> EmbeddingGenerator::vector(const std::string &text, int dimension) const
{
    std::vector<float> v(size_t(std::max(1, dimension)));
    quint64 state = splitmix64(m_seed ^ fnv1a(text));
    double norm = 0;
    for (float &x : v) {
        state = splitmix64(state);
        x = float(unitInterval(state) * 2.0 - 1.0);
        norm += double(x) * double(x);
    }
    const double scale = norm > 0 ? 1.0 / std::sqrt(norm) : 1.0;
    for (float &x : v)
        x = float(double(x) * scale);
    return v;
}

std::variant<json, ApiError> EmbeddingGenerator::respond(const QByteArray &body, QString *model) const
{
    const json doc = json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return ApiError::badRequest(QStringLiteral("the request body must be a JSON object"), "invalid_json");
    const auto m = doc.find("model");
    if (m == doc.end() || m->is_null())
        return ApiError::badRequest(QStringLiteral("'model' is a required property"),
                                    "missing_required_parameter");
    if (!m->is_string())
        return ApiError::badRequest(QStringLiteral("'model' must be a string"), "invalid_type");
    *model = QString::fromStdString(m->get<std::string>());
    const auto input = doc.find("input");
    if (input == doc.end())
        return ApiError::badRequest(QStringLiteral("'input' is a required property"),
                                    "missing_required_parameter");
    const auto items = PromptInput::read(*input);
    if (!items)
        return ApiError::badRequest(
            QStringLiteral("'input' must be a non-empty string, array of strings or array of token ids"),
            "invalid_type");
    int dimension = m_dimension;
    const auto dims = doc.find("dimensions");
    if (dims != doc.end() && !dims->is_null()) {
        if (!dims->is_number_integer() || dims->get<long long>() < 1 || dims->get<long long>() > m_dimension)
            return ApiError::badRequest(
                QStringLiteral("'dimensions' must be an integer between 1 and %1").arg(m_dimension),
                "invalid_value");
        dimension = dims->get<int>();
    }
    std::string format = "float";
    const auto fmt = doc.find("encoding_format");
    if (fmt != doc.end() && !fmt->is_null()) {
        if (!fmt->is_string() || (*fmt != "float" && *fmt != "base64"))
            return ApiError::badRequest(QStringLiteral("'encoding_format' must be \"float\" or \"base64\""),
                                        "invalid_value");
        format = fmt->get<std::string>();
    }

    json data = json::array();
    int promptTokens = 0;
    for (size_t i = 0; i < items->size(); ++i) {
        const PromptItem &item = (*items)[i];
        promptTokens += std::max(1, item.tokens);
        const std::vector<float> v = vector(item.key, dimension);
        json embedding;
        if (format == "base64") {
            // Little-endian float32 bytes, as OpenAI and vLLM encode them (x86/ARM are little-endian).
            const QByteArray raw(reinterpret_cast<const char *>(v.data()),
                                 qsizetype(v.size() * sizeof(float)));
            embedding = raw.toBase64().toStdString();
        } else {
            embedding = v;
        }
        data.push_back({{"index", i}, {"object", "embedding"}, {"embedding", std::move(embedding)}});
    }
    return json{{"id", "embd-" + QUuid::createUuid().toRfc4122().toHex().toStdString()},
                {"object", "list"},
                {"created", QDateTime::currentSecsSinceEpoch()},
                {"model", model->toStdString()},
                {"data", std::move(data)},
                {"usage", {{"prompt_tokens", promptTokens}, {"total_tokens", promptTokens}}}};
}

} // namespace crosslogic::sim
