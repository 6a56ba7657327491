// See alertroutes.h.
#include "alerts/alertroutes.h"

#include "alerts/alertengine.h"
#include "alerts/alertfeed.h"
#include "alerts/alertpayload.h"
#include "alerts/alertrules.h"
#include "alerts/alertsql.h"
#include "base/requestfields.h"
#include "base/webhookurl.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QUrl>

namespace crosslogic {
namespace {

// A positive alert id from the path, or a 404 answered.
std::optional<qint64> alertId(HttpExchange *ex)
{
    bool ok = false;
    const qint64 id = ex->request().param("id").toLongLong(&ok);
    if (!ok || id <= 0) {
        ex->respondError(404, QStringLiteral("no alert with id '%1'").arg(ex->request().param("id").left(40)), "not_found");
        return std::nullopt;
    }
    return id;
}

// Answers r with each alert under `path` decorated (title, runbook).
void respondAlerts(HttpExchange *ex, Result<Json> r, const char *list, const char *single = nullptr)
{
    if (!r) {
        respondFailure(ex, r.failure());
        return;
    }
    Json body = *r;
    if (list && body.contains(list))
        for (Json &a : body[list])
            decorateAlert(a);
    if (single && body.contains(single))
        decorateAlert(body[single]);
    ex->respondJson(200, body);
}

void listAlerts(const AlertRouteDeps &s, HttpExchange *ex)
{
    const HttpRequest &req = ex->request();
    QString state = req.queryValue(QStringLiteral("state")).toLower();
    if (state.isEmpty())
        state = QStringLiteral("open");
    static const QStringList states = {QStringLiteral("open"), QStringLiteral("pending"), QStringLiteral("firing"),
                                       QStringLiteral("resolved"), QStringLiteral("all")};
    if (!states.contains(state)) {
        ex->respondError(400, QStringLiteral("'state' must be open, pending, firing, resolved or all"), "invalid_value");
        return;
    }
    const QString severity = req.queryValue(QStringLiteral("severity")).toLower();
    if (!severity.isEmpty() && severity != QLatin1String("critical") && severity != QLatin1String("warning")
        && severity != QLatin1String("info")) {
        ex->respondError(400, QStringLiteral("'severity' must be critical, warning or info"), "invalid_value");
        return;
    }
    const QString rule = req.queryValue(QStringLiteral("rule")).left(100);
    const QString section = req.queryValue(QStringLiteral("section")).left(10);
    const QString sinceText = req.queryValue(QStringLiteral("since"));
    QString since;
    if (!sinceText.isEmpty()) {
        const QDateTime t = QDateTime::fromString(sinceText, Qt::ISODateWithMs);
        if (!t.isValid()) {
            ex->respondError(400, QStringLiteral("'since' must be an RFC 3339 timestamp such as 2030-01-01T00:00:00Z"), "invalid_value");
            return;
        }
        since = t.toUTC().toString(Qt::ISODateWithMs);
    }
    const int limit = req.queryLimit(100, 1000);
    s.db->run(ex, [=](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral(
            "SELECT json_build_object('data', coalesce(json_agg(x.j ORDER BY x.open DESC, x.sev DESC, x.since DESC), '[]'),"
            " 'firing', (SELECT json_build_object('critical', count(*) FILTER (WHERE severity = 'critical'),"
            "  'warning', count(*) FILTER (WHERE severity = 'warning'), 'info', count(*) FILTER (WHERE severity = 'info'))"
            "  FROM alerts WHERE state = 'firing'))"
            " FROM (SELECT %1 AS j, a.state <> 'resolved' AS open,"
            "  CASE a.severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END AS sev,"
            "  coalesce(a.resolved_at, a.firing_at, a.started_at) AS since FROM alerts a"
            "  WHERE (CASE ? WHEN 'open' THEN a.state <> 'resolved' WHEN 'all' THEN true ELSE a.state = ? END)"
            "  AND (coalesce(?, '') = '' OR a.severity = ?) AND (coalesce(?, '') = '' OR a.rule = ?)"
            "  AND (coalesce(?, '') = '' OR a.section = ?) AND (coalesce(?, '') = '' OR a.updated_at >= ?::timestamptz)"
            "  ORDER BY a.updated_at DESC, a.id DESC LIMIT ?) x").arg(QLatin1String(kAlertJsonSql)),
            {state, state, severity, severity, rule, rule, section, section, since, since, limit});
    }, [ex](Result<Json> r) { respondAlerts(ex, std::move(r), "data"); });
}

void showAlert(const AlertRouteDeps &s, HttpExchange *ex)
{
    const auto id = alertId(ex);
    if (!id)
        return;
    s.db->run(ex, [id](QSqlDatabase &db) -> Result<Json> {
        auto r = queryJson(db, QStringLiteral(
            "SELECT json_build_object('alert', %1,"
            " 'events', (SELECT coalesce(json_agg(json_build_object('id', e.id, 'transition', e.transition, 'at', e.created_at)"
            "  ORDER BY e.id), '[]') FROM alert_events e WHERE e.alert_id = a.id),"
            " 'notifications', (SELECT coalesce(json_agg(json_build_object('target', t.name, 'transition', e.transition,"
            "  'status', n.status, 'attempts', n.attempts, 'sent_at', n.sent_at, 'last_error', n.last_error) ORDER BY n.id), '[]')"
            "  FROM alert_notifications n JOIN alert_events e ON e.id = n.event_id JOIN alert_targets t ON t.id = n.target_id"
            "  WHERE e.alert_id = a.id))"
            " FROM alerts a WHERE a.id = ?").arg(QLatin1String(kAlertJsonSql)), {*id});
        if (r && r->is_null())
            return fail(404, "not_found", QStringLiteral("no alert with id %1").arg(*id));
        return r;
    }, [ex](Result<Json> r) { respondAlerts(ex, std::move(r), nullptr, "alert"); });
}

// acknowledge | silence | unsilence: one audited change of an open (or, for unsilence, any) alert and its event.
void changeAlert(const AlertRouteDeps &s, HttpExchange *ex, const AdminIdentity &who, const QString &what)
{
    const auto id = alertId(ex);
    if (!id)
        return;
    const auto body = jsonBody(ex);
    if (!body)
        return;
    QString set;
    QVariantList values;
    Json parameters = Json::object();
    for (auto it = body->begin(); it != body->end(); ++it) {
        const bool known = it.key() == "reason" || (what == QLatin1String("silence") && (it.key() == "minutes" || it.key() == "until"));
        if (!known) {
            ex->respondError(400, QStringLiteral("unknown field '%1'").arg(QString::fromStdString(it.key()).left(60)), "invalid_value");
            return;
        }
    }
    if (body->contains("reason")) {
        const Json &reason = (*body)["reason"];
        if (!reason.is_string() || reason.get<std::string>().empty() || reason.get<std::string>().size() > 500) {
            ex->respondError(400, QStringLiteral("'reason' must be text of 1 to 500 characters"), "invalid_value");
            return;
        }
        parameters["reason"] = reason;
    }
    if (what == QLatin1String("acknowledge")) {
        set = QStringLiteral("acknowledged_by = ?, acknowledged_at = now()");
        values << who.tokenName;
    } else if (what == QLatin1String("silence")) {
        const bool hasMinutes = body->contains("minutes"), hasUntil = body->contains("until");
        if (hasMinutes == hasUntil) {
            ex->respondError(400, QStringLiteral("give either 'minutes' (1 to 10080) or 'until' (an RFC 3339 time within 7 days)"),
                             "invalid_value");
            return;
        }
        QDateTime until;
        if (hasMinutes) {
            const Json &m = (*body)["minutes"];
            if (!m.is_number_integer() || m.get<qint64>() < 1 || m.get<qint64>() > 10080) {
                ex->respondError(400, QStringLiteral("'minutes' must be a whole number from 1 to 10080"), "invalid_value");
                return;
            }
            until = QDateTime::currentDateTimeUtc().addSecs(m.get<qint64>() * 60);
        } else {
            until = (*body)["until"].is_string() ? QDateTime::fromString(QString::fromStdString((*body)["until"].get<std::string>()), Qt::ISODateWithMs)
                                                 : QDateTime();
            const QDateTime now = QDateTime::currentDateTimeUtc();
            if (!until.isValid() || until <= now || until > now.addDays(7)) {
                ex->respondError(400, QStringLiteral("'until' must be an RFC 3339 time in the next 7 days"), "invalid_value");
                return;
            }
        }
        set = QStringLiteral("silenced_until = ?::timestamptz, silenced_by = ?");
        values << until.toUTC().toString(Qt::ISODateWithMs) << who.tokenName;
        parameters["until"] = until.toUTC().toString(Qt::ISODateWithMs).toStdString();
    } else {
        set = QStringLiteral("silenced_until = NULL, silenced_by = NULL");
    }
    const bool openOnly = what == QLatin1String("acknowledge");
    const QString transition = what == QLatin1String("acknowledge") ? QStringLiteral("acknowledged")
                               : what == QLatin1String("silence")   ? QStringLiteral("silenced")
                                                                    : QStringLiteral("unsilenced");
    values << *id;
    runAdminAction(s, ex, AdminAction{QStringLiteral("alert.") + what, QString::number(*id), parameters, who},
                   [=](QSqlDatabase &db) -> Result<Json> {
        auto before = queryJson(db, QStringLiteral("SELECT to_json(state) FROM alerts WHERE id = ? FOR UPDATE"), {*id});
        if (!before)
            return before;
        if (before->is_null())
            return fail(404, "not_found", QStringLiteral("no alert with id %1").arg(*id));
        if (openOnly && *before == "resolved")
            return fail(409, "alert_resolved", QStringLiteral("alert %1 is already resolved").arg(*id));
        auto updated = queryJson(db, QStringLiteral("UPDATE alerts SET %1, updated_at = now() WHERE id = ? RETURNING to_json(id)").arg(set), values);
        if (!updated)
            return updated;
        if (auto e = recordAlertEvent(db, *id, transition); !e)
            return e.failure();
        auto after = queryJson(db, QStringLiteral("SELECT %1 FROM alerts a WHERE a.id = ?").arg(QLatin1String(kAlertJsonSql)), {*id});
        if (!after)
            return after;
        Json alert = *after;
        decorateAlert(alert);
        Json answer{{"alert", alert}};
        if (what == QLatin1String("silence"))
            answer["undo"] = undoCall("POST", QStringLiteral("/admin/alerts/%1/unsilence").arg(*id));
        return answer;
    });
}

Json ruleJson(const AlertRule &rule, const Json &setting)
{
    Json params = Json::object();
    for (const AlertParam &p : rule.params)
        params.push_back({p.name, {{"default", p.value}, {"min", p.min}, {"max", p.max}, {"description", p.description}}});
    const Json overrides = setting.is_object() ? setting.value("params", Json::object()) : Json::object();
    return Json{{"id", rule.id},
                {"section", rule.section},
                {"runbook", runbookSectionTitle(QString::fromLatin1(rule.section)).toStdString()},
                {"severity", rule.severity},
                {"title", rule.title},
                {"condition", rule.condition},
                {"remediation", rule.remediation},
                {"direction", rule.direction == AlertDirection::Above ? "above" : rule.direction == AlertDirection::Below ? "below" : "flag"},
                {"parameters", params},
                {"defaults", effectiveParams(rule, Json::object())},
                {"overrides", overrides},
                {"effective", effectiveParams(rule, overrides)},
                {"updated_by", setting.is_object() ? setting.value("updated_by", Json()) : Json()},
                {"updated_at", setting.is_object() ? setting.value("updated_at", Json()) : Json()}};
}

void listRules(const AlertRouteDeps &s, HttpExchange *ex)
{
    s.db->run(ex, [](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral("SELECT coalesce(json_object_agg(rule, json_build_object('params', params,"
                                            " 'updated_by', updated_by, 'updated_at', updated_at)), '{}') FROM alert_rule_settings"));
    }, [ex](Result<Json> r) {
        if (!r) {
            respondFailure(ex, r.failure());
            return;
        }
        Json data = Json::array();
        for (const AlertRule &rule : alertRules())
            data.push_back(ruleJson(rule, r->value(rule.id, Json())));
        ex->respondJson(200, Json{{"data", data}, {"hysteresis", kHysteresis}, {"remediation_window_seconds", kRemediationWindowSeconds}});
    });
}

