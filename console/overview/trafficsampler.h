// Turns successive /metrics scrapes into the gateway's requests/s by status class, mean latency and 5xx share
// (deltas of the counters). Gateway: the customer API, routes under /v1; the console's own admin requests and
// probes are not traffic.
#pragma once

#include <QByteArray>
#include <array>
#include <optional>

namespace crosslogic::console {

enum class StatusClass { Success, Unauthorized, Forbidden, RateLimited, ServerError, Other, Count };

// The class of an HTTP status: 2xx, 401, 403, 429, 5xx, anything else.
StatusClass statusClassOf(const QByteArray &status);

struct TrafficSample
{
    double seconds = 0; // between the two scrapes
    double requestsPerSecond = 0;
    double meanLatencyMs = 0;
    double errorRatio = 0; // 5xx share of the requests in the interval
    std::array<double, size_t(StatusClass::Count)> perSecond{};
    double rate(StatusClass c) const { return perSecond[size_t(c)]; }
    // Share of the interval's requests in class c (0 without requests).
    double share(StatusClass c) const { return requestsPerSecond > 0 ? rate(c) / requestsPerSecond : 0; }
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
        std::array<double, size_t(StatusClass::Count)> byClass{};
        double durationSum = 0;
        double durationCount = 0;
        qint64 atMs = 0;
    };
    std::optional<Totals> m_last;
};

} // namespace crosslogic::console
