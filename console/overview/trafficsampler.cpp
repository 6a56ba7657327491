// Turns successive /metrics scrapes into the gateway's requests/s by status class, mean latency and 5xx share.
#include "overview/trafficsampler.h"

#include "prometheus/prometheustext.h"

namespace crosslogic::console {

namespace {
bool isGateway(const PrometheusSample &s)
{
    return s.labels.value("route").startsWith("/v1");
}
} // namespace

StatusClass statusClassOf(const QByteArray &status)
{
    if (status.startsWith('2'))
        return StatusClass::Success;
    if (status == "401")
        return StatusClass::Unauthorized;
    if (status == "403")
        return StatusClass::Forbidden;
    if (status == "429")
        return StatusClass::RateLimited;
    if (status.startsWith('5'))
        return StatusClass::ServerError;
    return StatusClass::Other;
}

std::optional<TrafficSample> TrafficSampler::add(const QByteArray &metricsText, qint64 nowMs)
{
    const PrometheusText metrics = PrometheusText::parse(metricsText);
    Totals t;
    t.atMs = nowMs;
    for (const PrometheusSample &s : metrics.samples()) {
        if (!isGateway(s))
            continue;
        if (s.name == "http_requests_total") {
            t.requests += s.value;
            t.byClass[size_t(statusClassOf(s.labels.value("status")))] += s.value;
        } else if (s.name == "http_request_duration_seconds_sum") {
            t.durationSum += s.value;
        } else if (s.name == "http_request_duration_seconds_count") {
            t.durationCount += s.value;
        }
    }
    std::optional<Totals> last = m_last;
    m_last = t;
    if (!last || t.requests < last->requests || t.atMs <= last->atMs)
        return std::nullopt;
    TrafficSample out;
    out.seconds = double(t.atMs - last->atMs) / 1000.0;
    const double requests = t.requests - last->requests;
    out.requestsPerSecond = requests / out.seconds;
    for (size_t c = 0; c < out.perSecond.size(); ++c)
        out.perSecond[c] = std::max(0.0, t.byClass[c] - last->byClass[c]) / out.seconds;
    const double count = t.durationCount - last->durationCount;
    out.meanLatencyMs = count > 0 ? (t.durationSum - last->durationSum) / count * 1000.0 : 0;
    out.errorRatio = requests > 0 ? (t.byClass[size_t(StatusClass::ServerError)] - last->byClass[size_t(StatusClass::ServerError)]) / requests : 0;
    return out;
}

} // namespace crosslogic::console
