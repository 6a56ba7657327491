// Admin authentication and roles: X-Admin-Token (bootstrap token or a named, hashed token) → identity, or 401/403.
#pragma once

#include "base/admingate.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <functional>

namespace crosslogic {

class Counter;

class ConfigSlot;
class DbPool;

class AdminAuth : public QObject, public AdminGate
{
    Q_OBJECT
public:
    // The bootstrap token comes from config (ADMIN_API_TOKEN, reloadable); named tokens from db (admin_tokens).
    AdminAuth(const ConfigSlot &config, DbPool *db, QObject *parent = nullptr);

    static bool roleHas(const QString &role, const char *permission);
    void require(HttpExchange *ex, const char *permission, std::function<void(const AdminIdentity &)> granted) override;
    // Drops cached token lookups (after a token is revoked).
    void forget() { m_cache.clear(); }
    // Counts refusals for a missing or invalid token (admin_auth_failures_total, alert admin_token_failures).
    void countFailuresIn(Counter *counter) { m_failures = counter; }

private:
    struct Cached
    {
        AdminIdentity identity;
        qint64 expiresAtMs;
    };
    const ConfigSlot &m_config;
    DbPool *m_db;
    QHash<QByteArray, Cached> m_cache;
    Counter *m_failures = nullptr;
};

} // namespace crosslogic
