// Health-score history per node, kept in memory from the list refreshes; a bounded buffer per node.
#include "nodes/healthhistory.h"

namespace crosslogic::console {

void HealthHistory::record(const QString &nodeId, qint64 atMs, double score)
{
    if (!m_points.contains(nodeId) && m_points.size() >= kMaxNodes)
        m_points.erase(m_points.begin());
    QList<QPointF> &list = m_points[nodeId];
    list.append(QPointF(double(atMs), score));
    if (list.size() > kMaxPoints)
        list.remove(0, list.size() - kMaxPoints);
}

} // namespace crosslogic::console
