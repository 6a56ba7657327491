// Billing → "Spend & credit": one tenant's budgets with spent / remaining / reset, a chart of spend against each
// budget, the prepaid balance and the credit ledger, and the spend remediations through the dry-run preview.
#include "billing/spendpanel.h"

#include "adminclient/adminclient.h"
#include "billing/money.h"
#include "billing/spendchart.h"
#include "billing/spenddialogs.h"
#include "common/actionrunner.h"
#include "common/jsontablemodel.h"
#include "common/tables.h"
#include "detail/detailformat.h"

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace crosslogic::console {

namespace {
QString money(const QJsonValue &v, const QJsonObject &)
{
    return v.isDouble() ? moneyText(v.toInteger()) : QString();
}

QString levelName(const QString &level)
{
    if (level == QLatin1String("key"))
        return SpendPanel::tr("key");
    if (level == QLatin1String("environment"))
        return SpendPanel::tr("environment");
    return level == QLatin1String("tenant") ? SpendPanel::tr("tenant") : level;
}

QList<JsonColumn> budgetColumns()
{
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    return {{SpendPanel::tr("Level"), QStringLiteral("level"), [](const QJsonValue &v, const QJsonObject &) { return levelName(v.toString()); }},
            {SpendPanel::tr("Applies to"), QStringLiteral("scope_name")},
            {SpendPanel::tr("Period"), QStringLiteral("period"), [](const QJsonValue &v, const QJsonObject &) { return periodName(v.toString()); }},
            {SpendPanel::tr("Limit"), QStringLiteral("amount_micros"), money, right},
            {SpendPanel::tr("Spent"), QStringLiteral("spent_micros"), money, right},
            {SpendPanel::tr("Remaining"), QStringLiteral("remaining_micros"), money, right},
            {SpendPanel::tr("Used"), QStringLiteral("spent_micros"),
             [](const QJsonValue &v, const QJsonObject &row) {
                 const qint64 limit = row.value(QLatin1String("amount_micros")).toInteger();
                 return limit > 0 ? QStringLiteral("%1 %").arg(v.toInteger() * 100 / limit) : QString();
             },
             right},
            {SpendPanel::tr("Resets"), QStringLiteral("resets_at"), [](const QJsonValue &v, const QJsonObject &) {
                 const QDateTime at = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
                 return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : SpendPanel::tr("never (lifetime)");
             }}};
}

QList<JsonColumn> ledgerColumns()
{
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    return {{SpendPanel::tr("Time"), QStringLiteral("created_at"), [](const QJsonValue &v, const QJsonObject &) { return detail::timeText(v, QString()); }},
            {SpendPanel::tr("Amount"), QStringLiteral("amount_micros"), money, right},
            {SpendPanel::tr("Source"), QStringLiteral("source")},
            {SpendPanel::tr("Reference"), QStringLiteral("reference")},
            {SpendPanel::tr("Credited in total"), QStringLiteral("credited_total_micros"), money, right},
            {SpendPanel::tr("Balance after"), QStringLiteral("balance_after_micros"), money, right}};
}
} // namespace

SpendPanel::SpendPanel(const ViewContext &context, QWidget *parent)
    : QWidget(parent), m_ctx(context), m_tenant(new QComboBox(this)), m_status(new QLabel(this)), m_balance(new QLabel(this)),
      m_budgets(new JsonTableModel(budgetColumns(), this)), m_ledger(new JsonTableModel(ledgerColumns(), this)), m_chart(new SpendChart(this)),
      m_setBudget(new QPushButton(tr("Set tenant budget…"), this)), m_raise(new QPushButton(tr("Raise budget…"), this)),
      m_remove(new QPushButton(tr("Remove budget"), this)), m_credit(new QPushButton(tr("Credit balance…"), this))
{
    setObjectName(QStringLiteral("spendPanel"));
    m_tenant->setObjectName(QStringLiteral("spendTenant"));
    m_tenant->setAccessibleName(tr("Tenant whose spend is shown"));
    m_tenant->setMinimumWidth(240);
    m_status->setObjectName(QStringLiteral("spendStatus"));
    m_status->setWordWrap(true);
    m_balance->setObjectName(QStringLiteral("spendBalance"));
    m_balance->setWordWrap(true);
    m_balance->setTextFormat(Qt::RichText);
    m_setBudget->setObjectName(QStringLiteral("setBudgetButton"));
    m_raise->setObjectName(QStringLiteral("raiseBudgetButton"));
    m_remove->setObjectName(QStringLiteral("removeBudgetButton"));
    m_credit->setObjectName(QStringLiteral("creditButton"));
    m_budgetsTable = makeTable(m_budgets, this);
    m_budgetsTable->setObjectName(QStringLiteral("budgetsTable"));
    m_ledgerTable = makeTable(m_ledger, this);
    m_ledgerTable->setObjectName(QStringLiteral("ledgerTable"));

    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *tenantLabel = new QLabel(tr("&Tenant:"), this);
    tenantLabel->setBuddy(m_tenant);
    top->addWidget(tenantLabel);
    top->addWidget(m_tenant);
    top->addWidget(m_status, 1);
    layout->addLayout(top);

    auto *budgetsBox = new QGroupBox(tr("Budgets — spend this period (PostgreSQL's billed usage; requests in flight not included)"), this);
    auto *budgetsLayout = new QHBoxLayout(budgetsBox);
    budgetsLayout->addWidget(m_budgetsTable, 1);
    budgetsLayout->addWidget(m_chart, 1);
    layout->addWidget(budgetsBox, 3);

    auto *ledgerBox = new QGroupBox(tr("Prepaid credit and ledger (newest first)"), this);
    auto *ledgerLayout = new QVBoxLayout(ledgerBox);
    ledgerLayout->addWidget(m_balance);
    ledgerLayout->addWidget(m_ledgerTable, 1);
    layout->addWidget(ledgerBox, 2);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    for (QPushButton *b : {m_setBudget, m_raise, m_remove, m_credit})
        buttons->addWidget(b);
    layout->addLayout(buttons);

    connect(m_tenant, &QComboBox::currentIndexChanged, this, [this] { loadSpend(); });
    connect(m_budgetsTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SpendPanel::updateButtons);
    connect(m_setBudget, &QPushButton::clicked, this, [this] { editBudget(tenantBudget()); });
    connect(m_raise, &QPushButton::clicked, this, [this] { editBudget(selectedBudget()); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const QJsonObject b = selectedBudget();
        if (b.isEmpty())
            return;
        const BudgetScope scope{b.value(QLatin1String("level")).toString(), b.value(QLatin1String("scope_id")).toString(),
                                b.value(QLatin1String("scope_name")).toString()};
        m_ctx.actions->run({tr("Remove budget of %1").arg(scope.label()),
                            tr("Requests of %1 are no longer capped by this budget (other budgets and the prepaid credit still apply).").arg(scope.label()),
                            "DELETE", scope.path()},
                           this, [this](const AdminResponse &) {
                               loadSpend();
                               emit changed();
                           });
    });
    connect(m_credit, &QPushButton::clicked, this, [this] {
        auto *dialog = new CreditDialog(tenantId(), m_tenant->currentText(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog] {
            m_ctx.actions->run(dialog->request(), this, [this](const AdminResponse &) {
                loadSpend();
                emit changed();
            });
        });
        dialog->open();
    });
    render();
}

QString SpendPanel::tenantId() const
{
    return m_tenant->currentData().toString();
}

bool SpendPanel::selectTenant(const QString &id)
{
    const int index = m_tenant->findData(id);
    if (index < 0)
        return false;
    m_tenant->setCurrentIndex(index); // loads its spend when it changed
    return true;
}

void SpendPanel::setRole(AdminRole role)
{
    m_role = role;
    updateButtons();
}

void SpendPanel::refresh()
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("200"));
    m_ctx.client->get(QStringLiteral("/admin/tenants"), this, [this](const AdminResponse &r) {
        if (!r.ok()) {
            m_status->setText(r.forbidden() ? tr("Tenants: your role lacks the permission (%1).").arg(r.errorMessage())
                                            : tr("Tenants: %1").arg(r.errorMessage()));
            return;
        }
        const QString chosen = tenantId();
        QList<QPair<QString, QString>> tenants;
        for (const QJsonValue &v : r.object().value(QLatin1String("data")).toArray())
            tenants.append({v[QLatin1String("name")].toString(), v[QLatin1String("id")].toString()});
        std::sort(tenants.begin(), tenants.end());
        bool same = tenants.size() == m_tenant->count();
        for (qsizetype i = 0; same && i < tenants.size(); ++i)
            same = m_tenant->itemData(int(i)).toString() == tenants[i].second && m_tenant->itemText(int(i)) == tenants[i].first;
        if (!same) {
            const QSignalBlocker quiet(m_tenant);
            m_tenant->clear();
            for (const auto &[name, id] : tenants)
                m_tenant->addItem(name, id);
            m_tenant->setCurrentIndex(std::max(0, m_tenant->findData(chosen)));
        }
        loadSpend();
    }, query);
}

