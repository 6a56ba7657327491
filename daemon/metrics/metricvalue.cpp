// The lock-free values behind metrics: Counter (monotonic), Gauge (settable) and Histogram (fixed buckets).
#include "metrics/metricvalue.h"

#include <algorithm>
#include <cmath>

namespace crosslogic {

Histogram::Histogram(std::vector<double> upperBounds)
    : m_bounds(std::move(upperBounds)),
      m_counts(std::make_unique<std::atomic<std::uint64_t>[]>(m_bounds.size() + 1))
{
    for (std::size_t i = 0; i <= m_bounds.size(); ++i)
        m_counts[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value)
{
    if (std::isnan(value))
        return;
    // le is inclusive: a value equal to a bound falls in that bound's bucket.
    const auto it = std::lower_bound(m_bounds.begin(), m_bounds.end(), value);
    m_counts[std::size_t(it - m_bounds.begin())].fetch_add(1, std::memory_order_relaxed);
    metricdetail::atomicAdd(m_sum, value);
}

std::vector<std::uint64_t> Histogram::cumulativeCounts() const
{
    std::vector<std::uint64_t> out(m_bounds.size() + 1);
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= m_bounds.size(); ++i) {
        running += m_counts[i].load(std::memory_order_relaxed);
        out[i] = running;
    }
    return out;
}

} // namespace crosslogic
