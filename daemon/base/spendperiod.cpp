// Budget periods and request costs in integer micro-units.
#include "base/spendperiod.h"

#include "store/redisslot.h"

#include <QDateTime>

namespace crosslogic {

SpendPeriod spendPeriod(const QByteArray &period, qint64 nowMs)
{
    SpendPeriod p;
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    const QDate today = now.date();
    if (period == "daily") {
        p.stamp = today.toString(QStringLiteral("yyyy-MM-dd")).toLatin1();
        p.startMs = QDateTime(today, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        p.resetMs = QDateTime(today.addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    } else if (period == "monthly") {
        const QDate first(today.year(), today.month(), 1);
        p.stamp = first.toString(QStringLiteral("yyyy-MM")).toLatin1();
        p.startMs = QDateTime(first, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        p.resetMs = QDateTime(first.addMonths(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
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

} // namespace crosslogic