void patchRule(const AlertRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    const QString id = ex->request().param("rule");
    const AlertRule *rule = findAlertRule(id);
    if (!rule) {
        ex->respondError(404, QStringLiteral("no alert rule '%1' (GET /admin/alerts/rules lists them)").arg(id.left(60)), "not_found");
        return;
    }
    const auto body = jsonBody(ex);
    if (!body)
        return;
    if (auto checked = validateParams(*rule, Json::object(), *body); !checked) {
        ex->respondError(checked.failure());
        return;
    }
    const Json patch = *body;
    runAdminAction(s, ex, AdminAction{QStringLiteral("alert_rule.update"), id, patch, who}, [=](QSqlDatabase &db) -> Result<Json> {
        auto current = queryJson(db, QStringLiteral("SELECT params FROM alert_rule_settings WHERE rule = ? FOR UPDATE"), {id});
        if (!current)
            return current;
        auto merged = validateParams(*rule, current->is_null() ? Json::object() : *current, patch);
        if (!merged)
            return merged;
        auto saved = queryJson(db, QStringLiteral(
            "INSERT INTO alert_rule_settings (rule, params, updated_by, updated_at) VALUES (?, ?::jsonb, ?, now())"
            " ON CONFLICT (rule) DO UPDATE SET params = excluded.params, updated_by = excluded.updated_by, updated_at = now()"
            " RETURNING json_build_object('params', params, 'updated_by', updated_by, 'updated_at', updated_at)"),
            {id, QString::fromStdString(merged->dump()), who.tokenName});
        if (!saved)
            return saved;
        return Json{{"rule", ruleJson(*rule, *saved)}, {"before", current->is_null() ? Json::object() : *current}};
    });
}

