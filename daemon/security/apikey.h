// Customer API keys: clsk_live_/clsk_test_ + 32 base62 chars (190 bits) + 6-char checksum; stored as SHA-256 only.
#pragma once

#include "core/result.h"

#include <QByteArray>

namespace crosslogic {

struct ApiKeyParts
{
    bool live = true;
    QByteArray key;    // the full secret
    QByteArray prefix; // first 12 characters, the runbook's key_prefix
    QByteArray hash;   // lower-case hex SHA-256 of the full key
};

class ApiKey
{
public:
    static constexpr int kPrefixLength = 12;
    static constexpr int kBodyLength = 32;
    static constexpr int kChecksumLength = 6;

    // A new key from the system CSPRNG.
    static ApiKeyParts generate(bool live);
    // Validates the format and checksum without any lookup; the error never repeats the key.
    static Result<ApiKeyParts> parse(const QByteArray &key);
    // parse() in two steps, for a caller with a cache of known hashes: the format (and the hash), then the checksum
    // (a second SHA-256), which a key already known to be ours need not pass again.
    static Result<ApiKeyParts> parseFormat(const QByteArray &key);
    static Result<void> verifyChecksum(const ApiKeyParts &parts);
    static QByteArray sha256Hex(const QByteArray &data);
    // Constant-time comparison for secrets.
    static bool equalConstantTime(const QByteArray &a, const QByteArray &b);

private:
    static QByteArray checksum(const QByteArray &prefixAndBody);
};

} // namespace crosslogic
