// /v1/embeddings: validates the body and builds deterministic unit vectors derived from the seed and each
// input.
#pragma once

#include "simulate/apierror.h"

#include <QByteArray>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <variant>
#include <vector>

namespace crosslogic::sim {

class EmbeddingGenerator
{
public:
    EmbeddingGenerator(quint64 seed, int dimension) : m_seed(seed), m_dimension(dimension) {}

    // The same (seed, text, dimension) always gives the same vector, L2-normalised.
    std::vector<float> vector(const std::string &text, int dimension) const;
    // The whole answer, or the error to send: 400 for a bad body; the model name is checked by the caller.
    // usage.prompt_tokens counts whitespace-separated words (token-id arrays: their length), at least 1 per
    // input.
    std::variant<nlohmann::json, ApiError> respond(const QByteArray &body, QString *model) const;

private:
    quint64 m_seed;
    int m_dimension;
};

} // namespace crosslogic::sim
