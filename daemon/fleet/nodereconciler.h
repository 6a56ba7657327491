// Background job: drains nodes whose heartbeats stopped and reactivates them when heartbeats resume (one replica at a time).
#pragma once

#include <QObject>
#include <QTimer>

namespace crosslogic {

struct Services;

class NodeReconciler : public QObject
{
    Q_OBJECT
public:
    NodeReconciler(Services &services, QObject *parent = nullptr);
    void start();
    // One pass now (the timer calls it every NODE_RECONCILE_INTERVAL_MS).
    void reconcile();

private:
    Services &m_services;
    QTimer m_timer;
    bool m_running = false;
};

} // namespace crosslogic
