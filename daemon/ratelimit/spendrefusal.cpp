// How admission answers when spend stops a request.
#include "ratelimit/spendrefusal.h"

#include "base/spendperiod.h"
#include "core/decimal.h"

#include <QDateTime>

namespace crosslogic {
namespace {
QString levelName(const QByteArray &level)
{
    if (level == "key")
        return QStringLiteral("API key");
    if (level == "environment")
        return QStringLiteral("environment");
    return QStringLiteral("tenant");
}
} // namespace

void refuseForSpend(Admission &a, const SpendBudget &budget, qint64 spent, qint64 reserve, qint64 nowMs)
{
    const SpendPeriod period = spendPeriod(budget.period, nowMs);
    const qint64 left = qMax<qint64>(0, budget.amountMicros - spent);
    a.admitted = false;
    a.status = 429;
    a.code = "insufficient_quota";
    a.type = "insufficient_quota";
    a.level = budget.level;
    if (budget.level == "credit") {
        a.message = QStringLiteral("the prepaid credit of this tenant is exhausted: %1 micro-units left, this request may cost up to %2;"
                                   " it does not reset, add credit to continue")
                        .arg(left).arg(reserve);
        return;
    }
    const QString reset = period.resetMs > 0
        ? QStringLiteral("it resets at %1").arg(QDateTime::fromMSecsSinceEpoch(period.resetMs, Qt::UTC).toString(Qt::ISODate))
        : QStringLiteral("it is a lifetime budget and does not reset");
    a.message = QStringLiteral("the %1 budget of this %2 is exhausted: %3 of %4 micro-units spent or reserved, this request may cost up to %5; %6")
                    .arg(QString::fromLatin1(budget.period), levelName(budget.level))
                    .arg(budget.amountMicros - left).arg(budget.amountMicros).arg(reserve).arg(reset);
    if (period.resetMs > 0) {
        a.retryAfterSeconds = int(qMin<qint64>((period.resetMs - nowMs + 999) / 1000, 40 * 86400));
        a.headers.append(qMakePair(QByteArrayLiteral("retry-after"), decimal(a.retryAfterSeconds)));
    }
}

Admission spendUnavailable()
{
    Admission a;
    a.status = 503;
    a.code = "spend_control_unavailable";
    a.message = QStringLiteral("spend budgets cannot be checked right now (the shared counter store is unavailable); retry shortly");
    a.retryAfterSeconds = 1;
    a.headers.append(qMakePair(QByteArrayLiteral("retry-after"), QByteArrayLiteral("1")));
    return a;
}

} // namespace crosslogic
