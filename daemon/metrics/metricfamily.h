// A named metric with label names; each label-value set is a child created once and kept for the process
// lifetime.
#pragma once

#include "metrics/metricvalue.h"

#include <QByteArray>
#include <QList>
#include <QStringList>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>

namespace crosslogic {

enum class MetricType
{
    Counter,
    Gauge,
    Histogram
};

class MetricFamilyBase
{
public:
    MetricFamilyBase(QByteArray name, QByteArray help, QList<QByteArray> labelNames, MetricType type)
        : m_name(std::move(name)), m_help(std::move(help)), m_labelNames(std::move(labelNames)), m_type(type)
    {
    }
    virtual ~MetricFamilyBase() = default;

    const QByteArray &name() const { return m_name; }
    const QByteArray &help() const { return m_help; }
    const QList<QByteArray> &labelNames() const { return m_labelNames; }
    MetricType type() const { return m_type; }
    // Appends # HELP, # TYPE and every sample in the text exposition format 0.0.4.
    virtual void render(QByteArray &out) const = 0;

protected:
    QByteArray m_name;
    QByteArray m_help;
    QList<QByteArray> m_labelNames;
    MetricType m_type;
};

template <typename T> class MetricFamily : public MetricFamilyBase
{
public:
    using Factory = std::function<std::unique_ptr<T>()>;
    MetricFamily(QByteArray name, QByteArray help, QList<QByteArray> labelNames, MetricType type,
                 Factory factory)
        : MetricFamilyBase(std::move(name), std::move(help), std::move(labelNames), type),
          m_factory(std::move(factory))
    {
    }

    // The child for these label values (in labelNames() order), created on first use. The reference stays
    // valid for the family's lifetime: resolve it once and keep it, rather than looking it up per request.
    // Missing values are empty strings, extra values are dropped.
    T &labels(QList<QByteArray> values)
    {
        values.resize(m_labelNames.size());
        {
            std::shared_lock lock(m_mutex);
            if (auto it = m_children.find(values); it != m_children.end())
                return *it->second;
        }
        std::unique_lock lock(m_mutex);
        auto &slot = m_children[values];
        if (!slot)
            slot = m_factory();
        return *slot;
    }
    T &labels(std::initializer_list<QByteArray> values) { return labels(QList<QByteArray>(values)); }
    T &labels(const QStringList &values)
    {
        QList<QByteArray> utf8;
        utf8.reserve(values.size());
        for (const QString &v : values)
            utf8 << v.toUtf8();
        return labels(std::move(utf8));
    }
    // The child of a family without labels.
    T &get() { return labels(QList<QByteArray>{}); }
    // Drops a child (e.g. a terminated node's node_health_score); references to it become invalid.
    void remove(QList<QByteArray> values)
    {
        values.resize(m_labelNames.size());
        std::unique_lock lock(m_mutex);
        m_children.erase(values);
    }

    // Calls f(labelValues, child) for every child in label order.
    void forEach(const std::function<void(const QList<QByteArray> &, const T &)> &f) const
    {
        std::shared_lock lock(m_mutex);
        for (const auto &[values, child] : m_children)
            f(values, *child);
    }

    void render(QByteArray &out) const override;

private:
    Factory m_factory;
    mutable std::shared_mutex m_mutex;
    std::map<QList<QByteArray>, std::unique_ptr<T>> m_children;
};

template <> void MetricFamily<Counter>::render(QByteArray &out) const;
template <> void MetricFamily<Gauge>::render(QByteArray &out) const;
template <> void MetricFamily<Histogram>::render(QByteArray &out) const;

using CounterFamily = MetricFamily<Counter>;
using GaugeFamily = MetricFamily<Gauge>;
using HistogramFamily = MetricFamily<Histogram>;

} // namespace crosslogic
