// Redis memory, or operations/s and keys, over the picked range from the daemon's metrics history.
#include "redis/redistrendchart.h"

namespace crosslogic::console {

namespace {
constexpr double kMiB = 1024.0 * 1024.0;

// The newest maxmemory in the window (0: none set or never sampled).
double latestMaxMemory(const HistorySnapshot &s)
{
    for (qsizetype i = s.points.size() - 1; i >= 0; --i)
        if (const auto max = historyNumber(s.points.at(i).toObject(), QStringLiteral("redis.maxmemory")))
            return *max;
    return 0;
}
} // namespace

RedisTrendChart::RedisTrendChart(Kind kind, QWidget *parent)
    : HistoryChart(kind == Kind::Memory ? tr("Redis memory") : tr("Redis operations and keys"),
                   kind == Kind::Memory ? tr("MiB") : tr("ops/s"), kind == Kind::Memory ? QString() : tr("keys"), parent),
      m_kind(kind)
{
    setObjectName(kind == Kind::Memory ? QStringLiteral("redisMemoryChart") : QStringLiteral("redisActivityChart"));
}

void RedisTrendChart::plot(const HistorySnapshot &s)
{
    begin(s);
    if (m_kind == Kind::Memory) {
        addSeries(QStringLiteral("used_memory"), tr("Used memory"), s.segments([](const QJsonObject &p) -> std::optional<double> {
                      const auto used = historyNumber(p, QStringLiteral("redis.used_memory"));
                      return used ? std::optional<double>(*used / kMiB) : std::nullopt;
                  }),
                  QColor(0x15, 0x65, 0xc0), Axis::Left, tr("MiB"));
        const double max = latestMaxMemory(s);
        const auto share = s.ruleParameter(QStringLiteral("redis_memory_high"), QStringLiteral("threshold"));
        if (max > 0 && share)
            addThreshold(QStringLiteral("redis_memory_high"), tr("Memory alert (MiB)"), *share * max / kMiB);
        QJsonArray redisAlerts;
        for (const QJsonValue &v : s.alerts)
            if (v.toObject().value(QLatin1String("section")).toString().startsWith(QLatin1String("5.")))
                redisAlerts.append(v);
        addAlertMarkers(redisAlerts);
    } else {
        addSeries(QStringLiteral("ops_per_sec"), tr("Operations/s"),
                  s.segments([](const QJsonObject &p) { return historyNumber(p, QStringLiteral("redis.ops_per_sec")); }),
                  QColor(0x2e, 0x7d, 0x32), Axis::Left, tr("/s"));
        addSeries(QStringLiteral("keys"), tr("Keys"), s.segments([](const QJsonObject &p) { return historyNumber(p, QStringLiteral("redis.keys")); }),
                  QColor(0x6a, 0x1b, 0x9a), Axis::Right);
    }
    finish();
}

} // namespace crosslogic::console
