// Customer key authentication: format check, in-process cache, Redis cache api_key:<sha256>, PostgreSQL; pushed invalidation.
#include "gateway/authenticator.h"

#include "store/dbpool.h"
#include "core/log.h"
#include "security/apikey.h"
#include "store/redisclient.h"
#include "store/sqljson.h"

#include <QDateTime>
#include <QPointer>

namespace crosslogic {
namespace {
constexpr qint64 kLocalTtlMs = 5000;        // bounded staleness when an operator edits SQL and clears only Redis
constexpr qint64 kNegativeTtlMs = 2000;     // unknown keys: do not hammer PostgreSQL
constexpr qint64 kStaleIfDownMs = 600000;   // PostgreSQL and Redis down: keep serving keys seen in the last 10 min
constexpr int kRedisTtlSeconds = 300;
constexpr int kMaxEntries = 200000;

QByteArray redisKey(const QByteArray &hash)
{
    return QByteArrayLiteral("api_key:") + hash;
}

// A refusal names the key when one was found, so the request's log row carries its tenant and key (alerts count
// them).
AuthOutcome reject(int status, const QString &message, const char *code, const KeyInfo &key = {})
{
    AuthOutcome o;
    o.status = status;
    o.message = message;
    o.code = code;
    o.key = key;
    return o;
}
} // namespace

Authenticator::Authenticator(DbPool *db, RedisClient *redis, RedisClient *subscriber, QObject *parent)
    : QObject(parent), m_db(db), m_redis(redis)
{
    if (subscriber) {
        connect(subscriber, &RedisClient::messageReceived, this, &Authenticator::onInvalidation);
        subscriber->subscribe(kChannel);
        // While the subscription was down, invalidations may have been missed: start over.
        connect(subscriber, &RedisClient::connected, this, [this] { clearCache(); });
    }
}

QByteArray Authenticator::publicKeyPrefix(const QByteArray &authorization)
{
    if (!authorization.startsWith("Bearer ") && !authorization.startsWith("bearer "))
        return {};
    auto parsed = ApiKey::parseFormat(authorization.mid(7).trimmed());
    return parsed ? parsed->prefix : QByteArray();
}

AuthOutcome Authenticator::judge(const KeyInfo &key, qint64 nowMs)
{
    if (key.keyStatus != QLatin1String("active"))
        return reject(401, QStringLiteral("API key %1… has been revoked").arg(QString::fromLatin1(key.keyPrefix)), "api_key_revoked", key);
    if (key.expiresAtMs != 0 && key.expiresAtMs <= nowMs)
        return reject(401, QStringLiteral("API key %1… expired at %2").arg(QString::fromLatin1(key.keyPrefix),
                                                                             QDateTime::fromMSecsSinceEpoch(key.expiresAtMs, Qt::UTC).toString(Qt::ISODate)),
                      "api_key_expired", key);
    if (key.tenantStatus != QLatin1String("active"))
        return reject(403, QStringLiteral("the account this key belongs to is suspended"), "tenant_suspended", key);
    if (key.environmentStatus != QLatin1String("active"))
        return reject(403, QStringLiteral("the environment this key belongs to is disabled"), "environment_disabled", key);
    AuthOutcome ok;
    ok.key = key;
    return ok;
}

void Authenticator::authenticate(const QByteArray &authorization, const QHostAddress &peer, QObject *context,
                                 std::function<void(const AuthOutcome &)> done)
{
    authenticate(m_redis, authorization, peer, context, std::move(done));
}

std::optional<Authenticator::Entry> Authenticator::cached(const QByteArray &hash) const
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_cache.constFind(hash); it != m_cache.constEnd())
        return *it;
    return std::nullopt;
}

bool Authenticator::isBeingDeleted(const QByteArray &hash) const
{
    std::lock_guard lock(m_mutex);
    return m_deleting.contains(hash);
}

void Authenticator::clearCache()
{
    std::lock_guard lock(m_mutex);
    m_cache.clear();
}

void Authenticator::authenticate(RedisClient *redis, const QByteArray &authorization, const QHostAddress &peer, QObject *context,
                                 std::function<void(const AuthOutcome &)> done)
{
    if (authorization.isEmpty()) {
        done(reject(401, QStringLiteral("missing API key: send Authorization: Bearer clsk_live_…"), "missing_api_key"));
        return;
    }
    if (!authorization.startsWith("Bearer ") && !authorization.startsWith("bearer ")) {
        done(reject(401, QStringLiteral("the Authorization header must be 'Bearer <API key>'"), "invalid_api_key"));
        return;
    }
    const QByteArray token = authorization.mid(7).trimmed();
    // The format first; the checksum (a second SHA-256) only for a key this process has not seen: every cached
    // hash belongs to a key that passed it (negative entries too), and a key that fails it is never cached.
    auto parsed = ApiKey::parseFormat(token);
    if (!parsed) {
        done(reject(401, QStringLiteral("invalid API key: %1").arg(parsed.error()), "invalid_api_key"));
        return;
    }
    const QByteArray hash = parsed->hash;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const std::optional<Entry> entry = cached(hash);
    if (!entry) {
        if (auto checked = ApiKey::verifyChecksum(*parsed); !checked) {
            done(reject(401, QStringLiteral("invalid API key: %1").arg(checked.error()), "invalid_api_key"));
            return;
        }
    } else {
        const qint64 age = now - entry->fetchedAtMs;
        if (entry->found && age < kLocalTtlMs) {
            m_localHits.fetch_add(1, std::memory_order_relaxed);
            done(judge(entry->info, now));
            return;
        }
        if (!entry->found && age < kNegativeTtlMs) {
            done(reject(401, QStringLiteral("invalid API key: no such key"), "invalid_api_key"));
            return;
        }
    }
    lookupRedis(redis, hash, peer, context, std::move(done));
}