void SpendPanel::loadSpend()
{
    const QString id = tenantId();
    const int generation = ++m_generation;
    if (id.isEmpty()) {
        m_spend = {};
        m_shownFor.clear();
        m_status->setText(tr("No tenant yet."));
        render();
        return;
    }
    m_ctx.client->get(QStringLiteral("/admin/tenants/%1/spend").arg(id), this, [this, id, generation](const AdminResponse &r) {
        if (generation != m_generation)
            return;
        if (!r.ok()) {
            m_status->setText(r.forbidden() ? tr("Spend: your role lacks the permission (%1).").arg(r.errorMessage())
                                            : tr("Spend: %1").arg(r.errorMessage()));
            return;
        }
        m_status->clear();
        m_spend = r.object();
        m_shownFor = id;
        render();
    });
    // Names for the budgets' scopes: the tenant with its environments, and its keys.
    m_ctx.client->get(QStringLiteral("/admin/tenants/%1").arg(id), this, [this, generation](const AdminResponse &r) {
        if (generation != m_generation || !r.ok())
            return;
        const QJsonObject t = r.object();
        m_names.insert(t.value(QLatin1String("id")).toString(), t.value(QLatin1String("name")).toString());
        for (const QJsonValue &e : t.value(QLatin1String("environments")).toArray())
            m_names.insert(e[QLatin1String("id")].toString(), e[QLatin1String("name")].toString());
        render();
    });
    QUrlQuery keys;
    keys.addQueryItem(QStringLiteral("tenant_id"), id);
    keys.addQueryItem(QStringLiteral("limit"), QStringLiteral("200"));
    m_ctx.client->get(QStringLiteral("/admin/api-keys"), this, [this, generation](const AdminResponse &r) {
        if (generation != m_generation || !r.ok())
            return;
        for (const QJsonValue &k : r.object().value(QLatin1String("data")).toArray()) {
            const QString name = k[QLatin1String("name")].toString();
            m_names.insert(k[QLatin1String("id")].toString(), name.isEmpty() ? k[QLatin1String("key_prefix")].toString() : name);
        }
        render();
    }, keys);
}

