// A sortable, filterable table view set up the same way in every console view.
#pragma once

#include <QJsonObject>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace crosslogic::console {

// A QTableView over a sort/filter proxy of source (SortRole sorting, whole-row selection, sensible widths).
QTableView *makeTable(QAbstractItemModel *source, QWidget *parent, QSortFilterProxyModel **proxyOut = nullptr);
// Column widths from the contents, the last column stretching; call after the first data arrived.
void fitColumns(QTableView *table, int maxWidth = 320);
// The selected row's object (JsonTableModel::RowObjectRole) whatever the sort; empty when none is selected.
QJsonObject selectedRowObject(const QTableView *table);
// Selects the row whose object has this id (JsonTableModel::IdRole); false when it is not listed.
bool selectRowOfId(QTableView *table, const QString &id);

} // namespace crosslogic::console
