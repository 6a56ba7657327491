// Fuzz harness for validateInferenceRequest: first byte picks chat/completion/embedding, the rest is the body.
// The same bytes also go through the engine-answer usage scan. Both have a quick path (scanJson) that must agree
// with the parser-backed path wherever it answers.
#include "fuzzharness.h"
#include "gateway/requestvalidator.h"
#include "gateway/usagescan.h"

using namespace crosslogic;

namespace {
void checkUsageScan(const QByteArray &body)
{
    EngineUsage quick, full;
    if (!scanEngineAnswerQuickly(body, quick))
        return;
    FUZZ_CHECK(scanEngineAnswerWithNlohmann(body, full)); // quick said valid: so must nlohmann
    FUZZ_CHECK(quick.found == full.found);
    FUZZ_CHECK(quick.promptTokens == full.promptTokens);
    FUZZ_CHECK(quick.completionTokens == full.completionTokens);
}
} // namespace

int crosslogic::fuzz::runOne(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const auto kind = static_cast<InferenceKind>(data[0] % 3);
    const QByteArray body(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    checkUsageScan(body);
    const ValidatedRequest r = validateInferenceRequestWithDocument(kind, body);
    if (const auto quick = validateInferenceRequestQuickly(kind, body)) {
        // The quick path answers only for valid, unstreamed requests, and then exactly as the document does.
        FUZZ_CHECK(r.error.isEmpty());
        FUZZ_CHECK(!r.stream && !quick->stream);
        FUZZ_CHECK(quick->model == r.model);
        FUZZ_CHECK(quick->clientWantsUsage == r.clientWantsUsage);
        FUZZ_CHECK(quick->maxTokens == r.maxTokens);
        FUZZ_CHECK(quick->promptCharacters == r.promptCharacters);
        FUZZ_CHECK(quick->error.isEmpty());
    }
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
