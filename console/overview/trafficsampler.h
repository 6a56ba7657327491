// Turns successive /metrics scrapes into requests/s, mean latency and error share (deltas of the counters).
#pragma once

#include <QByteArray>
#include <optional>

namespace crosslogic::console {

struct TrafficSample
{
    double requestsPerSecond = 0;
    double meanLatencyMs = 0;
    double errorRatio = 0; // 5xx share of the requests in the interval
};

class TrafficSampler
{
public:
    // Returns a sample from the second scrape on; a counter reset (daemon restart) starts over.
    std::optional<TrafficSample> add(const QByteArray &metricsText, qint64 nowMs);

private:
    struct Totals
    {
        double requests = 0;
        double errors = 0;
        double durationSum = 0;
        double durationCount = 0;
        qint64 atMs = 0;
    };
    std::optional<Totals> m_last;
};

} // namespace crosslogic::console
