// Turns successive /metrics scrapes into requests/s, mean latency and error share (deltas of the counters).
#include "overview/trafficsampler.h"

#include "prometheus/prometheustext.h"

namespace crosslogic::console {

std::optional<TrafficSample> TrafficSampler::add(const QByteArray &metricsText, qint64 nowMs)
{
    const PrometheusText metrics = PrometheusText::parse(metricsText);
    // The console's own scrapes of /metrics are not traffic.
    const PrometheusLabels self{{"route", "/metrics"}};
    auto notSelf = [&](const QByteArray &name) { return metrics.sum(name) - metrics.sum(name, self); };
    Totals t;
    t.atMs = nowMs;
    t.requests = notSelf("http_requests_total");
    for (const PrometheusSample &s : metrics.samples())
        if (s.name == "http_requests_total" && s.labels.value("status").startsWith('5'))
            t.errors += s.value;
    t.durationSum = notSelf("http_request_duration_seconds_sum");
    t.durationCount = notSelf("http_request_duration_seconds_count");
    std::optional<Totals> last = m_last;
    m_last = t;
    if (!last || t.requests < last->requests || t.atMs <= last->atMs)
        return std::nullopt;
    TrafficSample out;
    const double seconds = double(t.atMs - last->atMs) / 1000.0;
    const double requests = t.requests - last->requests;
    out.requestsPerSecond = requests / seconds;
    const double count = t.durationCount - last->durationCount;
    out.meanLatencyMs = count > 0 ? (t.durationSum - last->durationSum) / count * 1000.0 : 0;
    out.errorRatio = requests > 0 ? (t.errors - last->errors) / requests : 0;
    return out;
}

} // namespace crosslogic::console
