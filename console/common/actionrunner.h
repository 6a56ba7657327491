// The one confirm-with-dry-run helper: ?dry_run=true first, show what would change, run on confirmation, show audit id.
#pragma once

#include "adminclient/adminresponse.h"
#include "common/actionrequest.h"

#include <QObject>
#include <QPointer>
#include <functional>

#include <QDialog>
class QWidget;

namespace crosslogic {
class AdminClient;
}

namespace crosslogic::console {

class ActionRunner : public QObject
{
    Q_OBJECT
public:
    ActionRunner(AdminClient *client, QObject *parent = nullptr);

    // Never blocks: dialogs are opened with open(), answers arrive asynchronously. done runs after the real call.
    void run(const ActionRequest &request, QWidget *parent, std::function<void(const AdminResponse &)> done = {});

    // Test hook: the dialog currently waiting for the operator (confirmation or result), if any.
    QDialog *currentDialog() const { return m_dialog; }

signals:
    void dialogShown(QDialog *dialog);
    void finished(const crosslogic::console::ActionRequest &request, const crosslogic::AdminResponse &response);

private:
    void confirm(const ActionRequest &request, const AdminResponse &dryRun, QWidget *parent,
                 std::function<void(const AdminResponse &)> done);
    void execute(const ActionRequest &request, QWidget *parent, std::function<void(const AdminResponse &)> done);
    void showDialog(QDialog *dialog);

    AdminClient *m_client;
    QPointer<QDialog> m_dialog;
};

} // namespace crosslogic::console
