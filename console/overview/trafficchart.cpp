// The gateway's traffic from the daemon's metrics history, with the 429-share threshold and alert markers.
#include "overview/trafficchart.h"

namespace crosslogic::console {

TrafficChart::TrafficChart(QWidget *parent) : HistoryChart(tr("Gateway traffic"), tr("req/s"), tr("429 %"), parent)
{
    setObjectName(QStringLiteral("trafficChart"));
}

void TrafficChart::plot(const HistorySnapshot &s)
{
    begin(s);
    const double per = s.bucketSeconds > 0 ? s.bucketSeconds : 10;
    const auto rate = [per](const char *field) {
        return [per, field](const QJsonObject &p) -> std::optional<double> {
            const auto v = historyNumber(p, QStringLiteral("requests.") + QLatin1String(field));
            return v ? std::optional<double>(*v / per) : std::nullopt;
        };
    };
    addSeries(QStringLiteral("requests"), tr("Requests/s"), s.segments(rate("total")), QColor(0x15, 0x65, 0xc0), Axis::Left, tr("/s"));
    addSeries(QStringLiteral("429"), tr("429/s"), s.segments(rate("429")), QColor(0xef, 0x8f, 0x00), Axis::Left, tr("/s"));
    addSeries(QStringLiteral("5xx"), tr("5xx/s"), s.segments(rate("5xx")), QColor(0xc6, 0x28, 0x28), Axis::Left, tr("/s"));
    addSeries(QStringLiteral("share429"), tr("429 share"),
              s.segments([](const QJsonObject &p) -> std::optional<double> {
                  const auto total = historyNumber(p, QStringLiteral("requests.total"));
                  const auto limited = historyNumber(p, QStringLiteral("requests.429"));
                  if (!total || !limited)
                      return std::nullopt;
                  return *total > 0 ? *limited / *total * 100.0 : 0.0;
              }),
              QColor(0x6a, 0x1b, 0x9a), Axis::Right, QStringLiteral("%"));
    if (const auto share = s.ruleParameter(QStringLiteral("rate_limited_share"), QStringLiteral("threshold")))
        addThreshold(QStringLiteral("rate_limited_share"), tr("429 share alert (per key)"), *share * 100.0, Axis::Right, true);
    addAlertMarkers(s.alerts);
    finish();
}

} // namespace crosslogic::console
