// Confirmation dialog of a mutating action: what the daemon says it would change, readable, with the raw JSON folded.
#pragma once

#include "common/actionrequest.h"

#include <QDialog>
#include <QJsonObject>

class QLabel;
class QLineEdit;
class QPushButton;

namespace crosslogic::console {

class DryRunDialog : public QDialog
{
    Q_OBJECT
public:
    DryRunDialog(const ActionRequest &request, const QJsonObject &dryRun, QWidget *parent = nullptr);
    QPushButton *applyButton() const { return m_apply; }
    QLineEdit *reasonEdit() const { return m_reason; }
    // What the operator typed as the reason (trimmed; empty when none).
    QString reason() const;
    // The daemon's consequences of the change, one per line; empty when it listed none.
    QString consequencesText() const;

private:
    QPushButton *m_apply;
    QLineEdit *m_reason;
    QLabel *m_consequences = nullptr;
};

} // namespace crosslogic::console
