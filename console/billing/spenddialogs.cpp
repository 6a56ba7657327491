// The forms in front of the spend remediations: a budget (amount, period, thresholds) and a prepaid credit.
#include "billing/spenddialogs.h"

#include "billing/money.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include <algorithm>

namespace crosslogic::console {

namespace {
// "50, 80, 100" → [50, 80, 100]; empty when it is not 1 to 10 percentages from 1 to 100.
QJsonArray parseThresholds(const QString &text)
{
    QJsonArray out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int v = part.trimmed().remove(QLatin1Char('%')).trimmed().toInt(&ok);
        if (!ok || v < 1 || v > 100)
            return {};
        out.append(v);
    }
    return out.size() > 10 ? QJsonArray() : out;
}

QDialogButtonBox *reviewButtons(QDialog *dialog, QPushButton **review)
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    *review = buttons->addButton(QCoreApplication::translate("crosslogic::console::BudgetDialog", "Review change…"), QDialogButtonBox::AcceptRole);
    (*review)->setObjectName(QStringLiteral("reviewButton"));
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    return buttons;
}

QLabel *problemLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QStringLiteral("problem"));
    label->setStyleSheet(QStringLiteral("color: #c62828"));
    label->setWordWrap(true);
    return label;
}
} // namespace

QString periodName(const QString &period)
{
    if (period == QLatin1String("daily"))
        return BudgetDialog::tr("daily");
    if (period == QLatin1String("monthly"))
        return BudgetDialog::tr("monthly");
    if (period == QLatin1String("lifetime"))
        return BudgetDialog::tr("lifetime");
    return period;
}

QString BudgetScope::path() const
{
    const char *collection = level == QLatin1String("key") ? "api-keys" : level == QLatin1String("environment") ? "environments" : "tenants";
    return QStringLiteral("/admin/%1/%2/budget").arg(QLatin1String(collection), id);
}

QString BudgetScope::label() const
{
    const QString who = name.isEmpty() ? id : name;
    if (level == QLatin1String("key"))
        return BudgetDialog::tr("key %1").arg(who);
    if (level == QLatin1String("environment"))
        return BudgetDialog::tr("environment %1").arg(who);
    return BudgetDialog::tr("tenant %1").arg(who);
}

BudgetDialog::BudgetDialog(const BudgetScope &scope, const QJsonObject &current, QWidget *parent)
    : QDialog(parent), m_scope(scope), m_current(current), m_amount(new QLineEdit(this)), m_period(new QComboBox(this)),
      m_thresholds(new QLineEdit(this)), m_problem(problemLabel(this))
{
    setObjectName(QStringLiteral("budgetDialog"));
    setWindowTitle(current.isEmpty() ? tr("Set budget of %1").arg(scope.label()) : tr("Change budget of %1").arg(scope.label()));
    m_amount->setObjectName(QStringLiteral("budgetAmount"));
    m_amount->setPlaceholderText(tr("e.g. %1").arg(moneyText(50000000)));
    m_period->setObjectName(QStringLiteral("budgetPeriod"));
    for (const char *p : {"daily", "monthly", "lifetime"})
        m_period->addItem(periodName(QLatin1String(p)), QLatin1String(p));
    m_thresholds->setObjectName(QStringLiteral("budgetThresholds"));
    m_thresholds->setText(QStringLiteral("50, 80, 100"));
    if (!current.isEmpty()) {
        m_amount->setText(moneyText(current.value(QLatin1String("amount_micros")).toInteger()));
        m_period->setCurrentIndex(std::max(0, m_period->findData(current.value(QLatin1String("period")).toString())));
        QStringList t;
        for (const QJsonValue &v : current.value(QLatin1String("thresholds")).toArray())
            t << QString::number(v.toInt());
        if (!t.isEmpty())
            m_thresholds->setText(t.join(QStringLiteral(", ")));
    }
    auto *form = new QFormLayout(this);
    auto *intro = new QLabel(tr("Requests of %1 are refused with 429 insufficient_quota once the spend of the period would pass the amount.")
                                 .arg(scope.label().toHtmlEscaped()), this);
    intro->setWordWrap(true);
    form->addRow(intro);
    if (!current.isEmpty())
        form->addRow(tr("Now:"), new QLabel(tr("%1 per %2 period").arg(moneyText(current.value(QLatin1String("amount_micros")).toInteger()),
                                                                      periodName(current.value(QLatin1String("period")).toString())), this));
    form->addRow(tr("&Amount (currency units):"), m_amount);
    form->addRow(tr("&Period (UTC):"), m_period);
    form->addRow(tr("&Thresholds (%):"), m_thresholds);
    form->addRow(m_problem);
    form->addRow(reviewButtons(this, &m_review));
    connect(m_amount, &QLineEdit::textChanged, this, &BudgetDialog::validate);
    connect(m_thresholds, &QLineEdit::textChanged, this, &BudgetDialog::validate);
    validate();
}

