// The alert state machine, free of I/O: given what the checks found this cycle and the alerts open now, which alerts
// open (pending), fire, stay, resolve or are dropped. Pending → firing after the rule's for_seconds; firing →
// resolved after clear_seconds without the condition; thresholds with hysteresis (alertrules.h).
#pragma once

#include "alerts/alertrules.h"

#include <QHash>
#include <QSet>
#include <cmath>
#include <limits>
#include <vector>

namespace crosslogic {

// One object a check found in trouble (or the whole system: key empty), with what the alert will say about it.
struct Finding
{
    QString rule;
    QString key;                         // the objects' identity within the rule (ids), part of the fingerprint
    Json objects = Json::array();        // [{"kind":"node","id":"…","name":"…"}, …]
    double value = 1;                    // compared with the threshold
    double threshold = std::numeric_limits<double>::quiet_NaN(); // NaN: the rule's "threshold" parameter
    QString summary;                     // one line
    Json remediations = Json::array();   // operations API calls that apply, parameters filled in
    QString fingerprint() const { return rule + QLatin1Char(':') + key; }
};

struct OpenAlert
{
    qint64 id = 0;
    QString rule;
    QString fingerprint;
    QString state; // pending | firing
    qint64 startedMs = 0;
    qint64 lastTrueMs = 0;
};

struct AlertChange
{
    enum Kind
    {
        Open,    // a new alert, pending (or firing at once when for_seconds is 0: firesNow)
        Fire,    // pending → firing
        Refresh, // still true: value, summary, objects and last_true_at updated
        Resolve, // firing → resolved
        Drop,    // pending that never fired → resolved without telling anyone
    };
    Kind kind;
    qint64 alertId = 0; // all but Open
    Finding finding;    // Open, Fire, Refresh
    bool firesNow = false;
    double threshold = 0;
};

// evaluated: the rules whose checks ran this cycle (an alert of a rule whose check failed stays as it is).
// params: each rule's effective parameters by id (effectiveParams).
std::vector<AlertChange> decideAlerts(const std::vector<OpenAlert> &open, const std::vector<Finding> &findings,
                                      const QSet<QString> &evaluated, const QHash<QString, Json> &params, qint64 nowMs);

} // namespace crosslogic
