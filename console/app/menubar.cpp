// The console's menu bar (&File, &View, &Actions, &Help) and its application-wide shortcuts: Ctrl+1..9 and
// Ctrl+Tab / Ctrl+Shift+Tab / Ctrl+PgDown / Ctrl+PgUp switch views from any widget, tables included.
#include "app/menubar.h"

#include "app/commandbar.h"
#include "app/shortcutsdialog.h"
#include "common/consoleview.h"
#include "detail/detailpanel.h"

#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabWidget>

namespace crosslogic::console {
namespace {
QAction *add(QMenu *menu, const QString &text, const QList<QKeySequence> &keys)
{
    QAction *action = menu->addAction(text);
    action->setShortcuts(keys);
    // Application-wide: a focused table or chart must not swallow them (QTabWidget only sees Ctrl+Tab itself).
    action->setShortcutContext(Qt::ApplicationShortcut);
    return action;
}

void switchBy(QTabWidget *tabs, int step)
{
    const int n = tabs->count();
    if (n > 0)
        tabs->setCurrentIndex((tabs->currentIndex() + step + n) % n);
    if (QWidget *w = tabs->currentWidget())
        w->setFocus(Qt::TabFocusReason);
}
} // namespace

void buildMenuBar(QMainWindow *window, const MenuTargets &t)
{
    QMenuBar *bar = window->menuBar();
    QMenu *file = bar->addMenu(QCoreApplication::translate("MenuBar", "&File"));
    file->addAction(t.refresh);
    t.refresh->setShortcutContext(Qt::ApplicationShortcut);
    file->addAction(t.pause);
    t.pause->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    t.pause->setShortcutContext(Qt::ApplicationShortcut);
    file->addSeparator();
    QAction *quit = add(file, QCoreApplication::translate("MenuBar", "&Quit"), {QKeySequence(Qt::CTRL | Qt::Key_Q)});
    QObject::connect(quit, &QAction::triggered, window, &QWidget::close);

    QMenu *view = bar->addMenu(QCoreApplication::translate("MenuBar", "&View"));
    for (qsizetype i = 0; i < t.views.size(); ++i) {
        ConsoleView *v = t.views[i];
        const QString number = i < 9 ? QStringLiteral("&%1 ").arg(i + 1) : QString();
        QAction *go = add(view, number + v->title(), i < 9 ? QList<QKeySequence>{QKeySequence(Qt::CTRL | (Qt::Key_1 + int(i)))} : QList<QKeySequence>{});
        go->setObjectName(QStringLiteral("viewAction_") + v->viewId());
        QObject::connect(go, &QAction::triggered, t.tabs, [tabs = t.tabs, v] {
            tabs->setCurrentWidget(v);
            v->setFocus(Qt::ShortcutFocusReason);
        });
    }
    view->addSeparator();
    QAction *next = add(view, QCoreApplication::translate("MenuBar", "&Next view"),
                        {QKeySequence(Qt::CTRL | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::Key_PageDown)});
    QObject::connect(next, &QAction::triggered, t.tabs, [tabs = t.tabs] { switchBy(tabs, 1); });
    QAction *previous = add(view, QCoreApplication::translate("MenuBar", "&Previous view"),
                            {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab),
                             QKeySequence(Qt::CTRL | Qt::Key_PageUp)});
    QObject::connect(previous, &QAction::triggered, t.tabs, [tabs = t.tabs] { switchBy(tabs, -1); });
    view->addSeparator();
    QAction *details = t.detailPanel->toggleViewAction();
    details->setText(QCoreApplication::translate("MenuBar", "&Details panel"));
    details->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    details->setShortcutContext(Qt::ApplicationShortcut);
    view->addAction(details);

    QMenu *actions = bar->addMenu(QCoreApplication::translate("MenuBar", "&Actions"));
    QAction *command = add(actions, QCoreApplication::translate("MenuBar", "&Go to… (command bar)"), {QKeySequence(Qt::CTRL | Qt::Key_K)});
    command->setObjectName(QStringLiteral("commandBarAction"));
    QObject::connect(command, &QAction::triggered, t.commandBar, &CommandBar::popup);
    QAction *back = add(actions, QCoreApplication::translate("MenuBar", "&Back to the previous object"), {QKeySequence(Qt::ALT | Qt::Key_Left)});
    QObject::connect(back, &QAction::triggered, t.detailPanel, &DetailPanel::back);
    QAction *reload = add(actions, QCoreApplication::translate("MenuBar", "&Reload the details"), {QKeySequence(Qt::CTRL | Qt::Key_R)});
    QObject::connect(reload, &QAction::triggered, t.detailPanel, &DetailPanel::reload);

    QMenu *help = bar->addMenu(QCoreApplication::translate("MenuBar", "&Help"));
    QAction *keys = add(help, QCoreApplication::translate("MenuBar", "&Keyboard shortcuts"), {QKeySequence(Qt::Key_F1)});
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    QObject::connect(keys, &QAction::triggered, window, [window] {
        auto *dialog = new ShortcutsDialog(window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    QAction *about = help->addAction(QCoreApplication::translate("MenuBar", "&About CrossLogic Console"));
    QObject::connect(about, &QAction::triggered, window, [window] {
        QMessageBox::about(window, QCoreApplication::translate("MenuBar", "About CrossLogic Console"),
                           QCoreApplication::translate("MenuBar", "CrossLogic Console %1 — operations console for the CrossLogic inference platform.")
                               .arg(QStringLiteral(CROSSLOGIC_VERSION)));
    });
}

} // namespace crosslogic::console