void SpendPanel::render()
{
    const QString selected = selectedBudget().value(QLatin1String("id")).toString();
    QJsonArray budgets;
    for (const QJsonValue &v : m_spend.value(QLatin1String("budgets")).toArray()) {
        QJsonObject b = v.toObject();
        const QString scope = b.value(QLatin1String("scope_id")).toString();
        b.insert(QStringLiteral("id"), QString(b.value(QLatin1String("level")).toString() + QLatin1Char(':') + scope));
        b.insert(QStringLiteral("scope_name"), m_names.value(scope, scope));
        budgets.append(b);
    }
    const bool first = m_budgets->rowCount() == 0;
    m_budgets->setRows(budgets);
    m_ledger->setRows(m_spend.value(QLatin1String("ledger")).toArray());
    if (first && !budgets.isEmpty()) {
        fitColumns(m_budgetsTable, 160);
        fitColumns(m_ledgerTable, 260);
    }
    if (!selected.isEmpty())
        selectRowOfId(m_budgetsTable, selected);
    m_chart->setSpend(budgets, m_spend.value(QLatin1String("credit")));

    const QJsonValue credit = m_spend.value(QLatin1String("credit"));
    if (m_shownFor.isEmpty())
        m_balance->clear();
    else if (!credit.isObject())
        m_balance->setText(tr("Postpaid: no prepaid credit (budgets only). The first credit makes the tenant prepaid."));
    else {
        const QJsonObject c = credit.toObject();
        const qint64 balance = c.value(QLatin1String("balance_micros")).toInteger();
        m_balance->setText(tr("Prepaid balance: <b>%1</b> — %2 credited, %3 spent since %4")
                               .arg(moneyText(balance), moneyText(c.value(QLatin1String("credited_micros")).toInteger()),
                                    moneyText(c.value(QLatin1String("spent_micros")).toInteger()),
                                    detail::timeText(c.value(QLatin1String("prepaid_since")), QString()).toHtmlEscaped()));
        m_balance->setStyleSheet(balance <= 0 ? QStringLiteral("color: #c62828") : QString());
    }
    updateButtons();
}

