// Chart of one node's health score over time (from HealthHistory).
#pragma once

#include <QChartView>

class QLineSeries;
class QDateTimeAxis;

namespace crosslogic::console {

class HealthChart : public QChartView
{
    Q_OBJECT
public:
    explicit HealthChart(QWidget *parent = nullptr);
    void show(const QString &nodeName, const QList<QPointF> &points);

private:
    QLineSeries *m_series;
    QDateTimeAxis *m_time;
};

} // namespace crosslogic::console
