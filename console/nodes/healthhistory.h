// Health-score history per node, kept in memory from the list refreshes; a bounded buffer per node.
#pragma once

#include <QHash>
#include <QList>
#include <QPointF>
#include <QString>

namespace crosslogic::console {

class HealthHistory
{
public:
    static constexpr int kMaxPoints = 360;
    static constexpr int kMaxNodes = 200;

    void record(const QString &nodeId, qint64 atMs, double score);
    QList<QPointF> points(const QString &nodeId) const { return m_points.value(nodeId); }

private:
    QHash<QString, QList<QPointF>> m_points;
};

} // namespace crosslogic::console
