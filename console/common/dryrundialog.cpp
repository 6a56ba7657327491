// Confirmation dialog of a mutating action: what the daemon says it would change, readable, with the raw JSON folded.
#include "common/dryrundialog.h"

#include "common/daemontext.h"
#include "common/jsontree.h"

#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
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
    // What the daemon computed the change would cause ("last routable node for model X: …"): above everything else.
    const QJsonArray consequences = would.toObject().value(QLatin1String("consequences")).toArray();
    if (!consequences.isEmpty()) {
        QStringList lines;
        bool critical = false;
        for (const QJsonValue &v : consequences) {
            const QJsonObject c = v.toObject();
            const bool isCritical = c.value(QLatin1String("severity")).toString() == QLatin1String("critical");
            critical = critical || isCritical;
            lines << (isCritical ? QStringLiteral("⚠ ") : QStringLiteral("• ")) + DaemonText::consequence(c).toHtmlEscaped();
        }
        m_consequences = new QLabel(QStringLiteral("<b>%1</b><br>%2").arg(tr("Consequences:"), lines.join(QStringLiteral("<br>"))), this);
        m_consequences->setObjectName(QStringLiteral("consequences"));
        m_consequences->setWordWrap(true);
        m_consequences->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_consequences->setStyleSheet(critical ? QStringLiteral("QLabel#consequences { background: #c62828; color: white; padding: 8px; border-radius: 4px; }")
                                               : QStringLiteral("QLabel#consequences { background: #fff3e0; color: black; padding: 8px; border-radius: 4px; }"));
        layout->addWidget(m_consequences);
    }
    if (would.toObject().contains(QLatin1String("undo"))) {
        auto *reversible = new QLabel(tr("This change can be undone: the result offers Undo."), this);
        reversible->setObjectName(QStringLiteral("reversibleNote"));
        layout->addWidget(reversible);
    }
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

    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("reasonEdit"));
    m_reason->setMaxLength(500);
    m_reason->setPlaceholderText(tr("e.g. ticket number or why this is needed (optional)"));
    m_reason->setAccessibleName(tr("Reason for the audit log"));
    auto *reasonRow = new QFormLayout;
    reasonRow->addRow(tr("&Reason:"), m_reason);
    layout->addLayout(reasonRow);

    auto *buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(QStringLiteral("applyButton"));
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString DryRunDialog::reason() const
{
    return m_reason->text().trimmed();
}

QString DryRunDialog::consequencesText() const
{
    return m_consequences ? m_consequences->text() : QString();
}

} // namespace crosslogic::console
