// What the engine, the routes and the notifier share about stored alerts: the JSON an alert is shown as, recording a
// transition (with its notifications), and how a target's secrets are masked.
#pragma once

#include "core/result.h"

#include <QSqlDatabase>
#include <QString>
#include <nlohmann/json.hpp>

namespace crosslogic {

using Json = nlohmann::json;

// SQL expression of one alert row (alias a) as JSON.
extern const char *const kAlertJsonSql;

// Adds what the rule table knows: "title" and "runbook" {section, title, anchor}.
void decorateAlert(Json &alert);

// Inserts an alert_events row for the alert's current state (transition: firing, resolved, acknowledged,
// silenced, unsilenced, remediated, still_firing) and, for firing and resolved, one pending notification per
// target that wants it: severity at least the target's, section among its sections, not silenced (firing), and
// only where the firing was notified (resolved). Returns the event id.
Result<qint64> recordAlertEvent(QSqlDatabase &db, qint64 alertId, const QString &transition);

} // namespace crosslogic