QJsonObject SpendPanel::selectedBudget() const
{
    return selectedRowObject(m_budgetsTable);
}

QJsonObject SpendPanel::tenantBudget() const
{
    for (int r = 0; r < m_budgets->rowCount(); ++r)
        if (m_budgets->rowObject(r).value(QLatin1String("level")).toString() == QLatin1String("tenant"))
            return m_budgets->rowObject(r);
    return {};
}

void SpendPanel::editBudget(const QJsonObject &budget)
{
    const BudgetScope scope = budget.isEmpty()
        ? BudgetScope{QStringLiteral("tenant"), tenantId(), m_tenant->currentText()}
        : BudgetScope{budget.value(QLatin1String("level")).toString(), budget.value(QLatin1String("scope_id")).toString(),
                      budget.value(QLatin1String("scope_name")).toString()};
    if (scope.id.isEmpty())
        return;
    auto *dialog = new BudgetDialog(scope, budget, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_ctx.actions->run(dialog->request(), this, [this](const AdminResponse &) {
            loadSpend();
            emit changed();
        });
    });
    dialog->open();
}

void SpendPanel::updateButtons()
{
    const bool tenant = !m_shownFor.isEmpty();
    const bool selected = !selectedBudget().isEmpty();
    const auto gate = [this](QPushButton *b, const char *permission, bool applies, const QString &what, const QString &why) {
        const bool allowed = adminRoleHas(m_role, permission);
        b->setEnabled(allowed && applies);
        b->setToolTip(!allowed ? tr("%1 needs the '%2' permission, which the %3 role does not have.").arg(what, QLatin1String(permission), adminRoleName(m_role))
                      : applies ? what : why);
    };
    m_setBudget->setText(tenantBudget().isEmpty() ? tr("Set tenant budget…") : tr("Change tenant budget…"));
    gate(m_setBudget, "limits", tenant, tr("Sets the tenant's budget (all its keys together)."), tr("Choose a tenant first."));
    gate(m_raise, "limits", selected, tr("Raises (or lowers) the selected budget."), tr("Select a budget in the table first."));
    gate(m_remove, "limits", selected, tr("Removes the selected budget."), tr("Select a budget in the table first."));
    gate(m_credit, "billing", tenant, tr("Adds prepaid credit to the tenant's balance."), tr("Choose a tenant first."));
}

} // namespace crosslogic::console
