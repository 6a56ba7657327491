// PostgreSQL connections and the daemon pools over the picked range (the daemon's metrics history): connections
// against db_connections_exhausted's share of max_connections, the longest pool wait against db_pool_saturated,
// database alerts (runbook §4) as markers.
#pragma once

#include "history/historychart.h"

namespace crosslogic::console {

class ConnectionsHistory : public HistoryChart
{
    Q_OBJECT
public:
    explicit ConnectionsHistory(QWidget *parent = nullptr);
    // maxConnections: PostgreSQL's max_connections (0 when not known yet: no connections threshold).
    void plot(const HistorySnapshot &snapshot, int maxConnections);
};

} // namespace crosslogic::console
