// Stripe-Signature header parsing and webhook verification (pure functions; the header parser is a fuzz
// target).
#include "billing/stripesignature.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace crosslogic {
namespace {

constexpr qsizetype kMaxHeaderBytes = 8192;
constexpr int kMaxSignatures = 16;

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

bool isHex64(QByteArrayView v)
{
    if (v.size() != 64)
        return false;
    for (char c : v)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    return true;
}

QByteArray hmacHex(QByteArrayView body, QByteArrayView secret, qint64 timestamp)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, secret.toByteArray());
    mac.addData(QByteArray::number(timestamp));
    mac.addData(".", 1);
    mac.addData(body.data(), body.size());
    return mac.result().toHex();
}

} // namespace

std::optional<StripeSignatureHeader> parseStripeSignature(QByteArrayView header)
{
    if (header.isEmpty() || header.size() > kMaxHeaderBytes)
        return std::nullopt;
    StripeSignatureHeader out;
    bool haveTimestamp = false;
    qsizetype start = 0;
    while (start <= header.size()) {
        qsizetype comma = header.indexOf(',', start);
        if (comma < 0)
            comma = header.size();
        const QByteArrayView item = trimmed(header.sliced(start, comma - start));
        start = comma + 1;
        if (item.isEmpty())
            continue;
        const qsizetype eq = item.indexOf('=');
        if (eq <= 0)
            return std::nullopt;
        const QByteArrayView key = trimmed(item.first(eq));
        const QByteArrayView value = trimmed(item.sliced(eq + 1));
        if (key == "t") {
            if (haveTimestamp || value.isEmpty() || value.size() > 12)
                return std::nullopt;
            qint64 t = 0;
            for (char c : value) {
                if (c < '0' || c > '9')
                    return std::nullopt;
                t = t * 10 + (c - '0');
            }
            out.timestamp = t;
            haveTimestamp = true;
        } else if (key == "v1") {
            if (!isHex64(value) || out.v1.size() >= kMaxSignatures)
                return std::nullopt;
            out.v1 << value.toByteArray().toLower();
        }
        // Other schemes (v0 test-mode signatures, future ones) are ignored, as Stripe's libraries do.
    }
    if (!haveTimestamp || out.v1.isEmpty())
        return std::nullopt;
    return out;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

StripeSignatureCheck verifyStripeSignature(QByteArrayView header, QByteArrayView rawBody,
                                           QByteArrayView secret, qint64 nowSeconds, qint64 toleranceSeconds)
{
    if (header.isEmpty() || secret.isEmpty())
        return StripeSignatureCheck::Missing;
    const auto parsed = parseStripeSignature(header);
    if (!parsed)
        return StripeSignatureCheck::Malformed;
    const QByteArray expected = hmacHex(rawBody, secret, parsed->timestamp);
    bool match = false;
    for (const QByteArray &candidate : parsed->v1)
        match = constantTimeEquals(expected, candidate) || match; // no early exit
    if (!match)
        return StripeSignatureCheck::Mismatch;
    const qint64 age = nowSeconds - parsed->timestamp;
    if (age > toleranceSeconds || age < -toleranceSeconds)
        return StripeSignatureCheck::Stale;
    return StripeSignatureCheck::Ok;
}

QByteArray signStripePayload(QByteArrayView rawBody, QByteArrayView secret, qint64 timestamp)
{
    return "t=" + QByteArray::number(timestamp) + ",v1=" + hmacHex(rawBody, secret, timestamp);
}

const char *stripeSignatureCheckName(StripeSignatureCheck check)
{
    switch (check) {
    case StripeSignatureCheck::Ok:
        return "ok";
    case StripeSignatureCheck::Missing:
        return "missing";
    case StripeSignatureCheck::Malformed:
        return "malformed";
    case StripeSignatureCheck::Stale:
        return "stale";
    case StripeSignatureCheck::Mismatch:
        return "mismatch";
    }
    return "unknown";
}

} // namespace crosslogic
