// Billing → "Spend & credit": one tenant's budgets (level, period, limit, spent, remaining, reset) with a chart of
// spend against each, its prepaid balance and credit ledger (newest first), and the remediations: set the tenant's
// budget, raise (or lower) the selected one, remove it, credit the balance. GET /admin/tenants/{id}/spend.
#pragma once

#include "adminclient/adminrole.h"
#include "common/viewcontext.h"

#include <QJsonObject>
#include <QMap>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace crosslogic::console {

class JsonTableModel;
class SpendChart;

class SpendPanel : public QWidget
{
    Q_OBJECT
public:
    SpendPanel(const ViewContext &context, QWidget *parent = nullptr);

    // Reloads the tenant list and the chosen tenant's spend.
    void refresh();
    void setRole(AdminRole role);
    // Chooses the tenant (once listed); false when it is not.
    bool selectTenant(const QString &tenantId);
    QString tenantId() const;

    QComboBox *tenantBox() const { return m_tenant; }
    JsonTableModel *budgets() const { return m_budgets; }
    JsonTableModel *ledger() const { return m_ledger; }
    QTableView *budgetsTable() const { return m_budgetsTable; }
    SpendChart *chart() const { return m_chart; }
    QLabel *balance() const { return m_balance; }
    QPushButton *setBudgetButton() const { return m_setBudget; }
    QPushButton *raiseBudgetButton() const { return m_raise; }
    QPushButton *creditButton() const { return m_credit; }
    // The spend of the chosen tenant has been shown (at least once since it was chosen).
    bool hasSpend() const { return m_shownFor == tenantId() && !m_shownFor.isEmpty(); }

signals:
    // A remediation finished (the Billing view refreshes its other tables).
    void changed();

private:
    void loadSpend();
    void render();
    void updateButtons();
    QJsonObject selectedBudget() const;
    QJsonObject tenantBudget() const;
    void editBudget(const QJsonObject &budget);

    ViewContext m_ctx;
    AdminRole m_role = AdminRole::Unknown;
    QComboBox *m_tenant;
    QLabel *m_status;
    QLabel *m_balance;
    JsonTableModel *m_budgets;
    JsonTableModel *m_ledger;
    QTableView *m_budgetsTable;
    QTableView *m_ledgerTable;
    SpendChart *m_chart;
    QPushButton *m_setBudget;
    QPushButton *m_raise;
    QPushButton *m_remove;
    QPushButton *m_credit;
    QJsonObject m_spend;               // the last answer for m_shownFor
    QMap<QString, QString> m_names;    // scope id → name (the tenant, its environments and keys)
    QString m_shownFor;
    int m_generation = 0;              // answers for a tenant no longer chosen are dropped
};

} // namespace crosslogic::console
