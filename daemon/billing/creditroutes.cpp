// POST /admin/tenants/{id}/credit: a prepaid top-up, audited, dry run, the billing permission. The first credit makes
// the tenant prepaid: from then on its requests are admitted only while the balance covers their maximum cost.
#include "billing/billing.h"

#include "base/keycache.h"
#include "base/requestfields.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/sqljson.h"

namespace crosslogic {
namespace {

constexpr qint64 kMaxCreditMicros = 1000000000000000LL;

void topUp(const BillingRouteDeps &s, HttpExchange *ex, const AdminIdentity &who)
{
    const QString id = ex->request().param("id");
    if (!uuidOr404(ex, id, QStringLiteral("tenant")))
        return;
    auto body = jsonBody(ex);
    if (!body)
        return;
    RequestFields f(*body);
    f.allowOnly({"amount_micros", "reference"});
    const QVariant reference = f.text("reference", 200, false);
    const Json a = body->value("amount_micros", Json());
    if (!a.is_number_integer() || a.get<qint64>() <= 0 || a.get<qint64>() > kMaxCreditMicros) {
        ex->respondError(400, QStringLiteral("'amount_micros' must be an integer from 1 to %1 (micro-units of the tenant's currency)")
                                  .arg(kMaxCreditMicros), "invalid_value");
        return;
    }
    if (!f.ok()) {
        ex->respondError(400, f.errors(), "invalid_value");
        return;
    }
    const qint64 amount = a.get<qint64>();
    runAdminAction(s, ex, AdminAction{QStringLiteral("tenant.credit"), id, *body, who}, [=](QSqlDatabase &db) -> Result<Json> {
        return creditTenant(db, id, amount, QStringLiteral("admin"), reference);
    }, 200, [s](const Json &answer) {
        QList<QByteArray> hashes;
        for (const auto &h : answer.value("_key_hashes", Json::array()))
            hashes << QByteArray::fromStdString(h.get<std::string>());
        s.keys->invalidate(hashes);
    });
}

} // namespace

Result<Json> creditTenant(QSqlDatabase &db, const QString &tenantId, qint64 amountMicros, const QString &source, const QVariant &reference)
{
    // The tenant row is locked: credits to one tenant are serialised, so each ledger row's totals are exact.
    auto tenant = queryJson(db, QStringLiteral("UPDATE tenants SET prepaid_since = coalesce(prepaid_since, now()), updated_at = now()"
                                               " WHERE id = ?::uuid RETURNING to_json(prepaid_since)"), {tenantId});
    if (!tenant)
        return tenant;
    if (tenant->is_null())
        return fail(404, "not_found", QStringLiteral("no tenant with id %1").arg(tenantId));
    auto entry = queryJson(db, QStringLiteral(
        "WITH t AS (SELECT prepaid_since FROM tenants WHERE id = ?::uuid),"
        " c AS (SELECT coalesce(sum(amount_micros), 0) + ?::bigint AS credited FROM credit_ledger WHERE tenant_id = ?::uuid),"
        " u AS (SELECT coalesce(sum(cost_micros), 0) AS spent FROM usage_records WHERE tenant_id = ?::uuid AND timestamp >= (SELECT prepaid_since FROM t))"
        " INSERT INTO credit_ledger AS l (tenant_id, amount_micros, source, reference, credited_total_micros, balance_after_micros)"
        " SELECT ?::uuid, ?::bigint, ?, ?, c.credited, greatest(c.credited - u.spent, 0) FROM c, u"
        " RETURNING json_build_object('id', l.id, 'tenant_id', l.tenant_id, 'amount_micros', l.amount_micros, 'source', l.source,"
        " 'reference', l.reference, 'credited_total_micros', l.credited_total_micros, 'balance_after_micros', l.balance_after_micros,"
        " 'created_at', l.created_at)"),
        {tenantId, amountMicros, tenantId, tenantId, tenantId, amountMicros, source, reference});
    if (!entry)
        return entry;
    auto hashes = queryJson(db, QStringLiteral("SELECT coalesce(json_agg(key_hash), '[]') FROM api_keys WHERE tenant_id = ?::uuid"), {tenantId});
    if (!hashes)
        return hashes;
    return Json{{"ledger_entry", *entry}, {"prepaid_since", *tenant}, {"_key_hashes", *hashes}};
}

void registerCreditRoutes(Router &router, const BillingRouteDeps &s)
{
    router.add("POST", "/admin/tenants/{id}/credit", adminRoute(s, "billing", [s](HttpExchange *ex, const AdminIdentity &who) { topUp(s, ex, who); }));
}

} // namespace crosslogic
