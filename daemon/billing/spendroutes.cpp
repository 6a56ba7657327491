// Spend as customers and operators read it: GET /v1/budgets (the calling key's budgets and its tenant's prepaid
// balance) and GET /admin/tenants/{id}/spend (every budget of the tenant, the balance and the credit ledger).
// Spent is what usage_records bills in the period (PostgreSQL, the source of truth; it trails admission by the
// usage batch interval), remaining = limit - spent, resets_at from the same period arithmetic as admission.
#include "billing/billing.h"

#include "base/keycache.h"
#include "base/spendperiod.h"
#include "config/configslot.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

#include <QDateTime>
#include <QPointer>

namespace crosslogic {
namespace {

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// budgets b filtered by where (its '?' bound after the two period starts), each with its spent; and the credit.
QString spendSql(const QString &where)
{
    return QStringLiteral(
        "SELECT json_build_object('object', 'spend', 'budgets', coalesce((SELECT json_agg(json_build_object('level', b.level, 'scope_id', b.scope_id,"
        "  'amount_micros', b.amount_micros, 'period', b.period, 'thresholds', to_json(b.thresholds), 'billing_anchor_day',"
        "  (SELECT billing_anchor_day FROM tenants WHERE id = b.tenant_id), 'spent_micros',"
        "  (SELECT coalesce(sum(u.cost_micros), 0) FROM usage_records u WHERE u.tenant_id = b.tenant_id"
        "    AND CASE b.level WHEN 'key' THEN u.api_key_id WHEN 'environment' THEN u.environment_id ELSE u.tenant_id END = b.scope_id"
        "    AND u.timestamp >= CASE b.period WHEN 'daily' THEN ?::timestamptz WHEN 'monthly'"
        "      THEN (?::timestamptz[])[(SELECT billing_anchor_day FROM tenants WHERE id = b.tenant_id)] ELSE '-infinity' END))"
        "  ORDER BY b.level, b.scope_id) FROM budgets b WHERE %1), '[]'),"
        " 'credit', (SELECT CASE WHEN t.prepaid_since IS NULL THEN NULL ELSE json_build_object('prepaid_since', t.prepaid_since,"
        "  'credited_micros', (SELECT coalesce(sum(amount_micros), 0) FROM credit_ledger c WHERE c.tenant_id = t.id),"
        "  'spent_micros', (SELECT coalesce(sum(cost_micros), 0) FROM usage_records u WHERE u.tenant_id = t.id AND u.timestamp >= t.prepaid_since)) END"
        "  FROM tenants t WHERE t.id = ?::uuid)%2)").arg(where);
}

// Adds remaining_micros and resets_at to each budget and balance_micros to the credit.
Json finish(Json spend, qint64 nowMs)
{
    for (Json &b : spend["budgets"]) {
        const qint64 amount = b["amount_micros"].get<qint64>(), spent = b["spent_micros"].get<qint64>();
        b["remaining_micros"] = qMax<qint64>(0, amount - spent);
        const SpendPeriod p = spendPeriod(anchoredPeriod(QByteArray::fromStdString(b["period"].get<std::string>()),
                                                         b.value("billing_anchor_day", 1)), nowMs);
        b["resets_at"] = p.resetMs > 0 ? Json(iso(p.resetMs).toStdString()) : Json();
    }
    if (spend["credit"].is_object()) {
        Json &c = spend["credit"];
        c["balance_micros"] = qMax<qint64>(0, c["credited_micros"].get<qint64>() - c["spent_micros"].get<qint64>());
    }
    return spend;
}

qint64 spendNowMs(const BillingRouteDeps &s)
{
    return QDateTime::currentMSecsSinceEpoch() + s.config.get()->spendClockOffsetSeconds * 1000;
}

void customerBudgets(const BillingRouteDeps &s, HttpExchange *ex)
{
    QPointer<HttpExchange> guard(ex);
    s.keys->authenticate(ex->request().header("authorization"), ex->request().peer, ex, [s, guard](const AuthOutcome &auth) {
        if (!guard)
            return;
        if (!auth.ok()) {
            guard->respondError(auth.error());
            return;
        }
        const qint64 now = spendNowMs(s);
        const KeyInfo key = auth.key;
        s.db->run(guard, [key, now](QSqlDatabase &db) {
            return queryJson(db, spendSql(QStringLiteral("(b.level = 'key' AND b.scope_id = ?::uuid) OR (b.level = 'environment' AND b.scope_id = ?::uuid)"
                                                         " OR (b.level = 'tenant' AND b.scope_id = ?::uuid)")).arg(QString()),
                             {iso(spendPeriod("daily", now).startMs), monthlyStartsArray(now), key.keyId, key.environmentId,
                              key.tenantId, key.tenantId});
        }, [guard, now](Result<Json> r) {
            if (guard)
                respondResult(guard, r ? Result<Json>(finish(*r, now)) : r);
        });
    });
}

void adminSpend(const BillingRouteDeps &s, HttpExchange *ex)
{
    const QString id = ex->request().param("id");
    if (!uuidOr404(ex, id, QStringLiteral("tenant")))
        return;
    const qint64 now = spendNowMs(s);
    s.db->run(ex, [id, now](QSqlDatabase &db) -> Result<Json> {
        auto exists = queryJson(db, QStringLiteral("SELECT to_json(id) FROM tenants WHERE id = ?::uuid"), {id});
        if (!exists)
            return exists;
        if (exists->is_null())
            return fail(404, "not_found", QStringLiteral("no tenant with id %1").arg(id));
        return queryJson(db, spendSql(QStringLiteral("b.tenant_id = ?::uuid"))
                                 .arg(QStringLiteral(", 'ledger', (SELECT coalesce(json_agg(json_build_object('id', l.id, 'amount_micros', l.amount_micros,"
                                                     " 'source', l.source, 'reference', l.reference, 'credited_total_micros', l.credited_total_micros,"
                                                     " 'balance_after_micros', l.balance_after_micros, 'created_at', l.created_at) ORDER BY l.id DESC), '[]')"
                                                     " FROM (SELECT * FROM credit_ledger WHERE tenant_id = ?::uuid ORDER BY id DESC LIMIT 100) l)")),
                         {iso(spendPeriod("daily", now).startMs), monthlyStartsArray(now), id, id, id});
    }, [ex, now](Result<Json> r) { respondResult(ex, r ? Result<Json>(finish(*r, now)) : r); });
}

} // namespace

void registerSpendRoutes(Router &router, const BillingRouteDeps &s)
{
    router.add("GET", "/v1/budgets", [s](HttpExchange *ex) { customerBudgets(s, ex); });
    router.add("GET", "/admin/tenants/{id}/spend", adminRoute(s, "usage", [s](HttpExchange *ex, const AdminIdentity &) { adminSpend(s, ex); }));
}

} // namespace crosslogic