const char *const kTargetJsonSql =
    "json_build_object('id', t.id, 'name', t.name, 'kind', t.kind, 'url', t.url, 'has_routing_key', t.routing_key IS NOT NULL,"
    " 'min_severity', t.min_severity, 'sections', t.sections, 'enabled', t.enabled, 'created_by', t.created_by,"
    " 'created_at', t.created_at,"
    " 'sent', (SELECT count(*) FROM alert_notifications n WHERE n.target_id = t.id AND n.status = 'sent'),"
    " 'failing', (SELECT count(*) FROM alert_notifications n WHERE n.target_id = t.id AND n.status <> 'sent' AND n.attempts > 0),"
    " 'last_error', (SELECT n.last_error FROM alert_notifications n WHERE n.target_id = t.id AND n.last_error IS NOT NULL"
    "  ORDER BY n.id DESC LIMIT 1))";

void maskTarget(Json &t)
{
    if (t.contains("url") && t["url"].is_string())
        t["url"] = maskWebhookUrl(QString::fromStdString(t["url"].get<std::string>())).toStdString();
}

void listTargets(const AlertRouteDeps &s, HttpExchange *ex)
{
    s.db->run(ex, [](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral("SELECT json_build_object('data', coalesce(json_agg(%1 ORDER BY t.name), '[]'))"
                                            " FROM alert_targets t").arg(QLatin1String(kTargetJsonSql)));
    }, [ex](Result<Json> r) {
        if (!r) {
            respondFailure(ex, r.failure());
            return;
        }
        Json body = *r;
        for (Json &t : body["data"])
            maskTarget(t);
        ex->respondJson(200, body);
    });
}

