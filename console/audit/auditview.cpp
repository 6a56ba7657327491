// Audit log view: filters sent to GET /admin/audit, newest first, each row opening its target.
#include "audit/auditview.h"

#include "adminclient/adminclient.h"
#include "audit/auditfilter.h"
#include "audit/auditmodel.h"
#include "audit/audittarget.h"
#include "common/jsontablemodel.h"
#include "common/tables.h"

#include <QJsonArray>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace crosslogic::console {

AuditView::AuditView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("audit"), tr("Audit log"), 15000, parent), m_filter(new AuditFilter(content())),
      m_model(new AuditModel(this)), m_status(new QLabel(content()))
{
    m_table = makeTable(m_model, content());
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setAccessibleName(tr("Audit log entries"));
    m_table->setToolTip(tr("Double-click or press Enter to open the row's target"));
    m_status->setObjectName(QStringLiteral("auditStatus"));
    auto *layout = new QVBoxLayout(content());
    layout->addWidget(m_filter);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    connect(m_filter, &AuditFilter::changed, this, &AuditView::refresh);
    // activated: double-click, or Enter on the current row.
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) { openRow(index.row()); });
}

void AuditView::refresh()
{
    if (!beginRound(1))
        return;
    const QUrlQuery query = m_filter->query();
    m_ctx.client->get(QStringLiteral("/admin/audit"), this, [this, query](const AdminResponse &r) {
        if (r.ok()) {
            const bool first = m_model->rowCount() == 0;
            const QJsonArray rows = r.object().value(QLatin1String("data")).toArray();
            m_model->setRows(rows);
            if (first && !rows.isEmpty())
                fitColumns(m_table, 300);
            m_shownQuery = query.toString(QUrl::FullyDecoded);
            m_status->setText(tr("%n entry(ies), newest first", nullptr, int(rows.size())));
        } else {
            m_status->setText(r.forbidden() ? tr("Your role cannot read the audit log (needs 'audit').")
                                            : tr("Could not load the audit log: %1").arg(r.errorMessage()));
        }
        settle(r.reachable());
    }, query);
}

void AuditView::openRow(int row)
{
    const QJsonObject entry = m_table->model()->index(row, 0).data(JsonTableModel::RowObjectRole).toJsonObject();
    const QString target = entry.value(QLatin1String("target")).toString();
    if (target.isEmpty()) {
        emit message(tr("This entry has no target."));
        return;
    }
    emit openTarget(auditTargetKind(entry.value(QLatin1String("action")).toString()), target);
}

} // namespace crosslogic::console
