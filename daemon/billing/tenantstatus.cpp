// Suspends or reactivates a tenant from a billing event, as the admin API does: status, audit row, cache
// invalidation.
#include "billing/tenantstatus.h"

#include "base/keycache.h"
#include "store/sqljson.h"

namespace crosslogic {

Result<Json> setTenantStatusByStripeCustomer(QSqlDatabase &db, const QString &stripeCustomerId,
                                             const QString &status, const QString &reason,
                                             const QString &eventId)
{
    auto before =
        queryJson(db,
                  QStringLiteral("SELECT json_build_object('id', id, 'status', status) FROM tenants"
                                 " WHERE stripe_customer_id = ? ORDER BY created_at LIMIT 1 FOR UPDATE"),
                  {stripeCustomerId});
    if (!before || before->is_null())
        return before;
    const QString tenantId = QString::fromStdString((*before)["id"].get<std::string>());
    auto after = queryJson(
        db,
        QStringLiteral("UPDATE tenants SET status = ?, status_reason = ?, updated_at = now() WHERE id = ?"
                       " RETURNING to_json(status)"),
        {status, reason, tenantId});
    if (!after)
        return after;
    auto hashes = queryJson(
        db, QStringLiteral("SELECT coalesce(json_agg(key_hash), '[]') FROM api_keys WHERE tenant_id = ?"),
        {tenantId});
    if (!hashes)
        return hashes;
    const QString action = status == QLatin1String("active") ? QStringLiteral("tenant.activate")
                                                             : QStringLiteral("tenant.suspend");
    const Json params{{"reason", reason.toStdString()},
                      {"stripe_customer_id", stripeCustomerId.toStdString()},
                      {"stripe_event_id", eventId.toStdString()}};
    QSqlQuery audit(db);
    if (auto r =
            runSql(audit,
                   QStringLiteral(
                       "INSERT INTO audit_log (token_name, role, action, target, parameters, result, dry_run)"
                       " VALUES ('stripe-webhook', 'system', ?, ?, ?::jsonb, 'ok', false)"),
                   {action, tenantId, QString::fromStdString(params.dump())});
        !r)
        return r.failure();
    return Json{{"tenant_id", tenantId.toStdString()},
                {"before", (*before)["status"]},
                {"after", *after},
                {"key_hashes", *hashes}};
}

void invalidateTenantKeys(KeyCache *keys, const Json &statusChange)
{
    if (!statusChange.is_object() || !keys)
        return;
    QList<QByteArray> hashes;
    for (const auto &h : statusChange.value("key_hashes", Json::array()))
        if (h.is_string())
            hashes << QByteArray::fromStdString(h.get<std::string>());
    if (!hashes.isEmpty())
        keys->invalidate(hashes);
}

} // namespace crosslogic
