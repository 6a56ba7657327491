// What other subsystems ask of customer-key authentication (gateway/authenticator.h implements it): check a
// request's key, and drop keys from every replica's caches after their tenant, environment or limits changed.
#pragma once

#include "base/keyinfo.h"

#include <QList>
#include <functional>

class QHostAddress;
class QObject;

namespace crosslogic {

class KeyCache
{
public:
    virtual ~KeyCache() = default;
    // done runs on context's thread; peer is the client's address (the failed-authentication budget).
    virtual void authenticate(const QByteArray &authorization, const QHostAddress &peer, QObject *context,
                              std::function<void(const AuthOutcome &)> done) = 0;
    virtual void invalidate(const QList<QByteArray> &keyHashes) = 0;
};

} // namespace crosslogic
