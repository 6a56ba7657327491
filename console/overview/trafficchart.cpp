// Live chart of requests/s and mean latency, a bounded window of the most recent samples.
#include "overview/trafficchart.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

namespace crosslogic::console {

namespace {
double ceilingFor(const QLineSeries *series, double minimum)
{
    double top = minimum;
    for (const QPointF &p : series->points())
        top = std::max(top, p.y());
    return top * 1.2;
}
} // namespace

TrafficChart::TrafficChart(QWidget *parent)
    : QChartView(new QChart, parent), m_requests(new QLineSeries), m_latency(new QLineSeries), m_time(new QDateTimeAxis),
      m_requestsAxis(new QValueAxis), m_latencyAxis(new QValueAxis)
{
    // QChartView(QWidget*) would make a default chart that setChart() only releases, never deletes (LeakSanitizer):
    // the view gets its chart at construction and owns it.
    QChart *chart = this->chart();
    chart->setTitle(tr("Traffic (from /metrics)"));
    m_requests->setName(tr("Requests/s"));
    m_latency->setName(tr("Mean latency (ms)"));
    m_requests->setPointsVisible(true);
    m_latency->setPointsVisible(true);
    chart->addSeries(m_requests);
    chart->addSeries(m_latency);
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_time->setTitleText(tr("Time"));
    m_requestsAxis->setTitleText(tr("req/s"));
    m_requestsAxis->setLabelFormat(QStringLiteral("%.1f"));
    m_latencyAxis->setTitleText(tr("ms"));
    m_latencyAxis->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_requestsAxis, Qt::AlignLeft);
    chart->addAxis(m_latencyAxis, Qt::AlignRight);
    m_requests->attachAxis(m_time);
    m_requests->attachAxis(m_requestsAxis);
    m_latency->attachAxis(m_time);
    m_latency->attachAxis(m_latencyAxis);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(now - 60000), QDateTime::fromMSecsSinceEpoch(now));
    m_requestsAxis->setRange(0, 1);
    m_latencyAxis->setRange(0, 10);
    chart->legend()->setAlignment(Qt::AlignTop);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(260);
}

void TrafficChart::addSample(qint64 atMs, double requestsPerSecond, double latencyMs)
{
    m_requests->append(double(atMs), requestsPerSecond);
    m_latency->append(double(atMs), latencyMs);
    while (m_requests->count() > kMaxPoints) {
        m_requests->remove(0);
        m_latency->remove(0);
    }
    const qint64 first = qint64(m_requests->at(0).x());
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(std::min(first, atMs - 60000)), QDateTime::fromMSecsSinceEpoch(atMs));
    m_requestsAxis->setRange(0, ceilingFor(m_requests, 1));
    m_latencyAxis->setRange(0, ceilingFor(m_latency, 10));
}

int TrafficChart::pointCount() const
{
    return int(m_requests->count());
}

} // namespace crosslogic::console
