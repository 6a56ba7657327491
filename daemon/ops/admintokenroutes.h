// Admin tokens: create (secret shown once, stored as SHA-256 + prefix), list, show, revoke (instant on every
// replica).
#pragma once

#include <QByteArray>

namespace crosslogic {

class Router;
struct Services;

// Redis channel on which a revocation is published; every replica's TokenRevocationListener drops its cache.
inline constexpr const char *kAdminTokenRevokedChannel = "crosslogic:admin_tokens:revoked";

void registerAdminTokenRoutes(Router &router, Services &services);
// clat_ + 40 base62 characters (238 bits) from the system CSPRNG.
QByteArray generateAdminToken();

} // namespace crosslogic
