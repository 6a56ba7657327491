// What route modules ask of admin authentication: an identity holding a permission, or a 401/403 answer.
#pragma once

#include <QString>
#include <functional>

namespace crosslogic {

class HttpExchange;

struct AdminIdentity
{
    QString tokenName;
    QString role; // support | sre | admin
};

class AdminGate
{
public:
    virtual ~AdminGate() = default;
    // Answers 401/403/503 itself; calls granted only for an identity holding permission. Permissions are named
    // after what they guard: tenants, keys, limits, usage, nodes, routing, database, redis, billing, emergency,
    // audit, tokens, alerts (read, acknowledge, silence), alert_config (rules, notification targets).
    virtual void require(HttpExchange *ex, const char *permission, std::function<void(const AdminIdentity &)> granted) = 0;
};

} // namespace crosslogic
