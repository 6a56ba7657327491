// Subscribes to admin-token revocations published by any replica and drops this replica's admin token cache.
#include "ops/tokenrevocationlistener.h"

#include "admin/adminauth.h"
#include "app/services.h"
#include "core/log.h"
#include "ops/admintokenroutes.h"
#include "store/redisclient.h"

namespace crosslogic {

TokenRevocationListener::TokenRevocationListener(Services &services, QObject *parent)
    : QObject(parent), m_services(services),
      m_subscriber(new RedisClient(services.config->redis, QStringLiteral("ops-pubsub"), this))
{
    connect(m_subscriber, &RedisClient::messageReceived, this,
            [this](const QByteArray &channel, const QByteArray &payload) {
                if (channel != kAdminTokenRevokedChannel || !m_services.adminAuth)
                    return;
                spdlog::info("admin token {} revoked on some replica: dropping cached admin token lookups",
                             payload.left(64).toStdString());
                m_services.adminAuth->forget();
            });
    // After a reconnect, revocations published while disconnected were missed: forget everything to be safe.
    connect(m_subscriber, &RedisClient::connected, this, [this] {
        if (m_services.adminAuth)
            m_services.adminAuth->forget();
    });
    m_subscriber->subscribe(kAdminTokenRevokedChannel);
    m_subscriber->start();
}

} // namespace crosslogic
