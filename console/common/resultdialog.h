// Outcome of a mutating action (or of its dry run when that failed): success with the audit id, or the error.
#pragma once

#include "adminclient/adminresponse.h"
#include "common/actionrequest.h"

#include <QDialog>

class QLabel;

namespace crosslogic::console {

class ResultDialog : public QDialog
{
    Q_OBJECT
public:
    ResultDialog(const ActionRequest &request, const AdminResponse &response, bool dryRunFailed, QWidget *parent = nullptr);
    QString summary() const;

private:
    QLabel *m_summary;
};

} // namespace crosslogic::console
