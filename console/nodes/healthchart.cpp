// Chart of one node's health score over time (from HealthHistory).
#include "nodes/healthchart.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

namespace crosslogic::console {

HealthChart::HealthChart(QWidget *parent) : QChartView(new QChart, parent), m_series(new QLineSeries), m_time(new QDateTimeAxis)
{
    // QChartView(QWidget*) would make a default chart that setChart() only releases, never deletes (LeakSanitizer):
    // the view gets its chart at construction and owns it.
    QChart *chart = this->chart();
    chart->addSeries(m_series);
    m_series->setName(tr("Health score"));
    m_series->setPointsVisible(true);
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    auto *score = new QValueAxis;
    score->setRange(0, 100);
    score->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(score, Qt::AlignLeft);
    m_series->attachAxis(m_time);
    m_series->attachAxis(score);
    chart->legend()->hide();
    chart->setTitle(tr("Select a node to see its health score"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
}

void HealthChart::show(const QString &nodeName, const QList<QPointF> &points)
{
    chart()->setTitle(tr("Health score of %1").arg(nodeName));
    m_series->replace(points);
    if (points.isEmpty())
        return;
    const qint64 last = qint64(points.last().x());
    const qint64 first = std::min(qint64(points.first().x()), last - 60000);
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
}

} // namespace crosslogic::console
