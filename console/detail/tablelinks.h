// Makes a table's rows open their object: Enter or double-click opens the row's own object in the detail panel,
// Ctrl+Shift+C copies its id, and the context menu opens or copies any object the row names.
#pragma once

class QTableView;

namespace crosslogic::console {

class ObjectNavigator;

void linkTable(QTableView *table, ObjectNavigator *navigator);

} // namespace crosslogic::console
