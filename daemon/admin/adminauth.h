// Admin authentication and roles: X-Admin-Token (bootstrap token or a named, hashed token) → identity, or 401/403.
#pragma once

#include "base/admingate.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <functional>

namespace crosslogic {

class AuthFailureBudget;
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
    // Drops cached token lookups, positive and negative (after a token is created or revoked).
    void forget()
    {
        m_cache.clear();
        m_unknown.clear();
    }
    // Unknown tokens cost a database query each: an address past its budget is answered 429 before any lookup.
    void setFailureBudget(AuthFailureBudget *budget) { m_budget = budget; }
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
    QHash<QByteArray, qint64> m_unknown; // token hash -> until when it is known not to exist (bounded)
    Counter *m_failures = nullptr;
    AuthFailureBudget *m_budget = nullptr;
};

} // namespace crosslogic
