// Outcome of a mutating action (or of its dry run when that failed): success with the audit id, or the error.
#pragma once

#include "adminclient/adminresponse.h"
#include "common/actionrequest.h"

#include <QDialog>

#include <optional>

class QLabel;
class QPushButton;

namespace crosslogic::console {

class ResultDialog : public QDialog
{
    Q_OBJECT
public:
    ResultDialog(const ActionRequest &request, const AdminResponse &response, bool dryRunFailed, QWidget *parent = nullptr);
    QString summary() const;
    // The daemon's inverse of the change ("undo" in its answer) as an action, when it named one.
    std::optional<ActionRequest> undo() const { return m_undo; }
    QPushButton *undoButton() const { return m_undoButton; }

signals:
    // Undo was clicked: run this request (through its own dry-run preview).
    void undoRequested(const crosslogic::console::ActionRequest &request);

private:
    QLabel *m_summary;
    std::optional<ActionRequest> m_undo;
    QPushButton *m_undoButton = nullptr;
};

} // namespace crosslogic::console
