// See alertsql.h.
#include "alerts/alertsql.h"

#include "alerts/alertrules.h"
#include "store/sqljson.h"


namespace crosslogic {

const char *const kAlertJsonSql =
    "json_build_object('id', a.id, 'rule', a.rule, 'fingerprint', a.fingerprint, 'severity', a.severity,"
    " 'state', a.state, 'section', a.section, 'summary', a.summary, 'objects', a.objects, 'value', a.value,"
    " 'threshold', a.threshold, 'remediations', a.remediations, 'started_at', a.started_at, 'firing_at', a.firing_at,"
    " 'resolved_at', a.resolved_at, 'since', coalesce(a.resolved_at, a.firing_at, a.started_at),"
    " 'last_true_at', a.last_true_at, 'updated_at', a.updated_at, 'acknowledged_by', a.acknowledged_by,"
    " 'acknowledged_at', a.acknowledged_at, 'silenced_until', a.silenced_until, 'silenced_by', a.silenced_by,"
    " 'silenced', coalesce(a.silenced_until > now(), false), 'remediated_by_audit', a.remediated_by_audit,"
    " 'remediated_at', a.remediated_at, 'remediation_outcome', a.remediation_outcome)";

void decorateAlert(Json &alert)
{
    if (!alert.is_object() || !alert.contains("rule") || !alert["rule"].is_string())
        return;
    const AlertRule *rule = findAlertRule(QString::fromStdString(alert["rule"].get<std::string>()));
    if (!rule)
        return;
    const QString title = runbookSectionTitle(QString::fromLatin1(rule->section));
    // GitHub-style anchor of the runbook heading "### 3.1 No Healthy Nodes Available (503)".
    QString anchor;
    for (const QChar c : title.toLower()) {
        if (c.isLetterOrNumber())
            anchor += c;
        else if (c == QLatin1Char(' ') || c == QLatin1Char('-'))
            anchor += QLatin1Char('-');
    }
    alert["title"] = rule->title;
    alert["runbook"] = Json{{"section", rule->section}, {"title", title.toStdString()}, {"anchor", anchor.toStdString()}};
}

Result<qint64> recordAlertEvent(QSqlDatabase &db, qint64 alertId, const QString &transition)
{
    auto r = queryJson(db, QStringLiteral(
        "WITH e AS (INSERT INTO alert_events (alert_id, transition, alert)"
        "  SELECT a.id, ?, %1 FROM alerts a WHERE a.id = ? RETURNING id, alert_id, transition),"
        " n AS (INSERT INTO alert_notifications (event_id, target_id)"
        "  SELECT e.id, t.id FROM e JOIN alerts a ON a.id = e.alert_id CROSS JOIN alert_targets t"
        "  WHERE t.enabled AND e.transition IN ('firing', 'resolved')"
        "   AND (CASE a.severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END)"
        "       >= (CASE t.min_severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END)"
        "   AND (t.sections IS NULL OR a.section = ANY (t.sections))"
        "   AND (e.transition <> 'firing' OR a.silenced_until IS NULL OR a.silenced_until <= now())"
        "   AND (e.transition <> 'resolved' OR EXISTS (SELECT 1 FROM alert_notifications n2"
        "        JOIN alert_events e2 ON e2.id = n2.event_id"
        "        WHERE e2.alert_id = a.id AND e2.transition = 'firing' AND n2.target_id = t.id))"
        "  RETURNING 1)"
        " SELECT to_json((SELECT id FROM e))").arg(QLatin1String(kAlertJsonSql)),
        {transition, alertId});
    if (!r)
        return r.failure();
    if (!r->is_number())
        return fail(404, "not_found", QStringLiteral("no alert with id %1").arg(alertId));
    return r->get<qint64>();
}

} // namespace crosslogic
