// A KeyCache that authenticates nobody and records the key hashes it is asked to invalidate.
#pragma once

#include "base/keycache.h"

namespace crosslogic::test {

class FakeKeyCache : public KeyCache
{
public:
    void authenticate(const QByteArray &, const QHostAddress &, QObject *, std::function<void(const AuthOutcome &)> done) override
    {
        AuthOutcome refused;
        refused.status = 401;
        refused.code = "invalid_api_key";
        done(refused);
    }
    void invalidate(const QList<QByteArray> &keyHashes) override { invalidations << keyHashes; }

    QList<QList<QByteArray>> invalidations; // one entry per invalidate() call
};

} // namespace crosslogic::test
