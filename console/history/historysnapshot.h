// One answer of the daemon's metrics history (GET /admin/metrics/history) with the alerts and rules charted over
// it, and the series cut from it: a bucket that is absent (nobody sampled) or has no value splits the series, so a
// chart draws a gap there instead of a line across.
#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QString>
#include <functional>
#include <optional>

namespace crosslogic::console {

// The value one history point gives a series, or nothing (then the series breaks there).
using HistoryValue = std::function<std::optional<double>(const QJsonObject &point)>;

struct HistorySnapshot
{
    QString range;        // 15m, 1h, 6h, 24h
    qint64 fromMs = 0;    // the window the daemon answered for
    qint64 toMs = 0;
    qint64 stepMs = 10000; // spacing of the points (thinned for long ranges)
    double bucketSeconds = 10; // what one point counts over
    QJsonArray points;    // MetricsSample objects, oldest first
    QJsonArray alerts;    // alerts that started or fired inside the window
    QHash<QString, QJsonObject> rules; // rule id -> AlertRule

    // Reads the answer of /admin/metrics/history; false when it is not one.
    bool readHistory(const QJsonObject &answer);
    // The effective value of a rule's parameter (e.g. rate_limited_share / threshold); nothing when the rule is
    // unknown or disabled.
    std::optional<double> ruleParameter(const QString &rule, const QString &parameter) const;
    // Continuous runs of points: a new run starts after a missing bucket or a point without a value.
    QList<QList<QPointF>> segments(const HistoryValue &value) const;
};

// The x of a history point (ms since the epoch); 0 when its "ts" is not a time.
qint64 historyTimeMs(const QJsonValue &ts);
// A number at a dotted path of a point, e.g. "requests.429" or "redis.used_memory"; nothing when absent or null.
std::optional<double> historyNumber(const QJsonObject &point, const QString &path);

} // namespace crosslogic::console
