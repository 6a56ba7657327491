// Admin routes that set, raise or remove a budget of an API key, an environment or a tenant (PUT/DELETE
// /admin/{api-keys|environments|tenants}/{id}/budget): audited, dry run, the limits permission.
#include "billing/billing.h"

#include "base/keycache.h"
#include "base/requestfields.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

namespace crosslogic {
namespace {

constexpr qint64 kMaxAmountMicros = 1000000000000000LL; // a billion currency units

struct Level
{
    const char *name;    // budgets.level
    const char *path;    // the admin collection
    const char *table;   // where the scope lives
    const char *keysBy;  // api_keys column the scope's keys are found by
};
const Level kLevels[] = {{"key", "api-keys", "api_keys", "id"},
                         {"environment", "environments", "environments", "environment_id"},
                         {"tenant", "tenants", "tenants", "tenant_id"}};

const QString kBudgetJson = QStringLiteral(
    "json_build_object('id', b.id, 'tenant_id', b.tenant_id, 'level', b.level, 'scope_id', b.scope_id, 'amount_micros',"
    " b.amount_micros, 'period', b.period, 'thresholds', to_json(b.thresholds), 'created_at', b.created_at, 'updated_at', b.updated_at)");

// {"amount_micros": 50000, "period": "daily", "thresholds": [50, 80, 100]} → bind values, or an error message.
QString parseBudget(const Json &body, QVariant &amount, QVariant &period, QVariant &thresholds)
{
    for (auto it = body.begin(); it != body.end(); ++it)
        if (it.key() != "amount_micros" && it.key() != "period" && it.key() != "thresholds")
            return QStringLiteral("unknown field '%1' (allowed: amount_micros, period, thresholds)").arg(QString::fromStdString(it.key()));
    const Json a = body.value("amount_micros", Json());
    if (!a.is_number_integer() || a.get<qint64>() <= 0 || a.get<qint64>() > kMaxAmountMicros)
        return QStringLiteral("'amount_micros' must be an integer from 1 to %1 (micro-units of the tenant's currency)").arg(kMaxAmountMicros);
    const std::string p = body.value("period", std::string());
    if (p != "daily" && p != "monthly" && p != "lifetime")
        return QStringLiteral("'period' must be daily, monthly or lifetime");
    Json t = body.value("thresholds", Json::array({50, 80, 100}));
    if (!t.is_array() || t.empty() || t.size() > 10)
        return QStringLiteral("'thresholds' must be a list of 1 to 10 percentages");
    QStringList parts;
    for (const Json &v : t) {
        if (!v.is_number_integer() || v.get<qint64>() < 1 || v.get<qint64>() > 100)
            return QStringLiteral("each threshold must be an integer percentage from 1 to 100");
        parts << QString::number(v.get<qint64>());
    }
    amount = a.get<qint64>();
    period = QString::fromStdString(p);
    thresholds = QStringLiteral("{%1}").arg(parts.join(QLatin1Char(',')));
    return {};
}

Result<Json> keyHashesOf(QSqlDatabase &db, const Level &level, const QString &id)
{
    return queryJson(db, QStringLiteral("SELECT coalesce(json_agg(key_hash), '[]') FROM api_keys WHERE %1 = ?::uuid").arg(QLatin1String(level.keysBy)), {id});
}

// The scope's tenant (and that it exists), the budget before, locked.
Result<Json> scopeAndBefore(QSqlDatabase &db, const Level &level, const QString &id)
{
    const QString tenantExpr = QByteArray(level.name) == "tenant" ? QStringLiteral("id") : QStringLiteral("tenant_id");
    auto tenant = queryJson(db, QStringLiteral("SELECT to_json(%1) FROM %2 WHERE id = ?::uuid FOR UPDATE").arg(tenantExpr, QLatin1String(level.table)), {id});
    if (!tenant)
        return tenant;
    if (tenant->is_null())
        return fail(404, "not_found", QStringLiteral("no %1 with id %2").arg(QLatin1String(level.name), id));
    auto before = queryJson(db, QStringLiteral("SELECT ") + kBudgetJson + QStringLiteral(" FROM budgets b WHERE b.level = ? AND b.scope_id = ?::uuid"),
                            {QString::fromLatin1(level.name), id});
    if (!before)
        return before;
    return Json{{"tenant_id", *tenant}, {"before", *before}};
}

void invalidate(const BillingRouteDeps &s, const Json &answer)
{
    QList<QByteArray> hashes;
    for (const auto &h : answer.value("_key_hashes", Json::array()))
        hashes << QByteArray::fromStdString(h.get<std::string>());
    s.keys->invalidate(hashes);
}

void putBudget(const BillingRouteDeps &s, const Level &level, HttpExchange *ex, const AdminIdentity &who)
{
    const QString id = ex->request().param("id");
    if (!uuidOr404(ex, id, QLatin1String(level.name)))
        return;
    auto body = jsonBody(ex);
    if (!body)
        return;
    QVariant amount, period, thresholds;
    if (const QString bad = parseBudget(*body, amount, period, thresholds); !bad.isEmpty()) {
        ex->respondError(400, bad, "invalid_value");
        return;
    }
    const QString path = QStringLiteral("/admin/%1/%2/budget").arg(QLatin1String(level.path), id);
    runAdminAction(s, ex, AdminAction{QStringLiteral("budget.set"), id, *body, who}, [=](QSqlDatabase &db) -> Result<Json> {
        auto scope = scopeAndBefore(db, level, id);
        if (!scope)
            return scope;
        auto after = queryJson(db, QStringLiteral("INSERT INTO budgets AS b (tenant_id, level, scope_id, amount_micros, period, thresholds)"
                                                  " VALUES (?::uuid, ?, ?::uuid, ?::bigint, ?, ?::integer[]) ON CONFLICT (level, scope_id) DO UPDATE"
                                                  " SET amount_micros = excluded.amount_micros, period = excluded.period, thresholds = excluded.thresholds,"
                                                  " updated_at = now() RETURNING ") + kBudgetJson,
                               {QString::fromStdString((*scope)["tenant_id"].get<std::string>()), QString::fromLatin1(level.name), id, amount,
                                period, thresholds});
        if (!after)
            return after;
        auto hashes = keyHashesOf(db, level, id);
        if (!hashes)
            return hashes;
        const Json &before = (*scope)["before"];
        Json answer{{"budget", *after}, {"before", before}, {"_key_hashes", *hashes}};
        answer["undo"] = before.is_object()
            ? undoCall("PUT", path, {{"amount_micros", before["amount_micros"]}, {"period", before["period"]}, {"thresholds", before["thresholds"]}})
            : undoCall("DELETE", path);
        return answer;
    }, 200, [s](const Json &answer) { invalidate(s, answer); });
}

void deleteBudget(const BillingRouteDeps &s, const Level &level, HttpExchange *ex, const AdminIdentity &who)
{
    const QString id = ex->request().param("id");
    if (!uuidOr404(ex, id, QLatin1String(level.name)))
        return;
    const QString path = QStringLiteral("/admin/%1/%2/budget").arg(QLatin1String(level.path), id);
    runAdminAction(s, ex, AdminAction{QStringLiteral("budget.delete"), id, Json::object(), who}, [=](QSqlDatabase &db) -> Result<Json> {
        auto scope = scopeAndBefore(db, level, id);
        if (!scope)
            return scope;
        const Json &before = (*scope)["before"];
        if (!before.is_object())
            return fail(404, "not_found", QStringLiteral("the %1 %2 has no budget").arg(QLatin1String(level.name), id));
        QSqlQuery q(db);
        if (auto r = runSql(q, QStringLiteral("DELETE FROM budgets WHERE level = ? AND scope_id = ?::uuid"), {QString::fromLatin1(level.name), id}); !r)
            return r.failure();
        auto hashes = keyHashesOf(db, level, id);
        if (!hashes)
            return hashes;
        return Json{{"deleted", true}, {"before", before}, {"_key_hashes", *hashes},
                    {"undo", undoCall("PUT", path, {{"amount_micros", before["amount_micros"]}, {"period", before["period"]},
                                                    {"thresholds", before["thresholds"]}})}};
    }, 200, [s](const Json &answer) { invalidate(s, answer); });
}

} // namespace

void registerBudgetRoutes(Router &router, const BillingRouteDeps &s)
{
    for (const Level &level : kLevels) {
        const QByteArray path = QByteArray("/admin/") + level.path + "/{id}/budget";
        router.add("PUT", path, adminRoute(s, "limits", [s, &level](HttpExchange *ex, const AdminIdentity &who) { putBudget(s, level, ex, who); }));
        router.add("DELETE", path, adminRoute(s, "limits", [s, &level](HttpExchange *ex, const AdminIdentity &who) { deleteBudget(s, level, ex, who); }));
    }
}

} // namespace crosslogic
