// A sortable, filterable table view set up the same way in every console view.
#include "common/tables.h"

#include "common/jsontablemodel.h"

#include <QHeaderView>

namespace crosslogic::console {

QTableView *makeTable(QAbstractItemModel *source, QWidget *parent, QSortFilterProxyModel **proxyOut)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(source);
    proxy->setSortRole(JsonTableModel::SortRole);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy->setFilterKeyColumn(-1);
    auto *table = new QTableView(parent);
    table->setModel(proxy);
    // Rows keep the daemon's order (newest first for audit and usage) until the operator clicks a header.
    table->setSortingEnabled(true);
    table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    proxy->sort(-1);
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Arrows move within the table; Tab and Shift+Tab leave it, as everywhere else (keyboard-first).
    table->setTabKeyNavigation(false);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(26);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->horizontalHeader()->setHighlightSections(false);
    if (proxyOut)
        *proxyOut = proxy;
    return table;
}

void fitColumns(QTableView *table, int maxWidth)
{
    table->resizeColumnsToContents();
    const int columns = table->model()->columnCount();
    for (int c = 0; c < columns - 1; ++c)
        table->setColumnWidth(c, std::min(table->columnWidth(c) + 16, maxWidth));
}

QJsonObject selectedRowObject(const QTableView *table)
{
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QJsonObject() : rows.first().data(JsonTableModel::RowObjectRole).toJsonObject();
}

bool selectRowOfId(QTableView *table, const QString &id)
{
    const QAbstractItemModel *model = table->model();
    if (model->rowCount() == 0)
        return false;
    const QModelIndexList hits =
        model->match(model->index(0, 0), JsonTableModel::IdRole, id, 1, Qt::MatchExactly);
    if (hits.isEmpty())
        return false;
    table->selectRow(hits.first().row());
    return true;
}

} // namespace crosslogic::console
