// Health score of the selected node over the picked range (the daemon's metrics history), the node_health_low
// threshold dashed, the node's alerts as markers.
#pragma once

#include "history/historychart.h"

namespace crosslogic::console {

class HealthChart : public HistoryChart
{
    Q_OBJECT
public:
    explicit HealthChart(QWidget *parent = nullptr);
    // Draws nodeId's score from the snapshot; an empty id draws the prompt to select a node.
    void plot(const HistorySnapshot &snapshot, const QString &nodeId, const QString &nodeName, const QString &model);
};

} // namespace crosslogic::console
