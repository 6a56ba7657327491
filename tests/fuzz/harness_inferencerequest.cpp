// Fuzz harness for validateInferenceRequest: first byte picks chat/completion/embedding, the rest is the body.
#include "fuzzharness.h"
#include "gateway/requestvalidator.h"

using namespace crosslogic;

int crosslogic::fuzz::runOne(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const auto kind = static_cast<InferenceKind>(data[0] % 3);
    const QByteArray body(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const ValidatedRequest r = validateInferenceRequest(kind, body);
    // (corpus crash_deep_nesting_100k: 100,000 nested arrays overflowed the stack in textLength before the depth bound)
    if (!r.error.isEmpty())
        return 0;
    // Accepted: the facts the gateway relies on hold, and the body can be forwarded (dump() as ProxyRequest does).
    FUZZ_CHECK(r.body.is_object());
    FUZZ_CHECK(!r.model.isEmpty() && r.model.size() <= 256);
    FUZZ_CHECK(r.maxTokens >= 0 && r.maxTokens <= 10000000);
    FUZZ_CHECK(r.promptCharacters >= 0);
    FUZZ_CHECK(!(r.stream && kind == InferenceKind::Embedding));
    const std::string forwarded = r.body.dump();
    FUZZ_CHECK(Json::parse(forwarded) == r.body);
    return 0;
}
