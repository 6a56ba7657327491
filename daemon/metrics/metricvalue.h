// The lock-free values behind metrics: Counter (monotonic), Gauge (settable) and Histogram (fixed buckets).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace crosslogic {

namespace metricdetail {
inline void atomicAdd(std::atomic<double> &target, double delta)
{
    double current = target.load(std::memory_order_relaxed);
    while (!target.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
    }
}
} // namespace metricdetail

class Counter
{
public:
    // Negative increments are ignored: a counter only goes up (a reset is a process restart).
    void inc(double delta = 1.0)
    {
        if (delta > 0)
            metricdetail::atomicAdd(m_value, delta);
    }
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value{0.0};
};

class Gauge
{
public:
    void set(double v) { m_value.store(v, std::memory_order_relaxed); }
    void inc(double delta = 1.0) { metricdetail::atomicAdd(m_value, delta); }
    void dec(double delta = 1.0) { metricdetail::atomicAdd(m_value, -delta); }
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value{0.0};
};

class Histogram
{
public:
    // upperBounds: strictly increasing, finite; +Inf is implicit.
    explicit Histogram(std::vector<double> upperBounds);

    void observe(double value);
    const std::vector<double> &upperBounds() const { return m_bounds; }
    // Cumulative counts per bound plus +Inf as the last element; the last one is the count.
    std::vector<std::uint64_t> cumulativeCounts() const;
    double sum() const { return m_sum.load(std::memory_order_relaxed); }

private:
    std::vector<double> m_bounds;
    std::unique_ptr<std::atomic<std::uint64_t>[]> m_counts; // per bucket, not cumulative; size bounds + 1
    std::atomic<double> m_sum{0.0};
};

} // namespace crosslogic
