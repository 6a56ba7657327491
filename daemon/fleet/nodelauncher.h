// Starts and stops engine nodes in the background: `local` agent processes, or cloud instances through SkyPilot.
#pragma once

#include "store/dbpool.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QProcess>

namespace crosslogic {

class ConfigSlot;
class DbPool;

class NodeLauncher : public QObject
{
    Q_OBJECT
public:
    NodeLauncher(const ConfigSlot &config, DbPool *db, QObject *parent = nullptr);
    ~NodeLauncher() override;

    static bool isCloudProvider(const QString &provider);
    static bool isKnownProvider(const QString &provider);

    // Called after the node row was committed in `initializing`; spec is its launch_spec. Progress and failure
    // are written to the row (status, status_message); never blocks.
    void launch(const QString &nodeId, const Json &spec);
    // Stops what launch() started (local process, or `sky down -y <cluster>`); the row is already `terminated`.
    void terminate(const QString &nodeId, const Json &spec);

    // The URL launched agents register with.
    QString controlPlaneUrl() const;

private:
    void launchLocal(const QString &nodeId, const Json &spec);
    void launchCloud(const QString &nodeId, const Json &spec);
    // NODE_LAUNCH_TIMEOUT_SECONDS after launch(): a node still `initializing` becomes `failed`, and what the launch
    // started is stopped (the sky launch process, the local agent, then `sky down` for clouds).
    void onLaunchTimeout(const QString &nodeId, const Json &spec);
    void skyDown(const QString &nodeId, const QString &cluster, const QString &messagePrefix);
    // Updates the node row; status empty keeps it. onlyFrom: status and message change only when the row's status is
    // still this one; specPatch is merged into launch_spec whatever the status (the agent may register first).
    void record(const QString &nodeId, const QString &status, const QString &message, const QString &onlyFrom = QString(),
                const Json &specPatch = Json());
    QString agentPath() const;

    const ConfigSlot &m_config;
    DbPool *m_db;
    QHash<QString, QPointer<QProcess>> m_local; // node id → agent process
    QHash<QString, QPointer<QProcess>> m_skyLaunch; // node id → running `sky launch`
    QHash<QString, QString> m_terminating;       // local node ids being stopped on purpose
};

} // namespace crosslogic
