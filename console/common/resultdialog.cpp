// Outcome of a mutating action (or of its dry run when that failed): success with the audit id, or the error.
#include "common/resultdialog.h"

#include "common/jsontree.h"

#include <QDialogButtonBox>
#include <QJsonObject>
#include <QPushButton>
#include <QLabel>
#include <QVBoxLayout>

namespace crosslogic::console {

ResultDialog::ResultDialog(const ActionRequest &request, const AdminResponse &response, bool dryRunFailed, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("resultDialog"));
    setWindowTitle(request.title);
    resize(520, 360);
    auto *layout = new QVBoxLayout(this);
    QString text;
    if (response.ok()) {
        const qint64 audit = response.auditId();
        text = audit >= 0 ? tr("<b>Done.</b> Recorded in the audit log as entry <b>%1</b>.").arg(audit) : tr("<b>Done.</b>");
    } else if (!response.reachable()) {
        // No HTTP answer: nothing was refused; the daemon did not say anything (timeout, refused connection).
        text = dryRunFailed ? tr("<b>No answer:</b> the daemon did not answer the dry run (%1). Nothing was changed.")
                                  .arg(response.errorMessage().toHtmlEscaped())
                            : tr("<b>No answer</b> (%1): the change may or may not have been applied; refresh to see the current state.")
                                  .arg(response.errorMessage().toHtmlEscaped());
    } else if (dryRunFailed) {
        text = tr("<b>Not possible:</b> the dry run was refused (%1): %2").arg(response.status).arg(response.errorMessage().toHtmlEscaped());
    } else {
        text = tr("<b>Failed</b> (%1): %2").arg(response.status).arg(response.errorMessage().toHtmlEscaped());
    }
    m_summary = new QLabel(text, this);
    m_summary->setObjectName(QStringLiteral("resultSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    if (response.ok()) {
        auto *tree = new JsonTree(this);
        tree->setJson(response.object());
        layout->addWidget(tree, 1);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    const QJsonObject undo = response.ok() ? response.object().value(QLatin1String("undo")).toObject() : QJsonObject();
    if (!undo.isEmpty()) {
        m_undo = ActionRequest(tr("Undo: %1").arg(request.title), tr("Puts back what “%1” changed (the inverse the daemon named).").arg(request.title),
                               undo.value(QLatin1String("method")).toString().toLatin1(), undo.value(QLatin1String("path")).toString(),
                               undo.value(QLatin1String("body")).toObject());
        m_undoButton = buttons->addButton(tr("&Undo…"), QDialogButtonBox::ActionRole);
        m_undoButton->setObjectName(QStringLiteral("undoButton"));
        m_undoButton->setAccessibleName(tr("Undo this change"));
        connect(m_undoButton, &QPushButton::clicked, this, [this] {
            const ActionRequest inverse = *m_undo;
            accept();
            emit undoRequested(inverse);
        });
    }
    layout->addWidget(buttons);
}

QString ResultDialog::summary() const
{
    return m_summary->text();
}

} // namespace crosslogic::console
