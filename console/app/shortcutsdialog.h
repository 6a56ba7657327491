// Help → Keyboard shortcuts: every shortcut of the window's menus (read from the actions themselves, so the list
// cannot fall behind) and the keys that work inside tables, the detail panel and the command bar.
#pragma once

#include <QDialog>

class QMainWindow;
class QTableWidget;

namespace crosslogic::console {

class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsDialog(QMainWindow *window);
    // "keys<TAB>what" per line.
    QString text() const;

private:
    QTableWidget *m_table;
};

} // namespace crosslogic::console
