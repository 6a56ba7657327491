// Turns successive /metrics scrapes into requests/s, mean latency and error share (deltas of the counters).
#include "overview/trafficsampler.h"

#include "adminclient/prometheustext.h"

namespace crosslogic::console {

std::optional<TrafficSample> TrafficSampler::add(const QByteArray &metricsText, qint64 nowMs)
{
    const QList<PrometheusSample> samples = PrometheusText::parse(metricsText);
    // The console's own scrapes of /metrics are not traffic.
    const QHash<QString, QString> self{{QStringLiteral("route"), QStringLiteral("/metrics")}};
    Totals t;
    t.atMs = nowMs;
    t.requests = PrometheusText::sum(samples, QStringLiteral("http_requests_total"))
                 - PrometheusText::sum(samples, QStringLiteral("http_requests_total"), self);
    for (const PrometheusSample &s : samples)
        if (s.name == QLatin1String("http_requests_total") && s.labels.value(QStringLiteral("status")).startsWith(QLatin1Char('5')))
            t.errors += s.value;
    t.durationSum = PrometheusText::sum(samples, QStringLiteral("http_request_duration_seconds_sum"))
                    - PrometheusText::sum(samples, QStringLiteral("http_request_duration_seconds_sum"), self);
    t.durationCount = PrometheusText::sum(samples, QStringLiteral("http_request_duration_seconds_count"))
                      - PrometheusText::sum(samples, QStringLiteral("http_request_duration_seconds_count"), self);
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