void createTarget(const AlertRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    const auto body = jsonBody(ex);
    if (!body)
        return;
    QStringList errors;
    auto text = [&](const char *name, bool required, int max) -> QVariant {
        const auto it = body->find(name);
        if (it == body->end() || it->is_null()) {
            if (required)
                errors << QStringLiteral("'%1' is required").arg(QLatin1String(name));
            return QVariant(QMetaType::fromType<QString>());
        }
        if (!it->is_string() || it->get<std::string>().empty() || int(it->get<std::string>().size()) > max) {
            errors << QStringLiteral("'%1' must be text of 1 to %2 characters").arg(QLatin1String(name)).arg(max);
            return QVariant(QMetaType::fromType<QString>());
        }
        return QString::fromStdString(it->get<std::string>());
    };
    for (auto it = body->begin(); it != body->end(); ++it)
        if (!QStringList{QStringLiteral("name"), QStringLiteral("kind"), QStringLiteral("url"), QStringLiteral("routing_key"),
                         QStringLiteral("min_severity"), QStringLiteral("sections"), QStringLiteral("enabled")}
                 .contains(QString::fromStdString(it.key())))
            errors << QStringLiteral("unknown field '%1'").arg(QString::fromStdString(it.key()).left(60));
    const QVariant name = text("name", true, 100), kind = text("kind", true, 20);
    if (!name.isNull()) {
        const QString problem = nameCharacterProblem(name.toString());
        if (!problem.isEmpty())
            errors << QStringLiteral("'name': ") + problem;
    }
    QVariant url = text("url", kind.toString() != QLatin1String("pagerduty"), 2000);
    const QVariant routingKey = text("routing_key", kind.toString() == QLatin1String("pagerduty"), 200);
    QVariant minSeverity = text("min_severity", false, 20);
    if (minSeverity.isNull())
        minSeverity = QStringLiteral("warning");
    if (!kind.isNull() && !QStringList{QStringLiteral("webhook"), QStringLiteral("slack"), QStringLiteral("pagerduty")}.contains(kind.toString()))
        errors << QStringLiteral("'kind' must be webhook, slack or pagerduty");
    if (!QStringList{QStringLiteral("critical"), QStringLiteral("warning"), QStringLiteral("info")}.contains(minSeverity.toString()))
        errors << QStringLiteral("'min_severity' must be critical, warning or info");
    if (url.isNull() && kind.toString() == QLatin1String("pagerduty"))
        url = QString::fromLatin1(kPagerDutyEventsUrl);
    if (!url.isNull()) {
        const QUrl u(url.toString(), QUrl::StrictMode);
        if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) || u.host().isEmpty())
            errors << QStringLiteral("'url' must be an http or https URL");
    }
    QVariant sections(QMetaType::fromType<QString>());
    if (body->contains("sections") && !(*body)["sections"].is_null()) {
        const Json &list = (*body)["sections"];
        QStringList parts;
        static const QRegularExpression sectionPattern(QStringLiteral("^[0-9]{1,2}\\.[0-9]{1,2}$"));
        if (!list.is_array() || list.empty())
            errors << QStringLiteral("'sections' must be a non-empty array of runbook sections such as \"3.1\"");
        else
            for (const Json &sct : list) {
                if (!sct.is_string() || !sectionPattern.match(QString::fromStdString(sct.get<std::string>())).hasMatch())
                    errors << QStringLiteral("'sections' must hold runbook sections such as \"3.1\"");
                else
                    parts << QString::fromStdString(sct.get<std::string>());
            }
        sections = QString(QStringLiteral("{") + parts.join(QLatin1Char(',')) + QLatin1Char('}'));
    }
    bool enabled = true;
    if (body->contains("enabled")) {
        if (!(*body)["enabled"].is_boolean())
            errors << QStringLiteral("'enabled' must be true or false");
        else
            enabled = (*body)["enabled"].get<bool>();
    }
    if (!errors.isEmpty()) {
        ex->respondError(400, errors.join(QStringLiteral("; ")), "invalid_value");
        return;
    }
    // The audit row never holds the secret parts.
    Json parameters = *body;
    if (parameters.contains("url") && parameters["url"].is_string())
        parameters["url"] = maskWebhookUrl(url.toString()).toStdString();
    if (parameters.contains("routing_key"))
        parameters["routing_key"] = "****";
    runAdminAction(s, ex, AdminAction{QStringLiteral("alert_target.create"), name.toString(), parameters, who},
                   [=](QSqlDatabase &db) -> Result<Json> {
        auto exists = queryJson(db, QStringLiteral("SELECT to_json(count(*)) FROM alert_targets WHERE name = ?"), {name});
        if (!exists)
            return exists;
        if (exists->get<int>() > 0)
            return fail(409, "already_exists", QStringLiteral("a notification target named '%1' exists").arg(name.toString()));
        auto created = queryJson(db, QStringLiteral(
            "WITH t AS (INSERT INTO alert_targets (name, kind, url, routing_key, min_severity, sections, enabled, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?::text[], ?, ?) RETURNING *) SELECT %1 FROM t").arg(QLatin1String(kTargetJsonSql)),
            {name, kind, url, routingKey, minSeverity, sections, enabled, who.tokenName});
        if (!created)
            return created;
        Json target = *created;
        maskTarget(target);
        return Json{{"target", target}};
    }, 201);
}

