// The forms in front of the spend remediations: set, raise or lower a budget of a key, environment or tenant, and
// credit a tenant's prepaid balance. Each only builds the request; the dry-run preview, the call and the audit id
// are ActionRunner's, as for every other fix.
#pragma once

#include "common/actionrequest.h"

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace crosslogic::console {

// What a budget belongs to: {"key", id, "checkout-service"} → PUT /admin/api-keys/{id}/budget.
struct BudgetScope
{
    QString level; // key, environment or tenant (budgets.level)
    QString id;
    QString name;
    QString path() const;
    QString label() const; // "tenant acme"
};

class BudgetDialog : public QDialog
{
    Q_OBJECT
public:
    // current: the budget as GET /admin/tenants/{id}/spend lists it (empty when the scope has none).
    BudgetDialog(const BudgetScope &scope, const QJsonObject &current, QWidget *parent = nullptr);
    QLineEdit *amountEdit() const { return m_amount; }
    QComboBox *periodBox() const { return m_period; }
    QLineEdit *thresholdsEdit() const { return m_thresholds; }
    QPushButton *reviewButton() const { return m_review; }
    // The PUT it describes, titled set / raise / lower; only meaningful while reviewButton() is enabled.
    ActionRequest request() const;

private:
    void validate();

    BudgetScope m_scope;
    QJsonObject m_current;
    QLineEdit *m_amount;
    QComboBox *m_period;
    QLineEdit *m_thresholds;
    QLabel *m_problem;
    QPushButton *m_review;
};

class CreditDialog : public QDialog
{
    Q_OBJECT
public:
    CreditDialog(const QString &tenantId, const QString &tenantName, QWidget *parent = nullptr);
    QLineEdit *amountEdit() const { return m_amount; }
    QLineEdit *referenceEdit() const { return m_reference; }
    QPushButton *reviewButton() const { return m_review; }
    ActionRequest request() const;

private:
    void validate();

    QString m_tenantId;
    QString m_tenantName;
    QLineEdit *m_amount;
    QLineEdit *m_reference;
    QLabel *m_problem;
    QPushButton *m_review;
};

// "daily" → tr("daily") etc.
QString periodName(const QString &period);

} // namespace crosslogic::console
