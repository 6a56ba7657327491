// What authentication knows about a key: its ids, the statuses that decide validity, and the limits of each level.
#include "base/keyinfo.h"

namespace crosslogic {

const char *const kKeyInfoSql =
    "SELECT json_build_object("
    " 'key_id', k.id, 'tenant_id', k.tenant_id, 'environment_id', k.environment_id, 'key_prefix', k.key_prefix,"
    " 'key_status', k.status, 'tenant_status', t.status, 'environment_status', e.status,"
    " 'expires_at_ms', coalesce((extract(epoch FROM k.expires_at) * 1000)::bigint, 0),"
    " 'key_limits', json_build_array(coalesce(k.rate_limit_requests_per_min, 0), coalesce(k.rate_limit_tokens_per_min, 0), coalesce(k.concurrency_limit, 0)),"
    " 'env_limits', json_build_array(coalesce(e.rate_limit_requests_per_min, 0), coalesce(e.rate_limit_tokens_per_min, 0), coalesce(e.concurrency_limit, 0)),"
    " 'tenant_limits', json_build_array(coalesce(t.rate_limit_requests_per_min, 0), coalesce(t.rate_limit_tokens_per_min, 0), coalesce(t.concurrency_limit, 0)),"
    // Budgets of the key, its environment and its tenant, and the prepaid credit (everything credited) of a prepaid
    // tenant: admission reserves each request's maximum cost against all of them (docs/billing.md).
    " 'budgets', (SELECT coalesce(json_agg(json_build_array(b.level, b.scope_id, b.amount_micros, b.period) ORDER BY b.level), '[]')"
    "   FROM (SELECT level, scope_id, amount_micros, CASE WHEN period = 'monthly' AND t.billing_anchor_day <> 1"
    "     THEN 'monthly@' || t.billing_anchor_day ELSE period END AS period FROM budgets WHERE (level = 'key' AND scope_id = k.id)"
    "     OR (level = 'environment' AND scope_id = k.environment_id) OR (level = 'tenant' AND scope_id = k.tenant_id)"
    "   UNION ALL SELECT 'credit', t.id, coalesce((SELECT sum(amount_micros) FROM credit_ledger c WHERE c.tenant_id = t.id), 0), 'lifetime'"
    "     WHERE t.prepaid_since IS NOT NULL) b))"
    " FROM api_keys k JOIN tenants t ON t.id = k.tenant_id JOIN environments e ON e.id = k.environment_id"
    " WHERE k.key_hash = ?";

namespace {
Json limitsJson(const LevelLimits &l)
{
    return Json::array({l.requestsPerMin, l.tokensPerMin, l.concurrency});
}
LevelLimits limitsFrom(const Json &j)
{
    LevelLimits l;
    if (j.is_array() && j.size() == 3) {
        l.requestsPerMin = j[0].get<qint64>();
        l.tokensPerMin = j[1].get<qint64>();
        l.concurrency = j[2].get<qint64>();
    }
    return l;
}
Json budgetsJson(const QList<SpendBudget> &budgets)
{
    Json a = Json::array();
    for (const SpendBudget &b : budgets)
        a.push_back(Json::array({b.level.toStdString(), b.scopeId.toStdString(), b.amountMicros, b.period.toStdString()}));
    return a;
}
QList<SpendBudget> budgetsFrom(const Json &j)
{
    QList<SpendBudget> out;
    if (!j.is_array())
        return out;
    for (const Json &b : j) {
        if (!b.is_array() || b.size() != 4 || !b[0].is_string() || !b[1].is_string() || !b[2].is_number_integer() || !b[3].is_string())
            continue;
        out.append(SpendBudget{QByteArray::fromStdString(b[0].get<std::string>()), QString::fromStdString(b[1].get<std::string>()),
                               b[2].get<qint64>(), QByteArray::fromStdString(b[3].get<std::string>())});
    }
    return out;
}
QString str(const Json &j, const char *name)
{
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}
} // namespace

Json KeyInfo::toJson() const
{
    return Json{{"key_id", keyId.toStdString()},
                {"tenant_id", tenantId.toStdString()},
                {"environment_id", environmentId.toStdString()},
                {"key_prefix", keyPrefix.toStdString()},
                {"key_status", keyStatus.toStdString()},
                {"tenant_status", tenantStatus.toStdString()},
                {"environment_status", environmentStatus.toStdString()},
                {"expires_at_ms", expiresAtMs},
                {"key_limits", limitsJson(keyLimits)},
                {"env_limits", limitsJson(environmentLimits)},
                {"tenant_limits", limitsJson(tenantLimits)},
                {"budgets", budgetsJson(budgets)}};
}

KeyInfo KeyInfo::fromJson(const Json &j)
{
    KeyInfo k;
    k.keyId = str(j, "key_id");
    k.tenantId = str(j, "tenant_id");
    k.environmentId = str(j, "environment_id");
    k.keyPrefix = str(j, "key_prefix").toLatin1();
    k.keyStatus = str(j, "key_status");
    k.tenantStatus = str(j, "tenant_status");
    k.environmentStatus = str(j, "environment_status");
    k.expiresAtMs = j.value("expires_at_ms", qint64(0));
    k.keyLimits = limitsFrom(j.value("key_limits", Json()));
    k.environmentLimits = limitsFrom(j.value("env_limits", Json()));
    k.tenantLimits = limitsFrom(j.value("tenant_limits", Json()));
    k.budgets = budgetsFrom(j.value("budgets", Json()));
    return k;
}

} // namespace crosslogic
