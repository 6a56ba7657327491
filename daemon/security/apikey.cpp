// Customer API keys: clsk_live_/clsk_test_ + 32 base62 chars (190 bits) + 6-char checksum; stored as SHA-256 only.
#include "security/apikey.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QStringBuilder>

namespace crosslogic {
namespace {
constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kBase = 62;

bool isBase62(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
} // namespace

QByteArray ApiKey::sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

bool ApiKey::equalConstantTime(const QByteArray &a, const QByteArray &b)
{
    // Length is not secret (tokens have fixed formats); contents are compared without early exit.
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const qsizetype n = qMin(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

QByteArray ApiKey::checksum(const QByteArray &prefixAndBody)
{
    const QByteArray digest = QCryptographicHash::hash(prefixAndBody, QCryptographicHash::Sha256);
    quint64 v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | static_cast<unsigned char>(digest[i]);
    QByteArray out(kChecksumLength, '0');
    for (int i = kChecksumLength - 1; i >= 0; --i) {
        out[i] = kAlphabet[v % kBase];
        v /= kBase;
    }
    return out;
}

ApiKeyParts ApiKey::generate(bool live)
{
    ApiKeyParts parts;
    parts.live = live;
    QByteArray body(kBodyLength, '0');
    auto *rng = QRandomGenerator::system(); // the OS CSPRNG
    for (int i = 0; i < kBodyLength; ++i) {
        // Rejection sampling keeps every character uniform (62 does not divide 256).
        quint32 r;
        do {
            r = rng->generate() & 0xFF;
        } while (r >= 248);
        body[i] = kAlphabet[r % kBase];
    }
    const QByteArray head = QByteArray(live ? "clsk_live_" : "clsk_test_") + body;
    parts.key = head + checksum(head);
    parts.prefix = parts.key.left(kPrefixLength);
    parts.hash = sha256Hex(parts.key);
    return parts;
}

Result<ApiKeyParts> ApiKey::parse(const QByteArray &key)
{
    auto parts = parseFormat(key);
    if (!parts)
        return parts;
    if (auto checked = verifyChecksum(*parts); !checked)
        return fail(checked.error());
    return parts;
}

Result<void> ApiKey::verifyChecksum(const ApiKeyParts &parts)
{
    const qsizetype headLength = 10 + kBodyLength;
    if (parts.key.size() != headLength + kChecksumLength
        || !equalConstantTime(checksum(parts.key.left(headLength)), parts.key.right(kChecksumLength)))
        return fail(QStringLiteral("API key checksum does not match (typo or truncated key?)"));
    return {};
}

Result<ApiKeyParts> ApiKey::parseFormat(const QByteArray &key)
{
    const bool live = key.startsWith("clsk_live_");
    if (!live && !key.startsWith("clsk_test_"))
        return fail(QStringLiteral("API keys start with clsk_live_ or clsk_test_"));
    const qsizetype expected = 10 + kBodyLength + kChecksumLength;
    if (key.size() != expected)
        return fail(QStringLiteral("API key has the wrong length (%1 characters, expected %2)").arg(key.size()).arg(expected));
    for (qsizetype i = 10; i < key.size(); ++i)
        if (!isBase62(key[i]))
            return fail(QStringLiteral("API key contains an invalid character at position %1").arg(i + 1));
    ApiKeyParts parts;
    parts.live = live;
    parts.key = key;
    parts.prefix = key.left(kPrefixLength);
    parts.hash = sha256Hex(key);
    return parts;
}

} // namespace crosslogic
