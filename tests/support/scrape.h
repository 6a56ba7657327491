// One value from a process's /metrics, read with the shared Prometheus text reader (NaN when the sample is
// absent).
#pragma once

#include "prometheus/prometheustext.h"
#include "support/rawhttp.h"

namespace crosslogic::test {

inline double scrapeMetric(quint16 port, const QByteArray &name, const PrometheusLabels &labels = {})
{
    return PrometheusText::parse(RawHttp::get(port, "/metrics").body).value(name, labels);
}

} // namespace crosslogic::test
