// The minimal node selector: active nodes read from PostgreSQL every second (off the request path), round robin.
#pragma once

#include "fleet/nodeselector.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <vector>

namespace crosslogic {

struct Services;

class ActiveNodeCache : public QObject, public NodeSelector
{
    Q_OBJECT
public:
    ActiveNodeCache(Services &services, int refreshMs, QObject *parent = nullptr);

    std::optional<NodeTarget> pick(const QString &model, const QSet<QString> &exclude) override;
    QStringList activeModels() const override;
    bool knowsModel(const QString &model) const override;
    void refresh();

private:
    Services &m_services;
    QTimer m_timer;
    QHash<QString, std::vector<NodeTarget>> m_active; // model → nodes
    QSet<QString> m_known;
    QHash<QString, quint64> m_next;
    bool m_refreshing = false;
};

} // namespace crosslogic
