// The console's menu bar (&File, &View, &Actions, &Help) and its application-wide shortcuts: Ctrl+1..9 and
// Ctrl+Tab / Ctrl+Shift+Tab / Ctrl+PgDown / Ctrl+PgUp switch views from any widget, tables included.
#pragma once

#include <QList>

class QAction;
class QMainWindow;
class QTabWidget;

namespace crosslogic::console {

class CommandBar;
class ConsoleView;
class DetailPanel;

struct MenuTargets
{
    QTabWidget *tabs;
    QList<ConsoleView *> views;
    QAction *refresh;
    QAction *pause;
    CommandBar *commandBar;
    DetailPanel *detailPanel;
};

void buildMenuBar(QMainWindow *window, const MenuTargets &targets);

} // namespace crosslogic::console
