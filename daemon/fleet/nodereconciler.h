// Background job: drains nodes whose heartbeats stopped and reactivates them when heartbeats resume (one replica at a time).
#pragma once

#include "base/joblease.h"

#include <QObject>
#include <QTimer>

namespace crosslogic {

class ConfigSlot;
class DbPool;

class NodeReconciler : public QObject
{
    Q_OBJECT
public:
    // lease: the job "node_reconciler"; only its holder reconciles (base/joblease.h).
    NodeReconciler(const ConfigSlot &config, DbPool *db, JobLease lease, QObject *parent = nullptr);
    void start();
    // One pass now (the timer calls it every NODE_RECONCILE_INTERVAL_MS).
    void reconcile();

private:
    const ConfigSlot &m_config;
    DbPool *m_db;
    JobLease m_lease;
    QTimer m_timer;
    bool m_running = false;
};

} // namespace crosslogic