void deleteTarget(const AlertRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    const QString id = ex->request().param("id");
    if (!uuidOr404(ex, id, QStringLiteral("notification target")))
        return;
    runAdminAction(s, ex, AdminAction{QStringLiteral("alert_target.delete"), id, Json::object(), who}, [id](QSqlDatabase &db) -> Result<Json> {
        auto deleted = queryJson(db, QStringLiteral("WITH t AS (DELETE FROM alert_targets WHERE id = ?::uuid RETURNING id, name)"
                                                    " SELECT json_build_object('id', id, 'name', name) FROM t"), {id});
        if (deleted && deleted->is_null())
            return fail(404, "not_found", QStringLiteral("no notification target with id %1").arg(id));
        return deleted;
    });
}

void listReplicas(const AlertRouteDeps &s, HttpExchange *ex)
{
    const QString self = s.engine ? s.engine->identity().replicaId : QString();
    respondQuery(s.db, ex, QStringLiteral(
        "SELECT json_build_object('self', ?::text, 'evaluator', (SELECT holder FROM alert_lease WHERE expires_at > now()),"
        // Every singleton job's lease: the alert evaluation's and job_leases' (base/joblease.h); 'holder' is null once
        // the lease expired (nobody runs the job until a replica takes it over), 'last_holder' says who held it.
        " 'jobs', (SELECT coalesce(json_agg(json_build_object('job', j.job, 'holder', CASE WHEN j.expires_at > now() THEN j.holder END,"
        "  'last_holder', j.holder, 'acquired_at', j.acquired_at, 'renewed_at', j.renewed_at, 'expires_at', j.expires_at,"
        "  'seconds_left', greatest(0, round(extract(epoch FROM j.expires_at - now())::numeric, 1))) ORDER BY j.job), '[]')"
        "  FROM (SELECT 'alert_evaluation' AS job, holder, NULL::timestamptz AS acquired_at, NULL::timestamptz AS renewed_at, expires_at"
        "   FROM alert_lease UNION ALL SELECT job, holder, acquired_at, renewed_at, expires_at FROM job_leases) j),"
        " 'data', coalesce(json_agg(json_build_object('id', r.id, 'version', r.version, 'schema_version', r.schema_version,"
        "  'started_at', r.started_at, 'last_seen_at', r.last_seen_at, 'alive', r.last_seen_at > now() - interval '30 seconds',"
        "  'signals', r.signals) ORDER BY r.last_seen_at DESC), '[]'))"
        " FROM replicas r WHERE r.last_seen_at > now() - interval '1 day'"), {self});
}

