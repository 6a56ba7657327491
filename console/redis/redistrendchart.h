// Redis over the picked range from the daemon's metrics history: memory used against redis_memory_high's share of
// maxmemory (with Redis alerts, runbook §5, as markers), or operations/s and the number of keys.
#pragma once

#include "history/historychart.h"

namespace crosslogic::console {

class RedisTrendChart : public HistoryChart
{
    Q_OBJECT
public:
    enum class Kind { Memory, Activity };
    explicit RedisTrendChart(Kind kind, QWidget *parent = nullptr);
    void plot(const HistorySnapshot &snapshot);

private:
    Kind m_kind;
};

} // namespace crosslogic::console
