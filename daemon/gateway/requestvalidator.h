// Parses and checks an inference request body once: JSON, model, messages/prompt/input, stream, max_tokens.
#pragma once

#include "gateway/inferencekind.h"
#include "store/dbpool.h"

#include <QString>

namespace crosslogic {

struct ValidatedRequest
{
    Json body;
    QString model;
    bool stream = false;
    bool clientWantsUsage = false; // stream_options.include_usage as the client sent it
    qint64 maxTokens = 0;          // 0: not given
    qint64 promptCharacters = 0;   // for token estimates before the engine answers
    QString error;                 // non-empty: answer 400 with it
    const char *errorParam = nullptr;
};

ValidatedRequest validateInferenceRequest(InferenceKind kind, const QByteArray &raw);

} // namespace crosslogic