void Authenticator::lookupRedis(RedisClient *redis, const QByteArray &hash, const QHostAddress &peer, QObject *context,
                                std::function<void(const AuthOutcome &)> done)
{
    if (isBeingDeleted(hash)) {
        lookupDatabase(redis, hash, peer, context, std::move(done));
        return;
    }
    QPointer<QObject> ctx(context);
    redis->command({"GET", redisKey(hash)}, context, [this, redis, hash, peer, ctx, done = std::move(done)](const RedisReply &r) mutable {
        if (!ctx)
            return;
        if (r.type == RedisReply::Type::String && !isBeingDeleted(hash)) {
            try {
                Entry e{true, KeyInfo::fromJson(Json::parse(r.str.constBegin(), r.str.constEnd())), QDateTime::currentMSecsSinceEpoch()};
                store(hash, e);
                done(judge(e.info, e.fetchedAtMs));
                return;
            } catch (const std::exception &) {
                // A corrupted cache entry is ignored and replaced from the database.
            }
        }
        lookupDatabase(redis, hash, peer, ctx, std::move(done));
    });
}

void Authenticator::lookupDatabase(RedisClient *redis, const QByteArray &hash, const QHostAddress &peer, QObject *context,
                                   std::function<void(const AuthOutcome &)> done)
{
    if (m_budget && !peer.isNull()) {
        if (const int wait = m_budget->admit(peer, QDateTime::currentMSecsSinceEpoch()); wait > 0) {
            done(reject(429, QStringLiteral("too many failed authentications from this address: retry in %1 s").arg(wait),
                        "too_many_auth_failures"));
            return;
        }
    }
    m_db->run(context, [hash](QSqlDatabase &db) -> Result<Json> {
        return queryJson(db, QString::fromLatin1(kKeyInfoSql), {QString::fromLatin1(hash)});
    }, [this, redis, context, hash, peer, done = std::move(done)](Result<Json> r) {
        // Runs on context's thread, the one redis belongs to.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (!r.ok()) {
            const std::optional<Entry> entry = cached(hash);
            if (entry && entry->found && now - entry->fetchedAtMs < kStaleIfDownMs) {
                spdlog::warn("auth: database unavailable, using cached validation for key {}…", qs(entry->info.keyPrefix));
                done(judge(entry->info, now));
                return;
            }
            done(reject(503, QStringLiteral("cannot validate the API key right now: database unavailable"), "service_unavailable"));
            return;
        }
        if (r->is_null()) {
            store(hash, Entry{false, {}, now});
            if (m_budget && !peer.isNull())
                m_budget->recordFailure(peer, now);
            done(reject(401, QStringLiteral("invalid API key: no such key"), "invalid_api_key"));
            return;
        }
        Entry e{true, KeyInfo::fromJson(*r), now};
        store(hash, e);
        redis->command({"SET", redisKey(hash), QByteArray::fromStdString(e.info.toJson().dump()), "EX",
                        QByteArray::number(kRedisTtlSeconds)},
                       context, [](const RedisReply &) {});
        done(judge(e.info, now));
    });
}

void Authenticator::store(const QByteArray &hash, const Entry &entry)
{
    std::lock_guard lock(m_mutex);
    if (m_cache.size() >= kMaxEntries)
        m_cache.clear();
    m_cache.insert(hash, entry);
}

void Authenticator::invalidate(const QList<QByteArray> &keyHashes)
{
    if (keyHashes.isEmpty())
        return;
    Json hashes = Json::array();
    QList<QByteArray> del{"DEL"};
    {
        // Until Redis has run the DEL (sent on the main thread's connection), an I/O thread's GET on its own
        // connection could overtake it and bring the old entry back: those look-ups go to PostgreSQL.
        std::lock_guard lock(m_mutex);
        for (const QByteArray &h : keyHashes) {
            m_cache.remove(h);
            m_deleting[h] += 1;
        }
    }
    for (const QByteArray &h : keyHashes) {
        hashes.push_back(h.toStdString());
        del << redisKey(h);
    }
    m_redis->command(del, this, [this, keyHashes](const RedisReply &) {
        std::lock_guard lock(m_mutex);
        for (const QByteArray &h : keyHashes)
            if (auto it = m_deleting.find(h); it != m_deleting.end() && --it.value() <= 0)
                m_deleting.erase(it);
    });
    m_redis->command({"PUBLISH", kChannel, QByteArray::fromStdString(Json{{"hashes", hashes}}.dump())}, this,
                              [](const RedisReply &r) {
                                  if (r.isError())
                                      spdlog::warn("auth: invalidation not published ({}); other replicas refresh within {} ms",
                                                   qs(r.str), kLocalTtlMs);
                              });
}

void Authenticator::onInvalidation(const QByteArray &channel, const QByteArray &payload)
{
    if (channel != kChannel)
        return;
    try {
        const Json j = Json::parse(payload.constBegin(), payload.constEnd());
        if (j.value("all", false)) {
            clearCache();
            return;
        }
        QList<QByteArray> hashes;
        for (const auto &h : j.value("hashes", Json::array()))
            hashes << QByteArray::fromStdString(h.get<std::string>());
        std::lock_guard lock(m_mutex);
        for (const QByteArray &h : std::as_const(hashes))
            m_cache.remove(h);
    } catch (const std::exception &) {
        clearCache(); // unreadable: be safe
    }
}

} // namespace crosslogic
