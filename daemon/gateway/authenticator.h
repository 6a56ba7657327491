// Customer key authentication: format check, in-process cache, Redis cache api_key:<sha256>, PostgreSQL; pushed invalidation.
#pragma once

#include "gateway/keyinfo.h"

#include <QHash>
#include <QObject>
#include <atomic>
#include <functional>
#include <optional>
#include <mutex>

namespace crosslogic {

struct Services;
class RedisClient;

struct AuthOutcome
{
    int status = 0; // 0: authenticated; otherwise the HTTP status to answer
    QString message;
    QByteArray code;
    QByteArray type;
    KeyInfo key;
    bool ok() const { return status == 0; }
};

class Authenticator : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kChannel = "crosslogic:auth-invalidate";

    // subscriber: a dedicated Redis connection in subscribe mode, for invalidations from every replica.
    Authenticator(Services &services, RedisClient *subscriber, QObject *parent = nullptr);

    // Shared by every I/O thread (the cache is guarded); redis is the calling thread's own connection and done
    // runs on context's thread. Without redis, the main thread's (services.redis) is used.
    void authenticate(RedisClient *redis, const QByteArray &authorization, QObject *context,
                      std::function<void(const AuthOutcome &)> done);
    void authenticate(const QByteArray &authorization, QObject *context, std::function<void(const AuthOutcome &)> done);
    // Drops the keys from every replica's caches and from Redis (after revoke, suspend, disable, limit change).
    void invalidate(const QList<QByteArray> &keyHashes);
    static AuthOutcome judge(const KeyInfo &key, qint64 nowMs);
    quint64 localHits() const { return m_localHits.load(std::memory_order_relaxed); }

private:
    struct Entry
    {
        bool found = false;
        KeyInfo info;
        qint64 fetchedAtMs = 0;
    };
    void lookupRedis(RedisClient *redis, const QByteArray &hash, QObject *context, std::function<void(const AuthOutcome &)> done);
    void lookupDatabase(RedisClient *redis, const QByteArray &hash, QObject *context, std::function<void(const AuthOutcome &)> done);
    void store(const QByteArray &hash, const Entry &entry);
    std::optional<Entry> cached(const QByteArray &hash) const;
    bool isBeingDeleted(const QByteArray &hash) const;
    void clearCache();
    void onInvalidation(const QByteArray &channel, const QByteArray &payload);

    Services &m_services;
    mutable std::mutex m_mutex; // guards m_cache: I/O threads look up, the main thread invalidates
    QHash<QByteArray, Entry> m_cache;
    QHash<QByteArray, int> m_deleting; // invalidated keys whose Redis DEL has not been answered yet
    std::atomic<quint64> m_localHits{0};
};

} // namespace crosslogic
