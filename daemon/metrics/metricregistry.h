// A Prometheus registry: counters, gauges and histograms with labels, rendered in the text format 0.0.4.
#pragma once

#include "metrics/metricfamily.h"

#include <QByteArray>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace crosslogic {

class MetricRegistry
{
public:
    // Buckets for LLM request latencies: 5 ms (cached or rejected) up to 120 s (long generations).
    static const std::vector<double> &latencyBuckets();

    // Registering the same name again returns the existing family when type and labels match; a clash is a
    // programming error (asserted in debug builds; the clashing family is then registered under name +
    // "_clash").
    CounterFamily &counter(const QByteArray &name, const QByteArray &help,
                           const QList<QByteArray> &labelNames = {});
    GaugeFamily &gauge(const QByteArray &name, const QByteArray &help,
                       const QList<QByteArray> &labelNames = {});
    HistogramFamily &histogram(const QByteArray &name, const QByteArray &help,
                               const QList<QByteArray> &labelNames = {},
                               std::vector<double> buckets = latencyBuckets());

    // Runs before each render, on the scraping thread: set gauges computed from live state (pool usage,
    // queues).
    void onScrape(std::function<void()> collector);
    // The whole exposition, families in registration order.
    QByteArray render() const;

    static bool isValidMetricName(const QByteArray &name);
    static bool isValidLabelName(const QByteArray &name);
    static QByteArray escapeHelp(const QByteArray &text);
    static QByteArray escapeLabelValue(const QByteArray &value);
    static QByteArray formatValue(double value);

private:
    MetricFamilyBase *find(const QByteArray &name, MetricType type, const QList<QByteArray> &labelNames,
                           QByteArray *useName);

    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<MetricFamilyBase>> m_families;
    std::vector<std::function<void()>> m_collectors;
};

} // namespace crosslogic
