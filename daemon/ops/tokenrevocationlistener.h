// Subscribes to admin-token revocations published by any replica and drops this replica's admin token cache.
#pragma once

#include <QObject>

namespace crosslogic {

class RedisClient;
struct Services;

class TokenRevocationListener : public QObject
{
    Q_OBJECT
public:
    TokenRevocationListener(Services &services, QObject *parent = nullptr);

private:
    Services &m_services;
    RedisClient *m_subscriber;
};

} // namespace crosslogic
