// The daemon's configuration: the values read from the environment, as described by the table in configtable.cpp.
#pragma once

#include "config/configvariable.h"
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
    // pool_mode=transaction: behind a transaction-pooling PgBouncer (no server-side prepared statements).
    bool transactionPooling = false;
};

struct RedisTarget
{
    QString host;
    int port = 6379;
    QString password;
    int db = 0;
    // redis+cluster://[:password@]host:port[,host:port…]: Redis Cluster, reached through these seed nodes
    // (store/redisclusterclient.h); host and port are then the first seed.
    bool cluster = false;
    QList<QPair<QString, int>> seeds;
};

// No member carries a default of its own: the constructor fills each from its row of variables().
struct Config
{
    QString databaseUrl;
    DatabaseTarget database; // parsed from databaseUrl
    QString redisUrl;
    RedisTarget redis;       // parsed from redisUrl
    QString adminApiToken;
    QString nodeRegistrationToken;
    QString nodeEndpointAllowNetworks;
    QString serverHost;
    int serverPort{};
    QString tlsCertPath; // both set: the HTTP server speaks HTTPS (QSslServer)
    QString tlsKeyPath;
    int gatewayIoThreads{}; // GATEWAY_IO_THREADS as set; ioThreadCount() resolves 0
    int authFailureBudgetPerMinute{};
    int dbMaxConnections{};
    QString logLevel;
    QString logFormat;
    QString stripeSecretKey;
    QString stripeWebhookSecret;
    QString stripeApiBase; // without a trailing '/'
    // Billing and the durable usage path (daemon/billing).
    QString stripeMeterEventName;
    int billingMaxRetries{};
    int billingRetryBaseMs{};
    int billingExportIntervalMs{};
    int billingExportPeriodSeconds{};
    QString usageSpoolDir;
    int usageSpoolFlushMs{};
    qint64 usageSpoolMaxBytes{};
    qint64 maxBodyBytes{};
    int httpIdleTimeoutMs{};
    int httpWriteTimeoutMs{};
    int httpMaxPendingStreamBytes{};
    int httpMaxConnectionsPerAddress{};
    int httpHeaderTimeoutMs{};
    int httpBodyTimeoutMs{};
    qint64 httpBodyMinRate{};
    int shutdownGraceSeconds{};
    bool migrateOnStart{};
    qint64 defaultRequestsPerMin{};
    qint64 defaultTokensPerMin{};
    qint64 defaultConcurrency{};
    bool rateLimitFailOpen{};
    bool rateLimitBatch{};
    int rateLimitBatchHoldMs{};
    qint64 spendClockOffsetSeconds{};
    int upstreamConnectTimeoutMs{};
    int upstreamFirstByteTimeoutMs{};
    int upstreamIdleTimeoutMs{};
    // GPU fleet (daemon/fleet).
    int nodeStaleSeconds{};
    int nodeHeartbeatIntervalSeconds{};
    int nodeReconcileIntervalMs{};
    QString nodeDefaultProvider;
    QString controlPlaneUrl;
    QString nodeAgentPath;
    QString skyPath;
    int nodeLaunchTimeoutSeconds{};
    int lbFailureThreshold{};
    int lbCooldownMs{};
    int dbSlowQueryMs{};
    // Alerts (daemon/alerts).
    bool alertsEnabled{};
    int alertEvalIntervalMs{};
    int alertLeaseSeconds{};
    QString replicaId;

    // Every table default applied; required variables empty (what tests and tools that build one by hand get).
    Config();
    // One such Config, for option structs of other components: their defaults are the table's, never their own.
    static const Config &defaults();

    // Every variable the daemon reads, in check-config's order: the only place a name, default or range is written.
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
