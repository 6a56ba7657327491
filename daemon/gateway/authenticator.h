// Customer key authentication: format check, in-process cache, Redis cache api_key:<sha256>, PostgreSQL; pushed invalidation.
#pragma once

#include "base/authfailurebudget.h"
#include "base/keycache.h"

#include <QHash>
#include <QObject>
#include <atomic>
#include <functional>
#include <optional>
#include <mutex>

namespace crosslogic {

class DbPool;
class RedisClient;

class Authenticator : public QObject, public KeyCache
{
    Q_OBJECT
public:
    static constexpr const char *kChannel = "crosslogic:auth-invalidate";

    // db and redis are the main thread's; subscriber is a dedicated Redis connection in subscribe mode, for
    // invalidations from every replica.
    Authenticator(DbPool *db, RedisClient *redis, RedisClient *subscriber, QObject *parent = nullptr);

    // Shared by every I/O thread (the cache is guarded); redis is the calling thread's own connection and done
    // runs on context's thread. Without redis, the main thread's is used.
    void authenticate(RedisClient *redis, const QByteArray &authorization, const QHostAddress &peer, QObject *context,
                      std::function<void(const AuthOutcome &)> done);
    void authenticate(const QByteArray &authorization, const QHostAddress &peer, QObject *context,
                      std::function<void(const AuthOutcome &)> done) override;
    // Unknown keys cost a database query each: an address past its budget is answered 429 before any lookup.
    void setFailureBudget(AuthFailureBudget *budget) { m_budget = budget; }
    // Drops the keys from every replica's caches and from Redis (after revoke, suspend, disable, limit change).
    void invalidate(const QList<QByteArray> &keyHashes) override;
    static AuthOutcome judge(const KeyInfo &key, qint64 nowMs);
    // The runbook's key_prefix of a well-formed API key in an Authorization header; empty for anything else (a
    // malformed token's first characters could be part of some other secret).
    static QByteArray publicKeyPrefix(const QByteArray &authorization);
    quint64 localHits() const { return m_localHits.load(std::memory_order_relaxed); }

private:
    struct Entry
    {
        bool found = false;
        KeyInfo info;
        qint64 fetchedAtMs = 0;
    };
    void lookupRedis(RedisClient *redis, const QByteArray &hash, const QHostAddress &peer, QObject *context,
                     std::function<void(const AuthOutcome &)> done);
    void lookupDatabase(RedisClient *redis, const QByteArray &hash, const QHostAddress &peer, QObject *context,
                        std::function<void(const AuthOutcome &)> done);
    void store(const QByteArray &hash, const Entry &entry);
    std::optional<Entry> cached(const QByteArray &hash) const;
    bool isBeingDeleted(const QByteArray &hash) const;
    void clearCache();
    void onInvalidation(const QByteArray &channel, const QByteArray &payload);

    DbPool *m_db;
    RedisClient *m_redis;
    mutable std::mutex m_mutex; // guards m_cache: I/O threads look up, the main thread invalidates
    QHash<QByteArray, Entry> m_cache;
    QHash<QByteArray, int> m_deleting; // invalidated keys whose Redis DEL has not been answered yet
    std::atomic<quint64> m_localHits{0};
    AuthFailureBudget *m_budget = nullptr;
};

} // namespace crosslogic
