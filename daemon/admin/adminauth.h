// Admin authentication and roles: X-Admin-Token (bootstrap token or a named, hashed token) → identity, or 401/403.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <functional>

namespace crosslogic {

class HttpExchange;
struct Services;

struct AdminIdentity
{
    QString tokenName;
    QString role; // support | sre | admin
};

class AdminAuth : public QObject
{
    Q_OBJECT
public:
    AdminAuth(Services &services, QObject *parent = nullptr);

    // Permissions are named after what they guard: tenants, keys, limits, usage, nodes, routing, database, redis,
    // billing, emergency, audit, tokens.
    static bool roleHas(const QString &role, const char *permission);
    // Answers 401/403 itself; calls granted only for an identity holding permission.
    void require(HttpExchange *ex, const char *permission, std::function<void(const AdminIdentity &)> granted);
    // Drops cached token lookups (after a token is revoked).
    void forget() { m_cache.clear(); }

private:
    struct Cached
    {
        AdminIdentity identity;
        qint64 expiresAtMs;
    };
    Services &m_services;
    QHash<QByteArray, Cached> m_cache;
};

} // namespace crosslogic
