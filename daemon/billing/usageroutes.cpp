// Usage reads: GET /v1/usage for a customer key's tenant, GET /admin/usage, and the audited POST
// /admin/usage/backfill.
#include "base/adminaction.h"
#include "base/requestfields.h"
#include "billing/billing.h"
#include "base/keycache.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

#include <QDateTime>
#include <QPointer>
#include <optional>

namespace crosslogic {
namespace {

// A query-string time: an RFC 3339 timestamp, or a date (its start; with endOfDay, the start of the next
// day). nullopt when absent; sets *bad when present but unreadable.
std::optional<QDateTime> timeParam(const HttpExchange *ex, const char *name, bool endOfDay, QString *bad)
{
    const QString text = ex->request().queryValue(QString::fromLatin1(name)).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (text.size() == 10) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (d.isValid())
            return QDateTime(endOfDay ? d.addDays(1) : d, QTime(0, 0), Qt::UTC);
    }
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (t.isValid() && text.size() > 10)
        return t.toUTC();
    *bad = QStringLiteral("'%1' must be a date (2030-01-31) or an RFC 3339 timestamp (2030-01-31T00:00:00Z)")
               .arg(QLatin1String(name));
    return std::nullopt;
}

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

// GET /v1/usage?start=&end= — the key's tenant, by UTC day and model.
void customerUsage(const BillingRouteDeps &s, HttpExchange *ex)
{
    QPointer<HttpExchange> guard(ex);
    s.keys->authenticate(
        ex->request().header("authorization"), ex->request().peer, ex, [s, guard](const AuthOutcome &auth) {
            if (!guard)
                return;
            if (!auth.ok()) {
                guard->respondError(auth.error());
                return;
            }
            QString bad;
            const auto end = timeParam(guard, "end", true, &bad).value_or(QDateTime::currentDateTimeUtc());
            const auto start = timeParam(guard, "start", false, &bad).value_or(end.addDays(-30));
            if (bad.isEmpty() && start >= end)
                bad = QStringLiteral("'start' must be before 'end'");
            if (bad.isEmpty() && start.daysTo(end) > 366)
                bad = QStringLiteral("at most 366 days per request");
            if (!bad.isEmpty()) {
                guard->respondError(400, bad, "invalid_value");
                return;
            }
            const QString tenant = auth.key.tenantId;
            s.db->run(
                guard,
                [tenant, from = iso(start), to = iso(end)](QSqlDatabase &db) {
                    return queryJson(
                        db,
                        QStringLiteral(
                            "WITH d AS (SELECT to_char(date_trunc('day', u.timestamp AT TIME ZONE 'UTC'), "
                            "'YYYY-MM-DD') AS day, u.model_name,"
                            "  count(*) AS requests, sum(u.prompt_tokens) AS prompt_tokens, "
                            "sum(u.completion_tokens) AS completion_tokens,"
                            "  sum(u.total_tokens) AS total_tokens, sum(u.cost_micros) AS cost_micros"
                            "  FROM usage_records u WHERE u.tenant_id = ?::uuid AND u.timestamp >= "
                            "?::timestamptz AND u.timestamp < ?::timestamptz"
                            "  GROUP BY 1, 2)"
                            " SELECT json_build_object('object', 'usage', 'tenant_id', ?::uuid, 'start', "
                            "?::timestamptz, 'end', ?::timestamptz,"
                            "  'data', coalesce((SELECT json_agg(json_build_object('date', day, 'model', "
                            "model_name, 'requests', requests,"
                            "    'prompt_tokens', prompt_tokens, 'completion_tokens', completion_tokens, "
                            "'total_tokens', total_tokens,"
                            "    'cost_micros', cost_micros) ORDER BY day, model_name) FROM d), '[]'),"
                            "  'totals', (SELECT json_build_object('requests', coalesce(sum(requests), 0), "
                            "'prompt_tokens', coalesce(sum(prompt_tokens), 0),"
                            "    'completion_tokens', coalesce(sum(completion_tokens), 0), 'total_tokens', "
                            "coalesce(sum(total_tokens), 0),"
                            "    'cost_micros', coalesce(sum(cost_micros), 0)) FROM d))"),
                        {tenant, from, to, tenant, from, to});
                },
                [guard](Result<Json> r) {
                    if (guard)
                        respondResult(guard, r);
                });
        });
}

// GET /admin/usage?tenant_id=&model=&since=&until=&limit= — usage rows, newest first.
void adminUsage(const BillingRouteDeps &s, HttpExchange *ex)
{
    QString bad;
    const auto since = timeParam(ex, "since", false, &bad);
    const auto until = timeParam(ex, "until", true, &bad);
    const QString tenant = ex->request().queryValue(QStringLiteral("tenant_id"));
    if (!tenant.isEmpty() && !isUuid(tenant))
        bad = QStringLiteral("'tenant_id' must be a UUID");
    if (!bad.isEmpty()) {
        ex->respondError(400, bad, "invalid_value");
        return;
    }
    const QString model = ex->request().queryValue(QStringLiteral("model"));
    const int limit = ex->request().queryLimit(100, 1000);
    const QVariant nullText(QMetaType::fromType<QString>());
    const QVariant t = tenant.isEmpty() ? nullText : QVariant(tenant);
    const QVariant m = model.isEmpty() ? nullText : QVariant(model);
    const QVariant from = since ? QVariant(iso(*since)) : nullText;
    const QVariant to = until ? QVariant(iso(*until)) : nullText;
    respondQuery(s.db, ex,
                 QStringLiteral(
                     "WITH f AS (SELECT * FROM usage_records u WHERE (?::uuid IS NULL OR u.tenant_id = "
                     "?::uuid) AND (?::text IS NULL OR u.model_name = ?)"
                     "  AND (?::timestamptz IS NULL OR u.timestamp >= ?::timestamptz) AND (?::timestamptz IS "
                     "NULL OR u.timestamp < ?::timestamptz))"
                     " SELECT json_build_object('data', coalesce((SELECT "
                     "json_agg(json_build_object('request_id', x.request_id, 'tenant_id', x.tenant_id,"
                     "   'tenant_name', (SELECT t.name FROM tenants t WHERE t.id = x.tenant_id),"
                     "   'api_key_name', (SELECT k.name FROM api_keys k WHERE k.id = x.api_key_id),"
                     "   'api_key_prefix', (SELECT k.key_prefix FROM api_keys k WHERE k.id = x.api_key_id),"
                     "   'environment_id', x.environment_id, 'api_key_id', x.api_key_id, 'model', "
                     "x.model_name, 'node_id', x.node_id,"
                     "   'prompt_tokens', x.prompt_tokens, 'completion_tokens', x.completion_tokens, "
                     "'total_tokens', x.total_tokens,"
                     "   'cost_micros', x.cost_micros, 'latency_ms', x.latency_ms, 'ttft_ms', x.ttft_ms, "
                     "'status', x.status, 'billed', x.billed,"
                     "   'timestamp', x.timestamp) ORDER BY x.timestamp DESC, x.id DESC)"
                     "   FROM (SELECT * FROM f ORDER BY timestamp DESC, id DESC LIMIT ?) x), '[]'),"
                     "  'totals', (SELECT json_build_object('requests', count(*), 'prompt_tokens', "
                     "coalesce(sum(prompt_tokens), 0),"
                     "   'completion_tokens', coalesce(sum(completion_tokens), 0), 'total_tokens', "
                     "coalesce(sum(total_tokens), 0),"
                     "   'cost_micros', coalesce(sum(cost_micros), 0)) FROM f))"),
                 {t, t, m, m, from, from, to, to, limit});
}

// POST /admin/usage/backfill {"since","until"} — usage_records rebuilt from request_logs (runbook 6.1),
// idempotently.
void backfill(const BillingRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    auto body = jsonBody(ex);
    if (!body)
        return;
    RequestFields f(*body);
    f.allowOnly({"since", "until"});
    const QVariant since = f.timestamp("since"), until = f.timestamp("until");
    if (f.ok() && (since.isNull() || until.isNull()))
        ex->respondError(400, QStringLiteral("'since' and 'until' are required"),
                         "invalid_value");
    else if (!f.ok())
        ex->respondError(400, f.errors(), "invalid_value");
    else if (QDateTime::fromString(since.toString(), Qt::ISODateWithMs) >=
             QDateTime::fromString(until.toString(), Qt::ISODateWithMs))
        ex->respondError(400, QStringLiteral("'since' must be before 'until'"),
                         "invalid_value");
    else
        runAdminAction(
            s, ex,
            AdminAction{QStringLiteral("usage.backfill"),
                        since.toString() + QStringLiteral("..") + until.toString(), *body, who},
            [since, until](QSqlDatabase &db) -> Result<Json> {
                QSqlQuery q(db);
                auto r = runSql(
                    q,
                    QStringLiteral("INSERT INTO usage_records (request_id, tenant_id, environment_id, "
                                   "api_key_id, model_name, node_id, prompt_tokens,"
                                   " completion_tokens, total_tokens, cost_micros, latency_ms, ttft_ms, "
                                   "status, timestamp)"
                                   " SELECT l.request_id, l.tenant_id, l.environment_id, l.api_key_id, "
                                   "coalesce(l.model_name, ''), l.node_id, l.prompt_tokens,"
                                   "  l.completion_tokens, l.prompt_tokens + l.completion_tokens,"
                                   "  coalesce((l.prompt_tokens::bigint * m.input_price_micros_per_mtok + "
                                   "l.completion_tokens::bigint * m.output_price_micros_per_mtok)"
                                   "   / 1000000, 0), l.latency_ms, l.ttft_ms, l.status, l.created_at"
                                   " FROM request_logs l LEFT JOIN models m ON m.name = l.model_name"
                                   " WHERE l.created_at >= ?::timestamptz AND l.created_at < ?::timestamptz "
                                   "AND l.tenant_id IS NOT NULL"
                                   "  AND l.status IN ('completed', 'interrupted')"
                                   " ON CONFLICT (request_id) DO NOTHING"),
                    {since, until});
                if (!r)
                    return r.failure();
                return Json{{"since", since.toString().toStdString()},
                            {"until", until.toString().toStdString()},
                            {"inserted", q.numRowsAffected()}};
            });
}

} // namespace

void registerUsageRoutes(Router &router, const BillingRouteDeps &s)
{
    router.add("GET", "/v1/usage", [s](HttpExchange *ex) { customerUsage(s, ex); });
    router.add("GET", "/admin/usage",
               adminRoute(s, "usage", [s](HttpExchange *ex, const AdminIdentity &) { adminUsage(s, ex); }));
    router.add(
        "POST", "/admin/usage/backfill",
        adminRoute(s, "usage", [s](HttpExchange *ex, const AdminIdentity &who) { backfill(s, ex, who); }));
}

} // namespace crosslogic
