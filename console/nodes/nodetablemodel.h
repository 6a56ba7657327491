// Nodes of GET /admin/nodes as a table: status, health score, model, heartbeat age (stale highlighted), load.
#pragma once

#include "common/jsontablemodel.h"

namespace crosslogic::console {

class NodeTableModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column { Cluster, Status, Health, Model, Provider, Heartbeat, Load, Id };
    explicit NodeTableModel(QObject *parent = nullptr);

protected:
    QVariant style(const QJsonObject &row, int column, int role) const override;
};

} // namespace crosslogic::console
