// Escalation (for SREs): the §10 contact table from the operators' config, the §8.1 outage checklist live, and the
// audit log.
#include "escalation/escalationview.h"

#include "adminclient/adminclient.h"
#include "common/statuslevel.h"
#include "common/tables.h"
#include "detail/tablelinks.h"
#include "escalation/auditmodel.h"
#include "escalation/escalationconfig.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace crosslogic::console {

EscalationView::EscalationView(const ViewContext &context, const QString &configPath, QWidget *parent)
    : ConsoleView(context, QStringLiteral("escalation"), tr("Escalation"), 15000, parent),
      m_contacts(new QTableWidget(content())), m_contactsSource(new QLabel(content())),
      m_checklist(new QTreeWidget(content())), m_checklistStatus(new QLabel(content())),
      m_audit(new AuditModel(this)), m_auditFilter(new QLineEdit(content())),
      m_auditStatus(new QLabel(content()))
{
    auto *layout = new QVBoxLayout(content());
    auto *top = new QHBoxLayout;

    const EscalationConfig config = EscalationConfig::load(configPath);
    auto *contactsBox = new QGroupBox(tr("Contact escalation (runbook §10)"), content());
    auto *contactsLayout = new QVBoxLayout(contactsBox);
    m_contacts->setColumnCount(4);
    m_contacts->setHorizontalHeaderLabels({tr("Issue type"), tr("First contact"), tr("Escalation"), tr("Channel")});
    m_contacts->setRowCount(int(config.contacts.size()));
    for (int i = 0; i < config.contacts.size(); ++i) {
        const EscalationContact &c = config.contacts[i];
        const QStringList cells{c.issueType, c.firstContact, c.escalation, c.channel};
        for (int col = 0; col < cells.size(); ++col)
            m_contacts->setItem(i, col, new QTableWidgetItem(cells[col]));
    }
    m_contacts->verticalHeader()->hide();
    m_contacts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_contacts->setAlternatingRowColors(true);
    m_contacts->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_contactsSource->setText(config.error.isEmpty() ? tr("From %1").arg(config.source) : config.error);
    m_contactsSource->setWordWrap(true);
    contactsLayout->addWidget(m_contacts);
    contactsLayout->addWidget(m_contactsSource);
    top->addWidget(contactsBox, 1);

    auto *checklistBox = new QGroupBox(tr("Outage checklist (runbook §8.1, live)"), content());
    auto *checklistLayout = new QVBoxLayout(checklistBox);
    m_checklist->setColumnCount(3);
    m_checklist->setHeaderLabels({tr("Step"), tr("Status"), tr("Detail")});
    m_checklist->setRootIsDecorated(false);
    m_checklist->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_checklist->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    checklistLayout->addWidget(m_checklistStatus);
    checklistLayout->addWidget(m_checklist);
    top->addWidget(checklistBox, 1);
    layout->addLayout(top, 1);

    auto *auditBox = new QGroupBox(tr("Audit log"), content());
    auto *auditLayout = new QVBoxLayout(auditBox);
    m_auditTable = makeTable(m_audit, auditBox, &m_auditProxy);
    linkTable(m_auditTable, m_ctx.navigator);
    m_auditFilter->setPlaceholderText(tr("Filter (action, token, target…)"));
    m_auditFilter->setClearButtonEnabled(true);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_auditFilter, 1);
    filterRow->addWidget(m_auditStatus);
    auditLayout->addLayout(filterRow);
    auditLayout->addWidget(m_auditTable, 1);
    layout->addWidget(auditBox, 1);
    connect(m_auditFilter, &QLineEdit::textChanged, m_auditProxy, &QSortFilterProxyModel::setFilterFixedString);
}

void EscalationView::refresh()
{
    if (!beginRound(2))
        return;
    m_ctx.client->get(QStringLiteral("/admin/outage-checklist"), this, [this](const AdminResponse &r) {
        if (r.ok()) {
            m_checklist->clear();
            for (const QJsonValue &v : r.object().value(QLatin1String("checklist")).toArray()) {
                const QJsonObject step = v.toObject();
                const QString status = step.value(QLatin1String("status")).toString();
                auto *item = new QTreeWidgetItem(m_checklist, {QStringLiteral("%1. %2").arg(step.value(QLatin1String("step")).toInt()).arg(step.value(QLatin1String("title")).toString()),
                                                               status.toUpper(), step.value(QLatin1String("detail")).toString()});
                item->setForeground(1, statusColor(statusLevel(status)));
                QFont bold = item->font(1);
                bold.setBold(true);
                item->setFont(1, bold);
                item->setToolTip(0, tr("Runbook command: %1").arg(step.value(QLatin1String("runbook_command")).toString()));
            }
            const QString overall = r.object().value(QLatin1String("status")).toString();
            m_checklistStatus->setText(tr("Overall: <b style='color:%1'>%2</b>, checked %3")
                                           .arg(statusColor(statusLevel(overall)).name(), overall.toUpper(),
                                                r.object().value(QLatin1String("checked_at")).toString()));
        } else {
            m_checklistStatus->setText(r.forbidden() ? tr("Your role cannot run the checklist (needs 'nodes', sre).") : r.errorMessage());
        }
        settle();
    });
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("200"));
    m_ctx.client->get(QStringLiteral("/admin/audit"), this, [this](const AdminResponse &r) {
        if (r.ok()) {
            const bool first = m_audit->rowCount() == 0;
            const QJsonArray rows = r.object().value(QLatin1String("data")).toArray();
            m_audit->setRows(rows);
            if (first && !rows.isEmpty())
                fitColumns(m_auditTable, 260);
            m_auditStatus->setText(tr("%1 entries, newest first").arg(rows.size()));
        } else {
            m_auditStatus->setText(r.forbidden() ? tr("Your role cannot read the audit log (needs 'audit').") : r.errorMessage());
        }
        settle();
    }, query);
}

} // namespace crosslogic::console
