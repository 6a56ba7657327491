// Budgets that crossed a soft threshold (budget_threshold_crossings, billing/thresholdwatcher.h): one finding per
// budget whose highest threshold crossed in the last hour is at least the rule's, naming the tenant and the budget's
// scope, with raising the budget as the remediation. See alertchecks.h.
#include "alerts/alertchecks.h"
#include "alerts/checkhelpers.h"

#include <QVariant>

namespace crosslogic {

using namespace alertcheck;

void checkBudgetThresholds(QSqlDatabase &db, const CheckInput &in, CheckOutput *out)
{
    Json rows;
    if (!query(db, out, {"budget_threshold_reached"}, QStringLiteral(
            "SELECT coalesce(json_agg(x), '[]') FROM ("
            " SELECT c.budget_id, c.tenant_id, t.name AS tenant_name, c.level, c.scope_id, c.period, max(c.threshold) AS threshold,"
            "  max(c.spent_micros) AS spent_micros, max(c.amount_micros) AS amount_micros"
            " FROM budget_threshold_crossings c JOIN tenants t ON t.id = c.tenant_id"
            " WHERE c.crossed_at > now() - interval '1 hour'"
            " GROUP BY c.budget_id, c.tenant_id, t.name, c.level, c.scope_id, c.period HAVING max(c.threshold) >= ?::float8) x"),
            {lowBound(in, "budget_threshold_reached")}, &rows))
        return;
    for (const Json &r : rows) {
        const QString tenant = str(r, "tenant_id"), name = str(r, "tenant_name").isEmpty() ? tenant : str(r, "tenant_name");
        const QString level = str(r, "level"), scope = str(r, "scope_id");
        Finding f = finding("budget_threshold_reached", str(r, "budget_id"), num(r, "threshold"),
                            QStringLiteral("the %1 %2 budget of %3 %4 (tenant %5) reached %6 %: %7 of %8 micro-units")
                                .arg(str(r, "period"), level, level == QLatin1String("key") ? QStringLiteral("API key") : level, scope, name)
                                .arg(num(r, "threshold")).arg(qint64(num(r, "spent_micros"))).arg(qint64(num(r, "amount_micros"))));
        f.objects = Json::array({object("tenant", tenant, name)});
        const QString collection = level == QLatin1String("key") ? QStringLiteral("api-keys")
                                 : level == QLatin1String("environment") ? QStringLiteral("environments") : QStringLiteral("tenants");
        f.remediations.push_back(remedy(QStringLiteral("Raise the budget (doubling it)"), "PUT",
                                        QStringLiteral("/admin/%1/%2/budget").arg(collection, scope),
                                        Json{{"amount_micros", qint64(num(r, "amount_micros")) * 2}, {"period", str(r, "period").toStdString()}},
                                        "budget.set", scope));
        out->findings.push_back(std::move(f));
    }
}

} // namespace crosslogic
