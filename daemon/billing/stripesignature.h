// Stripe-Signature header parsing and webhook verification (pure functions; the header parser is a fuzz
// target).
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <optional>

namespace crosslogic {

struct StripeSignatureHeader
{
    qint64 timestamp = 0;
    QList<QByteArray> v1; // lower-case hex HMAC-SHA256 signatures (several while a secret is being rolled)
};

enum class StripeSignatureCheck
{
    Ok,
    Missing,   // no header, or no secret configured
    Malformed, // not t=<digits>,v1=<hex>[,...]
    Stale,     // timestamp outside the tolerance
    Mismatch,  // no v1 matches the body
};

// Parses "t=1492774577,v1=5257a8...,v1=...,v0=..." (whitespace around items tolerated, unknown schemes
// ignored). nullopt unless there is exactly one numeric t and at least one 64-hex-digit v1. Never throws,
// bounded work.
std::optional<StripeSignatureHeader> parseStripeSignature(QByteArrayView header);

// Verifies rawBody against the header: HMAC-SHA256(secret, "<t>.<rawBody>") equals one v1 (constant-time
// compare), and |now - t| <= toleranceSeconds.
StripeSignatureCheck verifyStripeSignature(QByteArrayView header, QByteArrayView rawBody,
                                           QByteArrayView secret, qint64 nowSeconds,
                                           qint64 toleranceSeconds = 300);

// The header Stripe would send for this body at this time (for tests and the fake Stripe).
QByteArray signStripePayload(QByteArrayView rawBody, QByteArrayView secret, qint64 timestamp);

// Compares without an early exit, so the time taken does not reveal how many leading bytes matched.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

const char *stripeSignatureCheckName(StripeSignatureCheck check);

} // namespace crosslogic