void BudgetDialog::validate()
{
    QString problem;
    if (!parseMoney(m_amount->text()))
        problem = tr("Type an amount above zero with at most six decimals, e.g. %1.").arg(moneyText(50000));
    else if (parseThresholds(m_thresholds->text()).isEmpty())
        problem = tr("Thresholds are 1 to 10 percentages from 1 to 100, separated by commas.");
    m_problem->setText(problem);
    m_review->setEnabled(problem.isEmpty());
}

ActionRequest BudgetDialog::request() const
{
    const qint64 amount = parseMoney(m_amount->text()).value_or(0);
    const QString period = m_period->currentData().toString();
    const QJsonObject body{{QStringLiteral("amount_micros"), amount}, {QStringLiteral("period"), period},
                           {QStringLiteral("thresholds"), parseThresholds(m_thresholds->text())}};
    const qint64 before = m_current.value(QLatin1String("amount_micros")).toInteger();
    QString title;
    if (m_current.isEmpty())
        title = tr("Set budget of %1 to %2 %3").arg(m_scope.label(), moneyText(amount), periodName(period));
    else if (amount > before)
        title = tr("Raise budget of %1 to %2 %3").arg(m_scope.label(), moneyText(amount), periodName(period));
    else if (amount < before)
        title = tr("Lower budget of %1 to %2 %3").arg(m_scope.label(), moneyText(amount), periodName(period));
    else
        title = tr("Change budget of %1 to %2 %3").arg(m_scope.label(), moneyText(amount), periodName(period));
    const QString description = m_current.isEmpty()
        ? tr("New budget: %1 (%2 micro-units) per %3 period. Every replica applies it to the next request.")
              .arg(moneyText(amount)).arg(amount).arg(periodName(period))
        : tr("%1 → %2 (%3 micro-units) per %4 period. Every replica applies it to the next request.")
              .arg(moneyText(before), moneyText(amount)).arg(amount).arg(periodName(period));
    return {title, description, "PUT", m_scope.path(), body};
}

CreditDialog::CreditDialog(const QString &tenantId, const QString &tenantName, QWidget *parent)
    : QDialog(parent), m_tenantId(tenantId), m_tenantName(tenantName.isEmpty() ? tenantId : tenantName), m_amount(new QLineEdit(this)),
      m_reference(new QLineEdit(this)), m_problem(problemLabel(this))
{
    setObjectName(QStringLiteral("creditDialog"));
    setWindowTitle(tr("Credit the balance of tenant %1").arg(m_tenantName));
    m_amount->setObjectName(QStringLiteral("creditAmount"));
    m_amount->setPlaceholderText(tr("e.g. %1").arg(moneyText(100000000)));
    m_reference->setObjectName(QStringLiteral("creditReference"));
    m_reference->setMaxLength(200);
    m_reference->setPlaceholderText(tr("invoice or ticket (optional)"));
    auto *form = new QFormLayout(this);
    auto *intro = new QLabel(tr("Adds prepaid credit to the ledger. The first credit makes the tenant prepaid: from then on its requests are "
                                "served only while the balance covers them."), this);
    intro->setWordWrap(true);
    form->addRow(intro);
    form->addRow(tr("&Amount (currency units):"), m_amount);
    form->addRow(tr("&Reference:"), m_reference);
    form->addRow(m_problem);
    form->addRow(reviewButtons(this, &m_review));
    connect(m_amount, &QLineEdit::textChanged, this, &CreditDialog::validate);
    validate();
}

void CreditDialog::validate()
{
    const bool ok = parseMoney(m_amount->text()).has_value();
    m_problem->setText(ok ? QString() : BudgetDialog::tr("Type an amount above zero with at most six decimals, e.g. %1.").arg(moneyText(50000)));
    m_review->setEnabled(ok);
}

ActionRequest CreditDialog::request() const
{
    const qint64 amount = parseMoney(m_amount->text()).value_or(0);
    QJsonObject body{{QStringLiteral("amount_micros"), amount}};
    if (!m_reference->text().trimmed().isEmpty())
        body.insert(QStringLiteral("reference"), m_reference->text().trimmed());
    return {tr("Credit %1 to tenant %2").arg(moneyText(amount), m_tenantName),
            tr("Adds %1 (%2 micro-units) of prepaid credit; the ledger keeps the entry and the balance after it.").arg(moneyText(amount)).arg(amount),
            "POST", QStringLiteral("/admin/tenants/%1/credit").arg(m_tenantId), body};
}

} // namespace crosslogic::console
