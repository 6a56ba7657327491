// The "Budgets and spend" section of a key, environment or tenant page: every budget that applies to the object
// (its own and those of the levels above it) with spent / limit / remaining / reset, the tenant's prepaid balance,
// and the object's own "Set budget…" or "Raise budget…" remediation (BudgetDialog → dry run → audit id).
#include "adminclient/adminresponse.h"
#include "billing/money.h"
#include "billing/spenddialogs.h"
#include "detail/detailformat.h"
#include "detail/detailloader.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace crosslogic::console {
using namespace detail;

namespace {
QString levelHeading(const QString &level)
{
    if (level == QLatin1String("key"))
        return QCoreApplication::translate("SpendDetail", "Key budget");
    if (level == QLatin1String("environment"))
        return QCoreApplication::translate("SpendDetail", "Environment budget");
    return QCoreApplication::translate("SpendDetail", "Tenant budget");
}

DetailRow budgetRow(const QJsonObject &b)
{
    const qint64 amount = b.value(QLatin1String("amount_micros")).toInteger();
    const qint64 spent = b.value(QLatin1String("spent_micros")).toInteger();
    const qint64 remaining = b.value(QLatin1String("remaining_micros")).toInteger();
    const qint64 percent = amount > 0 ? spent * 100 / amount : 0;
    const QString resets = b.value(QLatin1String("resets_at")).isString()
        ? QCoreApplication::translate("SpendDetail", "resets %1").arg(timeText(b.value(QLatin1String("resets_at")), QString()))
        : QCoreApplication::translate("SpendDetail", "never resets");
    DetailRow row{QStringLiteral("%1 (%2)").arg(levelHeading(b.value(QLatin1String("level")).toString()),
                                                periodName(b.value(QLatin1String("period")).toString())),
                  QCoreApplication::translate("SpendDetail", "%1 of %2 spent (%3 %), %4 left · %5").arg(moneyText(spent), moneyText(amount)).arg(percent).arg(moneyText(remaining), resets)};
    row.level = remaining <= 0 ? StatusLevel::Fail : percent >= 80 ? StatusLevel::Warn : StatusLevel::Ok;
    return row;
}
} // namespace

void loadSpendDetail(DetailLoader *l, const QString &level, const QString &name, const QString &tenantId, const QMap<QString, QString> &scopes)
{
    const QString heading = QCoreApplication::translate("SpendDetail", "Budgets and spend");
    if (tenantId.isEmpty())
        return;
    const QString ownId = scopes.value(level);
    l->get(QStringLiteral("/admin/tenants/%1/spend").arg(tenantId), [l, heading, level, name, ownId, scopes](const AdminResponse &r) {
        if (!r.ok()) {
            l->setError(DetailLoader::Spend, heading, r);
            return;
        }
        const QJsonObject spend = r.object();
        DetailSection section{heading, {}};
        QJsonObject own;
        // Narrowest first: the key's, the environment's, the tenant's.
        for (const char *lv : {"key", "environment", "tenant"}) {
            if (!scopes.contains(QLatin1String(lv)))
                continue;
            for (const QJsonValue &v : spend.value(QLatin1String("budgets")).toArray()) {
                const QJsonObject b = v.toObject();
                if (b.value(QLatin1String("level")).toString() != QLatin1String(lv) || b.value(QLatin1String("scope_id")).toString() != scopes.value(QLatin1String(lv)))
                    continue;
                section.rows.append(budgetRow(b));
                if (QLatin1String(lv) == level)
                    own = b;
            }
        }
        if (section.rows.isEmpty())
            section.rows.append({QCoreApplication::translate("SpendDetail", "Budgets"), QCoreApplication::translate("SpendDetail", "none — only rate limits apply"), {}, {}, StatusLevel::Ok});
        const QJsonValue credit = spend.value(QLatin1String("credit"));
        if (credit.isObject()) {
            const QJsonObject c = credit.toObject();
            const qint64 balance = c.value(QLatin1String("balance_micros")).toInteger();
            section.rows.append({QCoreApplication::translate("SpendDetail", "Prepaid balance"),
                                 QCoreApplication::translate("SpendDetail", "%1 of %2 credited").arg(moneyText(balance), moneyText(c.value(QLatin1String("credited_micros")).toInteger())),
                                 {}, {}, balance > 0 ? StatusLevel::Ok : StatusLevel::Fail});
        } else {
            section.rows.append({QCoreApplication::translate("SpendDetail", "Prepaid balance"), QCoreApplication::translate("SpendDetail", "postpaid (no prepaid credit)")});
        }
        l->setSection(DetailLoader::Spend, section);

        const BudgetScope scope{level, ownId, name};
        DetailAction action{own.isEmpty() ? QCoreApplication::translate("SpendDetail", "Set &budget…") : QCoreApplication::translate("SpendDetail", "Raise &budget…"), "limits",
                            {own.isEmpty() ? QCoreApplication::translate("SpendDetail", "Set budget of %1").arg(scope.label()) : QCoreApplication::translate("SpendDetail", "Raise budget of %1").arg(scope.label()),
                             QCoreApplication::translate("SpendDetail", "Caps the spend of %1 per day, month or lifetime; previewed before it applies.").arg(scope.label()), "PUT", scope.path()}};
        action.ask = [scope, own](QWidget *parent, std::function<void(const ActionRequest &)> run) {
            auto *dialog = new BudgetDialog(scope, own, parent);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            QObject::connect(dialog, &QDialog::accepted, dialog, [dialog, run] { run(dialog->request()); });
            dialog->open();
        };
        l->setActions(l->actions() + QList<DetailAction>{action});
    });
}

} // namespace crosslogic::console
