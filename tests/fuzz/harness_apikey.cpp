// Fuzz harness for ApiKey::parse: accepted keys are exactly well-formed ones, and errors never repeat the key.
#include "fuzzharness.h"
#include "security/apikey.h"

#include <QRegularExpression>
#include <QString>
#include <QStringList>

using namespace crosslogic;

int crosslogic::fuzz::runOne(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = ApiKey::parse(input);
    if (!parsed) {
        // The error is logged and returned to clients: it is one of the fixed messages (numbers aside), so it can
        // never carry key material.
        QString message = parsed.error();
        message.replace(QRegularExpression(QStringLiteral("[0-9]+")), QStringLiteral("N"));
        static const QStringList known = {
            QStringLiteral("API keys start with clsk_live_ or clsk_test_"),
            QStringLiteral("API key has the wrong length (N characters, expected N)"),
            QStringLiteral("API key contains an invalid character at position N"),
            QStringLiteral("API key checksum does not match (typo or truncated key?)"),
        };
        FUZZ_CHECK(known.contains(message));
        return 0;
    }
    const ApiKeyParts &p = *parsed;
    FUZZ_CHECK(p.key == input);
    FUZZ_CHECK(input.size() == 10 + ApiKey::kBodyLength + ApiKey::kChecksumLength);
    FUZZ_CHECK(p.live == input.startsWith("clsk_live_"));
    FUZZ_CHECK(p.live || input.startsWith("clsk_test_"));
    FUZZ_CHECK(p.prefix == input.left(ApiKey::kPrefixLength));
    FUZZ_CHECK(p.hash == ApiKey::sha256Hex(input) && p.hash.size() == 64);
    // One changed checksum character must be caught.
    QByteArray typo = input;
    typo[typo.size() - 1] = typo.back() == 'a' ? 'b' : 'a';
    FUZZ_CHECK(!ApiKey::parse(typo));
    return 0;
}
