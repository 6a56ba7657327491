// Form for POST /admin/nodes/launch: model, provider, region, instance type, spot.
#pragma once

#include <QDialog>
#include <QJsonObject>

class QLineEdit;
class QComboBox;
class QCheckBox;

namespace crosslogic::console {

class LaunchNodeDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LaunchNodeDialog(const QString &defaultModel, QWidget *parent = nullptr);
    QJsonObject body() const;

private:
    QLineEdit *m_model;
    QComboBox *m_provider;
    QLineEdit *m_region;
    QLineEdit *m_instanceType;
    QCheckBox *m_spot;
};

} // namespace crosslogic::console
