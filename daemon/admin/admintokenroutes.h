// Admin tokens: create (secret shown once, stored as SHA-256 + prefix), list, show, revoke (instant on every
// replica).
#pragma once

#include "base/adminaction.h"

#include <QByteArray>

namespace crosslogic {

class AdminAuth;
class RedisClient;
class Router;

struct AdminTokenRouteDeps : AdminRoutes
{
    RedisClient *redis = nullptr;    // publishes revocations to every replica
    AdminAuth *adminAuth = nullptr;  // this replica's token cache
};

// Redis channel on which a revocation is published; every replica's TokenRevocationListener drops its cache.
inline constexpr const char *kAdminTokenRevokedChannel = "crosslogic:admin_tokens:revoked";

void registerAdminTokenRoutes(Router &router, const AdminTokenRouteDeps &deps);
// clat_ + 40 base62 characters (238 bits) from the system CSPRNG.
QByteArray generateAdminToken();

} // namespace crosslogic
