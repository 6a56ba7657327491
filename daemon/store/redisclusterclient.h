// Redis Cluster behind the RedisClient interface (REDIS_URL=redis+cluster://host:port[,host:port…]): one
// connection per master, commands routed by the slot of their key, MOVED/ASK followed, the slot map read with
// CLUSTER SLOTS at start, after a redirection or a lost node, and every few seconds. Commands without a key go to
// any master (PING, INFO, PUBLISH) or to all of them (DBSIZE, FLUSHDB, SCAN walks them one after another); a
// multi-key MGET/DEL/UNLINK/EXISTS across slots is split per slot and its replies merged.
#pragma once

#include "store/redisclient.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <vector>

namespace crosslogic {

// A RedisClient for target: a cluster client when target.cluster, else a plain connection.
RedisClient *createRedisClient(const RedisTarget &target, const QString &name, QObject *parent = nullptr);

class RedisClusterClient : public RedisClient
{
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 5000;
    // Per command (a node-addressed one: none): MOVED/ASK followed at once up to kMaxHops times in a row, then after a
    // pause (while a slot moves its nodes disagree for a moment); TRYAGAIN (keys of one script split by a migration
    // under way) retried after a pause; kMaxPauses pauses of 25-50 ms in all, about 2 s, before the error is the answer.
    static constexpr int kMaxHops = 3;
    static constexpr int kMaxPauses = 40;

    RedisClusterClient(RedisTarget target, QString name, QObject *parent = nullptr);

    void start() override;
    bool isConnected() const override;
    void commandResp(const QByteArray &resp, QObject *context, RedisCallback cb) override;
    void subscribe(const QByteArray &channel) override;

    // The masters in the current slot map ("host:port"), sorted.
    QList<QByteArray> masters() const;
    // Every node ever seen ("host:port"): masters, replicas, and nodes that went away (shown as down).
    QList<QByteArray> nodes() const;
    // Sends resp to the node addr (for per-shard INFO); an error reply when it is not a known node.
    void commandOn(const QByteArray &addr, const QByteArray &resp, QObject *context, RedisCallback cb);

private:
    RedisClient *node(const QByteArray &addr);
    RedisClient *anyConnectedNode() const;
    void refreshTopology();
    void applySlots(const RedisReply &r);
    struct Detour // how far a command has been sent around (kMaxHops, kMaxPauses)
    {
        int hops = 0;
        int pauses = 0;
    };
    static constexpr Detour kNoDetour{kMaxHops, kMaxPauses}; // node-addressed: a redirection is the answer
    void send(int slot, const QByteArray &request, Detour detour, RedisCallback cb);
    void sendTo(RedisClient *target, int slot, const QByteArray &request, bool asking, Detour detour, RedisCallback cb);
    void splitMultiKey(const std::vector<QByteArrayView> &args, RedisCallback cb);
    void fanOut(const QByteArray &request, bool sum, RedisCallback cb);
    void scan(const std::vector<QByteArrayView> &args, RedisCallback cb);
    void ensureSubscriber();
    void nodeLost();
    void warnIfFullCoverageRequired(int attempt); // once per master, by the daemon's main client

    RedisTarget m_target;
    QString m_name;
    QHash<QByteArray, RedisClient *> m_nodes; // "host:port" → connection (kept for the client's life)
    std::vector<RedisClient *> m_slotOwner;    // slot → master connection (nullptr: unknown)
    QList<QByteArray> m_masters;
    QTimer m_refresh;
    QElapsedTimer m_lastRefresh;
    bool m_ready = false;
    QSet<QByteArray> m_coverageAsked; // masters asked for cluster-require-full-coverage
    bool m_refreshing = false;
    bool m_started = false;
    QList<QByteArray> m_channels;
    RedisClient *m_subscriber = nullptr;
    QByteArray m_subscriberAddr;
};

} // namespace crosslogic
