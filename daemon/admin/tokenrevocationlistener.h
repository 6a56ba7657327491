// Subscribes to admin-token revocations published by any replica and drops this replica's admin token cache.
#pragma once

#include <QObject>

namespace crosslogic {

class AdminAuth;
class RedisClient;
struct RedisTarget;

class TokenRevocationListener : public QObject
{
    Q_OBJECT
public:
    TokenRevocationListener(const RedisTarget &redis, AdminAuth *adminAuth, QObject *parent = nullptr);

private:
    AdminAuth *m_adminAuth;
    RedisClient *m_subscriber;
};

} // namespace crosslogic
