// A Prometheus registry: counters, gauges and histograms with labels, rendered in the text format 0.0.4.
#include "metrics/metricregistry.h"

#include <QByteArrayList>
#include <charconv>
#include <cmath>

namespace crosslogic {
namespace {

// The names and escaped values of one child, without braces: method="GET",route="/v1/models".
QByteArray labelPairs(const QList<QByteArray> &names, const QList<QByteArray> &values)
{
    QByteArray out;
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += ',';
        out += names[i] + "=\"" + MetricRegistry::escapeLabelValue(values.value(i)) + '"';
    }
    return out;
}

QByteArray braced(const QByteArray &pairs)
{
    return pairs.isEmpty() ? QByteArray() : '{' + pairs + '}';
}

void header(QByteArray &out, const MetricFamilyBase &f, const char *type)
{
    out += "# HELP " + f.name() + ' ' + MetricRegistry::escapeHelp(f.help()) + '\n';
    out += "# TYPE " + f.name() + ' ' + type + '\n';
}

} // namespace

template <> void MetricFamily<Counter>::render(QByteArray &out) const
{
    header(out, *this, "counter");
    forEach([&](const QList<QByteArray> &values, const Counter &c) {
        out += m_name + braced(labelPairs(m_labelNames, values)) + ' ' + MetricRegistry::formatValue(c.value()) + '\n';
    });
}

template <> void MetricFamily<Gauge>::render(QByteArray &out) const
{
    header(out, *this, "gauge");
    forEach([&](const QList<QByteArray> &values, const Gauge &g) {
        out += m_name + braced(labelPairs(m_labelNames, values)) + ' ' + MetricRegistry::formatValue(g.value()) + '\n';
    });
}

template <> void MetricFamily<Histogram>::render(QByteArray &out) const
{
    header(out, *this, "histogram");
    // Every child of a family has its bounds (the factory copies them): format their text once per render.
    QList<QByteArray> les;
    forEach([&](const QList<QByteArray> &values, const Histogram &h) {
        // Read the counts once, so every bucket, +Inf and _count come from the same snapshot.
        const std::vector<std::uint64_t> counts = h.cumulativeCounts();
        const std::vector<double> &bounds = h.upperBounds();
        if (les.size() != qsizetype(bounds.size() + 1)) {
            les.clear();
            for (double b : bounds)
                les << MetricRegistry::formatValue(b);
            les << "+Inf";
        }
        const QByteArray pairs = labelPairs(m_labelNames, values);
        const QByteArray bucket = m_name + "_bucket{" + pairs + (pairs.isEmpty() ? "le=\"" : ",le=\"");
        for (std::size_t i = 0; i < counts.size(); ++i)
            out += bucket + les[qsizetype(i)] + "\"} " + QByteArray::number(qulonglong(counts[i])) + '\n';
        const QByteArray labels = braced(pairs);
        out += m_name + "_sum" + labels + ' ' + MetricRegistry::formatValue(h.sum()) + '\n';
        out += m_name + "_count" + labels + ' ' + QByteArray::number(qulonglong(counts.back())) + '\n';
    });
}

const std::vector<double> &MetricRegistry::latencyBuckets()
{
    static const std::vector<double> buckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                                2.5,   5,    10,    20,   30,  60,   120};
    return buckets;
}

bool MetricRegistry::isValidMetricName(const QByteArray &name)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        if (!alpha && !(i > 0 && c >= '0' && c <= '9'))
            return false;
    }
    return true;
}

bool MetricRegistry::isValidLabelName(const QByteArray &name)
{
    return isValidMetricName(name) && !name.contains(':') && !name.startsWith("__") && name != "le";
}

QByteArray MetricRegistry::escapeHelp(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray MetricRegistry::escapeLabelValue(const QByteArray &value)
{
    QByteArray out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray MetricRegistry::formatValue(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, value); // shortest form that round-trips
    return QByteArray(buf, int(r.ptr - buf));
}

MetricFamilyBase *MetricRegistry::find(const QByteArray &name, MetricType type,
                                       const QList<QByteArray> &labelNames, QByteArray *useName)
{
    Q_ASSERT_X(isValidMetricName(name), "MetricRegistry", name.constData());
    for (const QByteArray &l : labelNames)
        Q_ASSERT_X(isValidLabelName(l), "MetricRegistry", l.constData());
    *useName = name;
    for (const auto &f : m_families) {
        if (f->name() != name)
            continue;
        if (f->type() == type && f->labelNames() == labelNames)
            return f.get();
        Q_ASSERT_X(false, "MetricRegistry", "metric registered twice with a different type or labels");
        *useName = name + "_clash";
    }
    return nullptr;
}

CounterFamily &MetricRegistry::counter(const QByteArray &name, const QByteArray &help,
                                       const QList<QByteArray> &labelNames)
{
    std::lock_guard lock(m_mutex);
    QByteArray use;
    if (auto *f = find(name, MetricType::Counter, labelNames, &use))
        return static_cast<CounterFamily &>(*f);
    m_families.push_back(std::make_unique<CounterFamily>(use, help, labelNames, MetricType::Counter,
                                                         [] { return std::make_unique<Counter>(); }));
    return static_cast<CounterFamily &>(*m_families.back());
}

GaugeFamily &MetricRegistry::gauge(const QByteArray &name, const QByteArray &help,
                                   const QList<QByteArray> &labelNames)
{
    std::lock_guard lock(m_mutex);
    QByteArray use;
    if (auto *f = find(name, MetricType::Gauge, labelNames, &use))
        return static_cast<GaugeFamily &>(*f);
    m_families.push_back(std::make_unique<GaugeFamily>(use, help, labelNames, MetricType::Gauge,
                                                       [] { return std::make_unique<Gauge>(); }));
    return static_cast<GaugeFamily &>(*m_families.back());
}

HistogramFamily &MetricRegistry::histogram(const QByteArray &name, const QByteArray &help,
                                           const QList<QByteArray> &labelNames, std::vector<double> buckets)
{
    std::lock_guard lock(m_mutex);
    QByteArray use;
    if (auto *f = find(name, MetricType::Histogram, labelNames, &use))
        return static_cast<HistogramFamily &>(*f);
    std::sort(buckets.begin(), buckets.end());
    buckets.erase(std::unique(buckets.begin(), buckets.end()), buckets.end());
    while (!buckets.empty() && !std::isfinite(buckets.back()))
        buckets.pop_back();
    m_families.push_back(
        std::make_unique<HistogramFamily>(use, help, labelNames, MetricType::Histogram,
                                          [buckets] { return std::make_unique<Histogram>(buckets); }));
    return static_cast<HistogramFamily &>(*m_families.back());
}

void MetricRegistry::onScrape(std::function<void()> collector)
{
    std::lock_guard lock(m_mutex);
    m_collectors.push_back(std::move(collector));
}

QByteArray MetricRegistry::render() const
{
    std::vector<std::function<void()>> collectors;
    {
        std::lock_guard lock(m_mutex);
        collectors = m_collectors;
    }
    for (const auto &c : collectors)
        c();
    QByteArray out;
    std::lock_guard lock(m_mutex);
    for (const auto &f : m_families)
        f->render(out);
    return out;
}

} // namespace crosslogic
