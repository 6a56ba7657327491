// One answer of the daemon's metrics history with the alerts and rules charted over it; series split at gaps.
#include "history/historysnapshot.h"

#include <QDateTime>

namespace crosslogic::console {

qint64 historyTimeMs(const QJsonValue &ts)
{
    const QDateTime t = QDateTime::fromString(ts.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

std::optional<double> historyNumber(const QJsonObject &point, const QString &path)
{
    const QStringList parts = path.split(QLatin1Char('.'));
    QJsonValue v = point;
    for (const QString &part : parts) {
        if (!v.isObject())
            return std::nullopt;
        v = v.toObject().value(part);
    }
    if (!v.isDouble())
        return std::nullopt;
    return v.toDouble();
}

bool HistorySnapshot::readHistory(const QJsonObject &answer)
{
    if (!answer.value(QLatin1String("points")).isArray())
        return false;
    points = answer.value(QLatin1String("points")).toArray();
    stepMs = qint64(answer.value(QLatin1String("step_seconds")).toDouble(10) * 1000);
    bucketSeconds = answer.value(QLatin1String("bucket_seconds")).toDouble(10);
    fromMs = historyTimeMs(answer.value(QLatin1String("from")));
    toMs = historyTimeMs(answer.value(QLatin1String("to")));
    const qint64 rangeMs = qint64(answer.value(QLatin1String("range_seconds")).toDouble() * 1000);
    if (toMs == 0)
        toMs = QDateTime::currentMSecsSinceEpoch();
    if (fromMs == 0 || fromMs >= toMs)
        fromMs = toMs - std::max<qint64>(rangeMs, 60000);
    return true;
}

std::optional<double> HistorySnapshot::ruleParameter(const QString &rule, const QString &parameter) const
{
    const auto it = rules.constFind(rule);
    if (it == rules.cend())
        return std::nullopt;
    const QJsonObject effective = it->value(QLatin1String("effective")).toObject();
    if (effective.contains(QLatin1String("enabled")) && !effective.value(QLatin1String("enabled")).toBool())
        return std::nullopt;
    const QJsonValue v = effective.value(parameter);
    if (!v.isDouble())
        return std::nullopt;
    return v.toDouble();
}

QList<QList<QPointF>> HistorySnapshot::segments(const HistoryValue &value) const
{
    QList<QList<QPointF>> out;
    QList<QPointF> run;
    qint64 previous = 0;
    // Points lie on the step grid; one more than 1.5 steps after the last means at least one bucket is missing.
    const qint64 maxSpacing = stepMs + stepMs / 2;
    for (const QJsonValue &v : points) {
        const QJsonObject point = v.toObject();
        const qint64 at = historyTimeMs(point.value(QLatin1String("ts")));
        if (at == 0)
            continue;
        const std::optional<double> y = value(point);
        const bool gap = previous != 0 && at - previous > maxSpacing;
        if ((gap || !y) && !run.isEmpty()) {
            out.append(run);
            run.clear();
        }
        previous = at;
        if (y)
            run.append(QPointF(double(at), *y));
    }
    if (!run.isEmpty())
        out.append(run);
    return out;
}

} // namespace crosslogic::console
