// Subscribes to admin-token revocations published by any replica and drops this replica's admin token cache.
#include "admin/tokenrevocationlistener.h"

#include "admin/adminauth.h"
#include "core/log.h"
#include "admin/admintokenroutes.h"
#include "store/redisclusterclient.h"

namespace crosslogic {

TokenRevocationListener::TokenRevocationListener(const RedisTarget &redis, AdminAuth *adminAuth, QObject *parent)
    : QObject(parent), m_adminAuth(adminAuth), m_subscriber(createRedisClient(redis, QStringLiteral("ops-pubsub"), this))
{
    connect(m_subscriber, &RedisClient::messageReceived, this,
            [this](const QByteArray &channel, const QByteArray &payload) {
                if (channel != kAdminTokenRevokedChannel || !m_adminAuth)
                    return;
                spdlog::info("admin token {} {} on some replica: dropping cached admin token lookups",
                             payload.startsWith("created:") ? payload.mid(8, 64).toStdString() : payload.left(64).toStdString(),
                             payload.startsWith("created:") ? "created" : "revoked");
                m_adminAuth->forget();
            });
    // After a reconnect, revocations published while disconnected were missed: forget everything to be safe.
    connect(m_subscriber, &RedisClient::connected, this, [this] {
        if (m_adminAuth)
            m_adminAuth->forget();
    });
    m_subscriber->subscribe(kAdminTokenRevokedChannel);
    m_subscriber->start();
}

} // namespace crosslogic
