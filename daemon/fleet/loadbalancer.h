// The gateway's NodeSelector: active nodes and routing strategies refreshed from PostgreSQL off the request path.
#pragma once

#include "fleet/nodepicker.h"
#include "fleet/nodeselector.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <mutex>

namespace crosslogic {

class ConfigSlot;
class DbPool;
class ServiceMetrics;

class LoadBalancer : public QObject, public NodeSelector
{
    Q_OBJECT
public:
    // refreshMs: how often nodes and routing_config are re-read (the runtime strategy switch takes effect then).
    LoadBalancer(const ConfigSlot &config, DbPool *db, ServiceMetrics *metrics, int refreshMs, QObject *parent = nullptr);

    std::optional<NodeTarget> pick(const QString &model, const QSet<QString> &exclude) override;
    QStringList activeModels() const override;
    bool knowsModel(const QString &model) const override;
    qint64 modelCreated(const QString &model) const override;
    ModelPrice priceOf(const QString &model) const override;
    void requestStarted(const QString &nodeId) override;
    void requestFinished(const QString &nodeId, bool ok, qint64 timeToFirstByteMs) override;

    // Per-node counters for /metrics (loadbalancer_requests_total{model,node,strategy}, loadbalancer_latency_seconds)
    // and the admin node list. Safe to call from any thread.
    std::vector<NodeCounters> snapshot() const;
    QString strategyFor(const QString &model) const override;
    void refresh();

signals:
    void refreshed();

private:
    qint64 nowMs() const { return m_clock.elapsed(); }

    const ConfigSlot &m_config;
    DbPool *m_db;
    ServiceMetrics *m_metrics;
    QTimer m_timer;
    QElapsedTimer m_clock;
    mutable std::mutex m_mutex; // guards m_picker, m_known and m_created (snapshot() may run on another thread)
    NodePicker m_picker;
    QSet<QString> m_known;
    QHash<QString, qint64> m_created; // model -> unix seconds of its first node row (models with an active node)
    QHash<QString, ModelPrice> m_prices; // model -> its row in models
    bool m_refreshing = false;
};

} // namespace crosslogic
