// After "Re-process failed billing events": whether the requeued events were processed, failed again, or are
// still waiting — judged from GET /admin/billing/events, so the console says "fixed" or "still failing: <error>"
// instead of "Done" when the daemon merely accepted the request.
#pragma once

#include <QCoreApplication>
#include <QJsonArray>
#include <QStringList>

namespace crosslogic::console {

struct RetryVerdict
{
    Q_DECLARE_TR_FUNCTIONS(RetryVerdict)

public:
    bool settled = false; // every requeued event processed or failed again, or the wait is over
    bool fixed = false;   // every requeued event processed
    QString text;

    // eventIds: the retry's answer (event_ids); events: the current list; waitedSeconds since the retry;
    // after timeoutSeconds an unsettled retry is reported as such.
    static RetryVerdict judge(const QStringList &eventIds, const QJsonArray &events, int waitedSeconds, int timeoutSeconds = 60);
};

} // namespace crosslogic::console
