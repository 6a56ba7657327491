// The daemon's texts in the console's language. The daemon answers in English and with codes and parameters
// beside each text (an alert's rule, objects, value and threshold; a consequence's code; a health check's name
// and values); this catalogue turns the codes into the translated sentence and falls back to the daemon's own
// English text for anything it does not know.
#pragma once

#include <QJsonObject>
#include <QString>

namespace crosslogic::console {

namespace DaemonText {

// True when the console runs in a language other than the daemon's English (a translation is loaded).
bool translating();
// The rule's title ("A node's heartbeat is late"), translated; fallback when the rule is unknown.
QString ruleTitle(const QString &rule, const QString &fallback = {});
// One line saying what an alert is about: the daemon's summary in English; otherwise the translated rule title
// with the objects' names and the measured value against the threshold.
QString alertSummary(const QJsonObject &alert, const QString &objects);
// A dry-run consequence ({"code","message",…}) as a sentence.
QString consequence(const QJsonObject &consequence);
// The detail line of one check of GET /admin/health-check ("4 active node(s)").
QString healthDetail(const QString &name, const QJsonObject &check);
// A step title of the outage checklist (runbook §8.1).
QString checklistStep(const QString &title);
// A status word of the daemon (active, draining, suspended, revoked, ok, warn, fail, …).
QString status(const QString &status);

} // namespace DaemonText

} // namespace crosslogic::console
