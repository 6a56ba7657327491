// Fuzz harness for the Stripe-Signature header parser and verifier: bounded, never accepts a wrong signature.
#include "billing/stripesignature.h"
#include "fuzzharness.h"

using namespace crosslogic;

int crosslogic::fuzz::runOne(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QByteArray secret = QByteArrayLiteral("whsec_fuzzing_secret_not_real");
    const auto parsed = parseStripeSignature(input);
    if (parsed) {
        FUZZ_CHECK(!parsed->v1.isEmpty());
        for (const QByteArray &sig : parsed->v1) {
            FUZZ_CHECK(sig.size() == 64);
            for (char ch : sig)
                FUZZ_CHECK((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'));
        }
    }
    // A header from the input never verifies a body it was not made for, whatever the timestamp.
    const auto check = verifyStripeSignature(input, QByteArrayLiteral("{\"id\":\"evt_fuzz\"}"), secret,
                                             parsed ? parsed->timestamp : 0);
    FUZZ_CHECK(check != StripeSignatureCheck::Ok);
    // The input as a body: a header we sign for it parses back and verifies; a changed body does not.
    const qint64 t = 1700000000 + qint64(size);
    const QByteArray header = signStripePayload(input, secret, t);
    const auto own = parseStripeSignature(header);
    FUZZ_CHECK(own && own->timestamp == t && own->v1.size() == 1);
    FUZZ_CHECK(verifyStripeSignature(header, input, secret, t) == StripeSignatureCheck::Ok);
    FUZZ_CHECK(verifyStripeSignature(header, QByteArray(input + 'x'), secret, t) == StripeSignatureCheck::Mismatch);
    FUZZ_CHECK(verifyStripeSignature(header, input, secret, t + 301) == StripeSignatureCheck::Stale);
    return 0;
}
