// The one confirm-with-dry-run helper: ?dry_run=true first, show what would change, run on confirmation, show audit id.
#include "common/actionrunner.h"

#include "adminclient/adminclient.h"
#include "common/dryrundialog.h"
#include "common/resultdialog.h"

#include <QPointer>
#include <QWidget>

namespace crosslogic::console {

ActionRunner::ActionRunner(AdminClient *client, QObject *parent) : QObject(parent), m_client(client) {}

void ActionRunner::run(const ActionRequest &request, QWidget *parent, std::function<void(const AdminResponse &)> done)
{
    QPointer<QWidget> owner(parent);
    m_client->send(request.method, request.path, request.body, true, this,
                   [this, request, owner, done](const AdminResponse &r) {
                       if (!r.ok()) {
                           auto *box = new ResultDialog(request, r, true, owner);
                           showDialog(box);
                           emit finished(request, r);
                           return;
                       }
                       confirm(request, r, owner, done);
                   },
                   request.query);
}

void ActionRunner::confirm(const ActionRequest &request, const AdminResponse &dryRun, QWidget *parent,
                           std::function<void(const AdminResponse &)> done)
{
    auto *dialog = new DryRunDialog(request, dryRun.object(), parent);
    QPointer<QWidget> owner(parent);
    connect(dialog, &QDialog::accepted, this, [this, dialog, request, owner, done] {
        ActionRequest withReason = request;
        withReason.reason = dialog->reason();
        execute(withReason, owner, done);
    });
    showDialog(dialog);
}

void ActionRunner::execute(const ActionRequest &request, QWidget *parent, std::function<void(const AdminResponse &)> done)
{
    QPointer<QWidget> owner(parent);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!request.reason.isEmpty())
        headers.append({QByteArrayLiteral("X-Audit-Reason"), request.reason.toUtf8().toPercentEncoding()});
    m_client->send(request.method, request.path, request.body, false, this,
                   [this, request, owner, done](const AdminResponse &r) {
                       auto *result = new ResultDialog(request, r, false, owner);
                       // Undo runs the inverse through its own preview; the caller's follow-up (refresh) runs again after it.
                       connect(result, &ResultDialog::undoRequested, this, [this, owner, done](const ActionRequest &inverse) {
                           run(inverse, owner, done);
                       });
                       showDialog(result);
                       emit finished(request, r);
                       if (done)
                           done(r);
                   },
                   request.query, headers);
}

void ActionRunner::showDialog(QDialog *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    dialog->open();
    emit dialogShown(dialog);
}

} // namespace crosslogic::console
