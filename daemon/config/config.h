// The daemon's configuration: every variable, its default, validation and masked display.
#pragma once

#include "config/envfile.h"
#include "core/result.h"

#include <QList>
#include <QHash>
#include <QString>
#include <QStringList>

namespace crosslogic {

struct DatabaseTarget
{
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QString options; // QPSQL connect options, e.g. sslmode=require
};

struct RedisTarget
{
    QString host;
    int port = 6379;
    QString password;
    int db = 0;
};

struct ConfigVariable
{
    const char *name;
    const char *defaultValue; // nullptr: required
    const char *description;
    bool secret;
};

struct Config
{
    QString databaseUrl;
    DatabaseTarget database;
    QString redisUrl;
    RedisTarget redis;
    QString adminApiToken;
    QString nodeRegistrationToken;
    QString serverHost;
    int serverPort = 8080;
    QString tlsCertPath; // both set: the HTTP server speaks HTTPS (QSslServer)
    QString tlsKeyPath;
    int gatewayIoThreads = 0; // GATEWAY_IO_THREADS as set; ioThreadCount() resolves 0
    int dbMaxConnections = 10;
    QString logLevel;
    QString logFormat;
    QString stripeSecretKey;
    QString stripeWebhookSecret;
    QString stripeApiBase;
    // Billing and the durable usage path (daemon/billing).
    QString stripeMeterEventName;
    int billingMaxRetries = 5;
    int billingRetryBaseMs = 2000;
    int billingExportIntervalMs = 60000;
    int billingExportPeriodSeconds = 3600;
    QString usageSpoolDir;
    int usageSpoolFlushMs = 50;
    qint64 usageSpoolMaxBytes = qint64(1) << 30;
    qint64 maxBodyBytes = 0;
    int httpIdleTimeoutMs = 0;
    int httpWriteTimeoutMs = 0;
    int httpMaxPendingStreamBytes = 0;
    int httpHeaderTimeoutMs = 0;
    int shutdownGraceSeconds = 0;
    bool migrateOnStart = false;
    qint64 defaultRequestsPerMin = 600;
    qint64 defaultTokensPerMin = 1000000;
    qint64 defaultConcurrency = 64;
    bool rateLimitFailOpen = true;
    int upstreamConnectTimeoutMs = 2000;
    int upstreamFirstByteTimeoutMs = 120000;
    int upstreamIdleTimeoutMs = 120000;
    // GPU fleet (daemon/fleet).
    int nodeStaleSeconds = 120;
    int nodeHeartbeatIntervalSeconds = 10;
    int nodeReconcileIntervalMs = 5000;
    QString nodeDefaultProvider;
    QString controlPlaneUrl;
    QString nodeAgentPath;
    QString skyPath;
    int nodeLaunchTimeoutSeconds = 900;
    int lbFailureThreshold = 3;
    int lbCooldownMs = 30000;

    // Every variable the daemon reads, in documentation order.
    static const QList<ConfigVariable> &variables();
    // Validates all variables at once; the error lists every missing or malformed one by name.
    static Result<Config> fromEnvironment(const EnvMap &env);
    // GATEWAY_IO_THREADS, with 0 resolved to the number of CPU cores (at most 16).
    int ioThreadCount() const;
    // NAME=value lines for every variable in variables(), secrets masked, for `crosslogicd check-config`.
    QStringList describe() const;

private:
    QHash<QString, QString> m_effective; // what fromEnvironment() read or defaulted, by variable name
};

Result<DatabaseTarget> parseDatabaseUrl(const QString &url);
Result<RedisTarget> parseRedisUrl(const QString &url);
QString maskSecret(const QString &value);
QString maskUrlPassword(const QString &url);

} // namespace crosslogic
