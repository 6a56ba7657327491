// Confirmation dialog of a mutating action: what the daemon says it would change, readable, with the raw JSON folded.
#include "common/dryrundialog.h"

#include "common/jsontree.h"

#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace crosslogic::console {

DryRunDialog::DryRunDialog(const ActionRequest &request, const QJsonObject &dryRun, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("dryRunDialog"));
    setWindowTitle(tr("Confirm: %1").arg(request.title));
    resize(560, 440);
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(QStringLiteral("<b>%1</b>").arg(request.title.toHtmlEscaped()), this);
    layout->addWidget(heading);
    if (!request.description.isEmpty()) {
        auto *description = new QLabel(request.description, this);
        description->setWordWrap(true);
        layout->addWidget(description);
    }
    auto *call = new QLabel(tr("Request: <code>%1 %2</code> — nothing has changed yet; this is what the daemon would do:")
                                .arg(QString::fromLatin1(request.method), request.path.toHtmlEscaped()),
                            this);
    call->setWordWrap(true);
    layout->addWidget(call);

    const QJsonValue would = dryRun.contains(QLatin1String("would")) ? dryRun.value(QLatin1String("would")) : QJsonValue(dryRun);
    auto *tree = new JsonTree(this);
    tree->setObjectName(QStringLiteral("wouldTree"));
    tree->setJson(would);
    layout->addWidget(tree, 1);

    auto *toggle = new QToolButton(this);
    toggle->setText(tr("Show raw JSON"));
    toggle->setCheckable(true);
    layout->addWidget(toggle);
    auto *raw = new QPlainTextEdit(QString::fromUtf8(QJsonDocument(dryRun).toJson(QJsonDocument::Indented)), this);
    raw->setObjectName(QStringLiteral("dryRunDetail"));
    raw->setReadOnly(true);
    raw->setVisible(false);
    raw->setFont(QFont(QStringLiteral("monospace")));
    layout->addWidget(raw, 1);
    connect(toggle, &QToolButton::toggled, raw, &QWidget::setVisible);

    auto *buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(QStringLiteral("applyButton"));
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace crosslogic::console
