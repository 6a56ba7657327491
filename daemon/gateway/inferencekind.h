// The three proxied inference endpoints and what each requires of its body.
#pragma once

namespace crosslogic {

enum class InferenceKind { Chat, Completion, Embedding };

inline const char *upstreamPath(InferenceKind kind)
{
    switch (kind) {
    case InferenceKind::Chat: return "/v1/chat/completions";
    case InferenceKind::Completion: return "/v1/completions";
    case InferenceKind::Embedding: return "/v1/embeddings";
    }
    return "/v1/chat/completions";
}

} // namespace crosslogic
