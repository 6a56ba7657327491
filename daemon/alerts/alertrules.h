// The alert rules: one per runbook symptom, each with its section, severity, defaults and the text docs/alerts.md is
// generated from (`crosslogicd alert-rules --markdown`). Thresholds and durations are parameters an operator changes
// at run time (PATCH /admin/alerts/rules/{rule}); the values here are the defaults.
#pragma once

#include "core/result.h"

#include <QList>
#include <QString>
#include <nlohmann/json.hpp>

namespace crosslogic {

using Json = nlohmann::json;

struct AlertParam
{
    const char *name;
    double value; // default
    double min;
    double max;
    const char *description;
};

// How a finding's value compares with the rule's "threshold": above it (counts, shares, latencies), below it (health
// scores, days left) or not at all (the finding is the condition).
enum class AlertDirection
{
    Above,
    Below,
    Flag,
};

struct AlertRule
{
    const char *id;
    const char *section;      // runbook section, e.g. "3.1"
    const char *severity;     // critical | warning | info
    const char *title;        // what it detects, one line
    const char *condition;    // when it fires, for the docs ({threshold} etc. name parameters)
    const char *remediation;  // what the operator does, for the docs
    AlertDirection direction;
    double forSeconds;        // true this long before firing
    double clearSeconds;      // false this long before resolving
    QList<AlertParam> params; // rule-specific, e.g. threshold, window_seconds
};

const QList<AlertRule> &alertRules();
const AlertRule *findAlertRule(const QString &id);
// The runbook section's heading, e.g. "3.1 No Healthy Nodes Available (503)".
QString runbookSectionTitle(const QString &section);

// A value crossing the threshold opens an alert; a firing one resolves only once it is back past threshold ×
// kHysteresis (above) or threshold / kHysteresis (below), so a value wobbling at the threshold does not flap.
inline constexpr double kHysteresis = 0.8;
// How long after an operator's remediation an alert must resolve to count as fixed by it.
inline constexpr double kRemediationWindowSeconds = 600;

// The effective parameters of a rule: its defaults (for_seconds, clear_seconds, enabled, then its own) overlaid with
// overrides (from alert_rule_settings). Keys not in the rule are ignored.
Json effectiveParams(const AlertRule &rule, const Json &overrides);
// Checks a PATCH body against the rule: known names, numbers in range, "objectives" only where the rule has it.
// Returns the normalised overrides to store (merged over current).
Result<Json> validateParams(const AlertRule &rule, const Json &current, const Json &patch);
// Markdown table of every rule (docs/alerts.md).
QByteArray alertRulesMarkdown();

} // namespace crosslogic
