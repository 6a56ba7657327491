// Edits a key's limits (requests/min, tokens/min, concurrency); 0 means "no key-level limit" (JSON null).
#include "keys/limitsdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSpinBox>

namespace crosslogic::console {

namespace {
QSpinBox *limitBox(const QJsonValue &current, int maximum, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(0, maximum);
    box->setSpecialValueText(LimitsDialog::tr("no key limit"));
    box->setValue(current.isDouble() ? current.toInt() : 0);
    box->setMinimumWidth(160);
    return box;
}
} // namespace

LimitsDialog::LimitsDialog(const QJsonObject &key, QWidget *parent)
    : QDialog(parent), m_key(key), m_requests(limitBox(key.value(QLatin1String("rate_limit_requests_per_min")), 10000000, this)),
      m_tokens(limitBox(key.value(QLatin1String("rate_limit_tokens_per_min")), 1000000000, this)),
      m_concurrency(limitBox(key.value(QLatin1String("concurrency_limit")), 100000, this))
{
    setWindowTitle(tr("Limits of %1").arg(key.value(QLatin1String("key_prefix")).toString()));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Requests per minute"), m_requests);
    form->addRow(tr("Tokens per minute"), m_tokens);
    form->addRow(tr("Concurrent requests"), m_concurrency);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Review change…"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QJsonObject LimitsDialog::changes() const
{
    QJsonObject out;
    const auto add = [&](const char *field, const QSpinBox *box) {
        const QJsonValue before = m_key.value(QLatin1String(field));
        const QJsonValue after = box->value() == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(box->value());
        if (before.toInt(-1) != after.toInt(-1) || before.isNull() != after.isNull())
            out.insert(QLatin1String(field), after);
    };
    add("rate_limit_requests_per_min", m_requests);
    add("rate_limit_tokens_per_min", m_tokens);
    add("concurrency_limit", m_concurrency);
    return out;
}

} // namespace crosslogic::console
