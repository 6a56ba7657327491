// Judges a billing-event retry from the events as they are now: processed, failed again (retry_count grew back
// from 0), or still waiting.
#include "billing/retryverdict.h"

#include <QJsonObject>

namespace crosslogic::console {

RetryVerdict RetryVerdict::judge(const QStringList &eventIds, const QJsonArray &events, int waitedSeconds, int timeoutSeconds)
{
    int processed = 0, failed = 0;
    QString firstError;
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (!eventIds.contains(e.value(QLatin1String("event_id")).toString()))
            continue;
        if (e.value(QLatin1String("processed")).toBool()) {
            ++processed;
        } else if (e.value(QLatin1String("retry_count")).toInt() > 0) {
            // The retry reset retry_count to 0; the worker tried again and recorded why it failed.
            ++failed;
            if (firstError.isEmpty())
                firstError = e.value(QLatin1String("error")).toString();
        }
    }
    const int total = int(eventIds.size());
    RetryVerdict v;
    if (processed == total) {
        v.settled = v.fixed = true;
        v.text = tr("fixed: %n event(s) processed", nullptr, total);
    } else if (processed + failed == total) {
        v.settled = true;
        v.text = tr("still failing after %1 s: %2 of %3 event(s) failed again — %4").arg(waitedSeconds).arg(failed).arg(total).arg(firstError);
    } else if (waitedSeconds >= timeoutSeconds) {
        v.settled = true;
        v.text = tr("no verdict after %1 s: %2 of %3 event(s) still waiting for the billing worker")
                     .arg(waitedSeconds).arg(total - processed - failed).arg(total);
    } else {
        v.text = tr("re-processing %1 event(s)… %2 processed, %3 failed again so far").arg(total).arg(processed).arg(failed);
    }
    return v;
}

} // namespace crosslogic::console