// GET /admin/metrics/history?range=15m|1h|6h|24h|7d: the samples the evaluating replica keeps every 10 s
// (metrics_history), thinned to at most about 720 points; a bucket nobody sampled (no replica evaluating) is absent,
// so a chart draws a gap there.
void metricsHistory(const AlertRouteDeps &s, HttpExchange *ex)
{
    static const QList<QPair<QString, int>> ranges = {{QStringLiteral("15m"), 900},     {QStringLiteral("1h"), 3600},
                                                      {QStringLiteral("6h"), 21600},    {QStringLiteral("24h"), 86400},
                                                      {QStringLiteral("7d"), 604800}};
    const QString asked = ex->request().queryValue(QStringLiteral("range"));
    int range = asked.isEmpty() ? 3600 : 0;
    for (const auto &r : ranges)
        if (r.first == asked)
            range = r.second;
    if (range == 0) {
        ex->respondError(400, QStringLiteral("'range' must be 15m, 1h, 6h, 24h or 7d"), "invalid_value");
        return;
    }
    const int step = std::max(10, (range / 720 + 9) / 10 * 10);
    respondQuery(s.db, ex, QStringLiteral(
        "SELECT json_build_object('range_seconds', ?::int, 'step_seconds', ?::int, 'bucket_seconds', 10,"
        " 'from', now() - make_interval(secs => ?::int), 'to', now(),"
        " 'points', coalesce(json_agg(jsonb_build_object('ts', ts) || sample ORDER BY ts), '[]'))"
        " FROM metrics_history WHERE ts > now() - make_interval(secs => ?::int)"
        " AND (extract(epoch FROM ts)::bigint % ?::int) = 0"), {range, step, range, range, step});
}

} // namespace

