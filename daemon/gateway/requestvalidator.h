// Parses and checks an inference request body once: JSON, model, messages/prompt/input, stream, max_tokens.
#pragma once

#include "gateway/inferencekind.h"
#include "store/dbpool.h"

#include <QString>
#include <optional>

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

// The request checked: scanned without a document when it is valid and not streamed (about 4k instructions instead
// of 19k), parsed into `body` otherwise. Only the parsed path fills `body`; the gateway needs it for streams only.
ValidatedRequest validateInferenceRequest(InferenceKind kind, const QByteArray &raw);

// The two paths on their own, for the tests that hold them to the same answers. The quick one answers nothing
// (nullopt) for whatever it leaves to the document: errors, streams, odd JSON.
std::optional<ValidatedRequest> validateInferenceRequestQuickly(InferenceKind kind, const QByteArray &raw);
ValidatedRequest validateInferenceRequestWithDocument(InferenceKind kind, const QByteArray &raw);

} // namespace crosslogic
