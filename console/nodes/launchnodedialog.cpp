// Form for POST /admin/nodes/launch: model, provider, region, instance type, spot.
#include "nodes/launchnodedialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>

namespace crosslogic::console {

LaunchNodeDialog::LaunchNodeDialog(const QString &defaultModel, QWidget *parent)
    : QDialog(parent), m_model(new QLineEdit(defaultModel, this)), m_provider(new QComboBox(this)), m_region(new QLineEdit(this)),
      m_instanceType(new QLineEdit(this)), m_spot(new QCheckBox(tr("Spot instance (cheaper, may be reclaimed)"), this))
{
    setWindowTitle(tr("Launch node"));
    m_provider->addItems({QStringLiteral("local"), QStringLiteral("aws"), QStringLiteral("gcp"), QStringLiteral("azure"),
                          QStringLiteral("lambda")});
    m_region->setPlaceholderText(QStringLiteral("us-east-1"));
    m_instanceType->setPlaceholderText(QStringLiteral("g5.2xlarge"));
    m_model->setPlaceholderText(QStringLiteral("meta-llama/Llama-3.1-8B-Instruct"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("Provider"), m_provider);
    form->addRow(tr("Region"), m_region);
    form->addRow(tr("Instance type"), m_instanceType);
    form->addRow(QString(), m_spot);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Review launch…"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QJsonObject LaunchNodeDialog::body() const
{
    QJsonObject o{{QStringLiteral("model_name"), m_model->text().trimmed()}, {QStringLiteral("provider"), m_provider->currentText()},
                  {QStringLiteral("spot"), m_spot->isChecked()}};
    if (!m_region->text().trimmed().isEmpty())
        o.insert(QStringLiteral("region"), m_region->text().trimmed());
    if (!m_instanceType->text().trimmed().isEmpty())
        o.insert(QStringLiteral("instance_type"), m_instanceType->text().trimmed());
    return o;
}

} // namespace crosslogic::console
