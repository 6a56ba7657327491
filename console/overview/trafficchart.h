// The gateway's traffic from the daemon's metrics history: requests/s, 429/s and 5xx/s, the 429 share against the
// rate_limited_share rule's threshold, alerts as markers.
#pragma once

#include "history/historychart.h"

namespace crosslogic::console {

class TrafficChart : public HistoryChart
{
    Q_OBJECT
public:
    explicit TrafficChart(QWidget *parent = nullptr);
    void plot(const HistorySnapshot &snapshot);
};

} // namespace crosslogic::console