void registerAlertRoutes(Router &router, const AlertRouteDeps &s)
{
    router.add("GET", "/admin/alerts", adminRoute(s, "alerts", [s](HttpExchange *ex, const AdminIdentity &) { listAlerts(s, ex); }));
    router.add("GET", "/admin/alerts/stream", adminRoute(s, "alerts", [s](HttpExchange *ex, const AdminIdentity &) {
        bool ok = false;
        const qint64 last = ex->request().header("last-event-id").trimmed().toLongLong(&ok);
        s.feed->subscribe(ex, ok && last >= 0 ? last : -1);
    }));
    router.add("GET", "/admin/alerts/rules", adminRoute(s, "alerts", [s](HttpExchange *ex, const AdminIdentity &) { listRules(s, ex); }));
    router.add("PATCH", "/admin/alerts/rules/{rule}",
               adminRoute(s, "alert_config", [s](HttpExchange *ex, const AdminIdentity &who) { patchRule(s, ex, who); }));
    router.add("GET", "/admin/alerts/targets",
               adminRoute(s, "alert_config", [s](HttpExchange *ex, const AdminIdentity &) { listTargets(s, ex); }));
    router.add("POST", "/admin/alerts/targets",
               adminRoute(s, "alert_config", [s](HttpExchange *ex, const AdminIdentity &who) { createTarget(s, ex, who); }));
    router.add("DELETE", "/admin/alerts/targets/{id}",
               adminRoute(s, "alert_config", [s](HttpExchange *ex, const AdminIdentity &who) { deleteTarget(s, ex, who); }));
    router.add("GET", "/admin/alerts/{id}", adminRoute(s, "alerts", [s](HttpExchange *ex, const AdminIdentity &) { showAlert(s, ex); }));
    for (const char *what : {"acknowledge", "silence", "unsilence"})
        router.add("POST", QByteArray("/admin/alerts/{id}/") + what,
                   adminRoute(s, "alerts", [s, what](HttpExchange *ex, const AdminIdentity &who) {
                       changeAlert(s, ex, who, QString::fromLatin1(what));
                   }));
    router.add("GET", "/admin/replicas", adminRoute(s, "alerts", [s](HttpExchange *ex, const AdminIdentity &) { listReplicas(s, ex); }));
    router.add("GET", "/admin/metrics/history",
               adminRoute(s, "alerts", [s](HttpExchange *ex, const AdminIdentity &) { metricsHistory(s, ex); }));
}

} // namespace crosslogic
