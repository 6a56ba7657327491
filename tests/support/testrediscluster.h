// A private Redis Cluster owned by one test: six redis-server processes (Debian's package) on free ports, joined by
// `redis-cli --cluster create … --cluster-replicas 1` into 3 masters with one replica each, a short
// cluster-node-timeout so that a stopped master's replica is promoted within a few seconds, and
// cluster-require-full-coverage no so that the other shards keep serving meanwhile (docs/operations.md).
#pragma once

#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace crosslogic::test {

class TestRedisCluster
{
public:
    // A password makes every node require it (requirepass, and masterauth for its replicas). fullCoverage: Redis's
    // default cluster-require-full-coverage yes instead of no.
    explicit TestRedisCluster(int nodeTimeoutMs = 1000, QString password = {}, bool fullCoverage = false);
    ~TestRedisCluster();

    // Starts the six nodes, creates the cluster and waits until every node reports cluster_state:ok.
    bool start();
    // redis+cluster://[:password@]127.0.0.1:<first>,127.0.0.1:<second> (two seeds, as an operator would write it).
    QString url() const;
    const QList<quint16> &ports() const { return m_ports; }
    // redis-cli -c -p port args…: follows redirections like an operator's `redis-cli -c`.
    QString cli(quint16 port, const QStringList &args) const;
    // The ports of the nodes that are masters now, from CLUSTER NODES asked of a live node.
    QList<quint16> masters() const;
    // The master holding key's slot now.
    quint16 masterOf(const QString &key) const;
    // Stops one node at once (SHUTDOWN NOSAVE, as in the runbook's failure drills).
    void stopNode(quint16 port);
    // CLUSTER MYID of a node.
    QString nodeId(quint16 port) const;
    // Moves one slot, with its keys, from its master to another master, as `redis-cli --cluster reshard` does:
    // IMPORTING on the target, MIGRATING on the source, MIGRATE the keys a few at a time (pausing pauseMs between
    // batches, so that clients meet the slot half moved: ASK and TRYAGAIN), then SETSLOT NODE on every master.
    bool migrateSlot(int slot, quint16 from, quint16 to, int pauseMs);
    int keySlot(const QString &key) const;
    // True once a node other than `gone` is master for every slot and the cluster reports ok (within timeoutMs).
    bool waitForFailover(quint16 gone, int timeoutMs);

private:
    bool waitForOk(int timeoutMs) const;
    quint16 livePort() const;

    QStringList auth() const; // redis-cli's -a <password> (and no warning), when there is one

    int m_nodeTimeoutMs;
    QString m_password;
    bool m_fullCoverage;
    QList<quint16> m_ports;
    QList<quint16> m_stopped;
    std::vector<std::unique_ptr<QProcess>> m_processes;
    QString m_dir;
};

} // namespace crosslogic::test
