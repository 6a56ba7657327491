// Streams under spend caps: where a stream's reservation ends and the error that ends it.
#include "gateway/spendcut.h"

#include "base/spendperiod.h"

#include <QDateTime>
#include <nlohmann/json.hpp>

namespace crosslogic {
namespace {
bool nonEmptyString(const Json &object, const char *field)
{
    const auto it = object.find(field);
    return it != object.end() && it->is_string() && !it->get_ref<const std::string &>().empty();
}
} // namespace

bool chunkDeliversTokens(const QByteArray &data)
{
    const Json chunk = Json::parse(data.constBegin(), data.constEnd(), nullptr, false);
    if (!chunk.is_object())
        return false;
    const auto choices = chunk.find("choices");
    if (choices == chunk.end() || !choices->is_array() || choices->empty() || !(*choices)[0].is_object())
        return false;
    const Json &choice = (*choices)[0];
    if (nonEmptyString(choice, "text"))
        return true;
    const auto delta = choice.find("delta");
    if (delta == choice.end() || !delta->is_object())
        return false;
    if (nonEmptyString(*delta, "content") || nonEmptyString(*delta, "reasoning_content") || nonEmptyString(*delta, "refusal"))
        return true;
    const auto calls = delta->find("tool_calls");
    return calls != delta->end() && calls->is_array() && !calls->empty();
}

Error spendCutError(const SpendBudget *budget, qint64 deliveredTokens, qint64 nowMs)
{
    if (!budget)
        return fail(400, "spend_reservation_reached",
                    QStringLiteral("the answer was stopped after %1 completion tokens: a stream without max_tokens under spend"
                                   " budgets may generate at most %2; set max_tokens for a longer answer")
                        .arg(deliveredTokens).arg(kStreamDefaultMaxTokens));
    QString what;
    if (budget->level == "credit") {
        what = QStringLiteral("the prepaid credit of this tenant ran out during this answer; add credit to continue");
    } else {
        const QString level = budget->level == "key" ? QStringLiteral("API key") : QString::fromLatin1(budget->level);
        const SpendPeriod period = spendPeriod(budget->period, nowMs);
        what = QStringLiteral("the %1 budget of this %2 (%3 micro-units) was reached during this answer; %4")
                   .arg(QString::fromLatin1(budget->period), level).arg(budget->amountMicros)
                   .arg(period.resetMs > 0 ? QStringLiteral("it resets at %1")
                                                 .arg(QDateTime::fromMSecsSinceEpoch(period.resetMs, Qt::UTC).toString(Qt::ISODate))
                                           : QStringLiteral("it is a lifetime budget and does not reset"));
    }
    Error e = fail(429, "insufficient_quota", QStringLiteral("%1. The answer was stopped after %2 completion tokens, which are billed.")
                                                  .arg(what).arg(deliveredTokens));
    e.type = "insufficient_quota";
    return e;
}

} // namespace crosslogic
