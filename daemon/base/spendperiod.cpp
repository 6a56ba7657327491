// Budget periods and request costs in integer micro-units.
#include "base/spendperiod.h"

#include "store/redisslot.h"

#include <QDateTime>
#include <QStringList>
#include <limits>

namespace crosslogic {
namespace {
// The anchor day in a month, or the month's last day when it is shorter.
QDate anchorIn(int year, int month, int anchorDay)
{
    return QDate(year, month, qMin(anchorDay, QDate(year, month, 1).daysInMonth()));
}
} // namespace

QByteArray anchoredPeriod(const QByteArray &period, int anchorDay)
{
    if (period != "monthly" || anchorDay <= 1 || anchorDay > 31)
        return period;
    return QByteArrayLiteral("monthly@") + QByteArray::number(anchorDay);
}

QString monthlyStartsArray(qint64 nowMs)
{
    QStringList starts;
    for (int day = 1; day <= 31; ++day)
        starts << QLatin1Char('"') + QDateTime::fromMSecsSinceEpoch(spendPeriod(anchoredPeriod("monthly", day), nowMs).startMs, Qt::UTC)
                                         .toString(Qt::ISODateWithMs) + QLatin1Char('"');
    return QString(QLatin1Char('{') + starts.join(QLatin1Char(',')) + QLatin1Char('}'));
}

SpendPeriod spendPeriod(const QByteArray &period, qint64 nowMs)
{
    SpendPeriod p;
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    const QDate today = now.date();
    if (period == "daily") {
        p.stamp = today.toString(QStringLiteral("yyyy-MM-dd")).toLatin1();
        p.startMs = QDateTime(today, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        p.resetMs = QDateTime(today.addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    } else if (period == "monthly" || period.startsWith("monthly@")) {
        const int anchor = period.size() > 8 ? qBound(1, period.mid(8).toInt(), 31) : 1;
        QDate start = anchorIn(today.year(), today.month(), anchor);
        if (today < start) {
            const QDate previous = QDate(today.year(), today.month(), 1).addMonths(-1);
            start = anchorIn(previous.year(), previous.month(), anchor);
        }
        const QDate following = QDate(start.year(), start.month(), 1).addMonths(1);
        p.stamp = start.toString(QStringLiteral("yyyy-MM")).toLatin1();
        if (anchor != 1)
            p.stamp += '@' + QByteArray::number(anchor);
        p.startMs = QDateTime(start, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        p.resetMs = QDateTime(anchorIn(following.year(), following.month(), anchor), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    } else {
        p.stamp = "all";
    }
    return p;
}

QByteArray spendCounterKey(const QByteArray &level, const QString &scopeId, const QByteArray &period, qint64 nowMs,
                           const QString &tenantId)
{
    return QByteArrayLiteral("spend:") + redisTenantTag(tenantId) + level + ':' + scopeId.toLatin1() + ':' + spendPeriod(period, nowMs).stamp;
}

QByteArray spendReadyKey(qint64 clockOffsetMs, const QString &tenantId)
{
    const QByteArray base = QByteArrayLiteral("spend:") + redisTenantTag(tenantId) + "ready";
    return clockOffsetMs == 0 ? base : base + ":offset:" + QByteArray::number(clockOffsetMs / 1000);
}

qint64 spendCounterTtlSeconds(const QByteArray &period, qint64 nowMs)
{
    const qint64 resetMs = spendPeriod(period, nowMs).resetMs;
    return resetMs > 0 ? (resetMs - nowMs) / 1000 + 7 * 86400 : 0;
}

qint64 meteredCostMicros(const ModelPrice &price, qint64 promptTokens, qint64 completionTokens)
{
    return (promptTokens * price.inputMicrosPerMTok + completionTokens * price.outputMicrosPerMTok) / 1000000;
}

qint64 maxCostMicros(const ModelPrice &price, qint64 promptTokens, qint64 completionTokens)
{
    return (promptTokens * price.inputMicrosPerMTok + completionTokens * price.outputMicrosPerMTok + 999999) / 1000000;
}

qint64 affordableCompletionTokens(const ModelPrice &price, qint64 promptTokens, qint64 reservedMicros, qint64 ceiling)
{
    if (price.outputMicrosPerMTok <= 0)
        return ceiling;
    // maxCostMicros(p, n) <= R  <=>  p * in + n * out <= R * 10^6 (its rounding up adds less than one unit).
    constexpr qint64 kMaxReservation = std::numeric_limits<qint64>::max() / 1000000 - 1;
    const qint64 room = qMin(reservedMicros, kMaxReservation) * 1000000 - promptTokens * price.inputMicrosPerMTok;
    if (room < 0)
        return 0;
    return qMin(ceiling, room / price.outputMicrosPerMTok);
}

} // namespace crosslogic
