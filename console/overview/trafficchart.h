// Live chart of requests/s and mean latency, a bounded window of the most recent samples.
#pragma once

#include <QChartView>

class QLineSeries;
class QValueAxis;
class QDateTimeAxis;

namespace crosslogic::console {

class TrafficChart : public QChartView
{
    Q_OBJECT
public:
    static constexpr int kMaxPoints = 180;

    explicit TrafficChart(QWidget *parent = nullptr);
    void addSample(qint64 atMs, double requestsPerSecond, double latencyMs);
    int pointCount() const;

private:
    QLineSeries *m_requests;
    QLineSeries *m_latency;
    QDateTimeAxis *m_time;
    QValueAxis *m_requestsAxis;
    QValueAxis *m_latencyAxis;
};

} // namespace crosslogic::console
