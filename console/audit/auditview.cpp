// Audit log view: filters sent to GET /admin/audit, newest first, each row opening its target.
#include "audit/auditview.h"

#include "adminclient/adminclient.h"
#include "audit/auditfilter.h"
#include "audit/auditmodel.h"
#include "audit/auditnames.h"
#include "audit/audittarget.h"
#include "common/jsontablemodel.h"
#include "common/tables.h"
#include "detail/objectref.h"
#include "detail/tablelinks.h"

#include <QJsonArray>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace crosslogic::console {

AuditView::AuditView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("audit"), tr("Audit log"), 15000, parent), m_filter(new AuditFilter(content())),
      m_model(new AuditModel(this)), m_names(new AuditNames(context.client, this)), m_status(new QLabel(content()))
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
    connect(m_names, &AuditNames::changed, this, &AuditView::showRows);
    // Keys, tenants, environments and nodes open in the detail panel (linkTable); a target the panel cannot show
    // (an alert, Redis, the database) opens its view. activated: double-click, or Enter on the current row.
    linkTable(m_table, m_ctx.navigator);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (!m_ctx.navigator || rowRefs(index.data(JsonTableModel::RowObjectRole).toJsonObject()).isEmpty())
            openRow(index.row());
    });
}

void AuditView::refresh()
{
    if (!beginRound(1))
        return;
    m_names->refresh();
    QUrlQuery query = m_filter->query();
    // The daemon matches targets by id: a typed name of a known object stands for its id.
    const QString typed = query.queryItemValue(QStringLiteral("target"));
    if (const QString id = m_names->idForName(typed); !typed.isEmpty() && !id.isEmpty()) {
        query.removeQueryItem(QStringLiteral("target"));
        query.addQueryItem(QStringLiteral("target"), id);
    }
    m_ctx.client->get(QStringLiteral("/admin/audit"), this, [this, query](const AdminResponse &r) {
        if (r.ok()) {
            const bool first = m_model->rowCount() == 0;
            m_rows = r.object().value(QLatin1String("data")).toArray();
            showRows();
            if (first && !m_rows.isEmpty())
                fitColumns(m_table, 300);
            m_shownQuery = query.toString(QUrl::FullyDecoded);
            m_status->setText(tr("%n entry(ies), newest first", nullptr, int(m_rows.size())));
        } else {
            m_status->setText(r.forbidden() ? tr("Your role cannot read the audit log (needs 'audit').")
                                            : tr("Could not load the audit log: %1").arg(r.errorMessage()));
        }
        settle(r.reachable());
    }, query);
}

void AuditView::showRows()
{
    QJsonArray named;
    for (const QJsonValue &v : std::as_const(m_rows)) {
        QJsonObject row = v.toObject();
        const QString kind = auditTargetKind(row.value(QLatin1String("action")).toString());
        row.insert(QStringLiteral("target_name"), m_names->nameOf(kind, row.value(QLatin1String("target")).toString()));
        named.append(row);
    }
    m_model->setRows(named);
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
