// MainWindow's navigation, kept apart from the window's assembly: the detail panel docked at the right, the
// command bar, the menu bar, and views following the object opened (a key or node is selected in its view).
#include "app/commandbar.h"
#include "app/mainwindow.h"
#include "app/menubar.h"
#include "common/consoleview.h"
#include "detail/detailpanel.h"
#include "detail/objectnavigator.h"
#include "keys/keysview.h"
#include "nodes/nodesview.h"

namespace crosslogic::console {

void MainWindow::setUpNavigation()
{
    m_detail = new DetailPanel({m_client, m_actions, m_navigator}, this);
    addDockWidget(Qt::RightDockWidgetArea, m_detail);
    m_detail->hide();
    // The views' own minimum widths (the Overview's tiles: about 1050 px) would push a 1280 px window wider when
    // the panel opens; the tabs may shrink instead (the current view is squeezed, the window stays on screen).
    m_tabs->setMinimumWidth(480);
    connect(m_navigator, &ObjectNavigator::openRequested, m_detail, &DetailPanel::open);
    connect(this, &MainWindow::roleKnown, m_detail, &DetailPanel::setRole);
    connect(m_detail, &DetailPanel::objectChanged, this, [this] {
        for (ConsoleView *v : m_views)
            v->refresh();
    });
    connect(m_navigator, &ObjectNavigator::openRequested, this, [this](const ObjectRef &ref) {
        if (ref.kind == QLatin1String("key"))
            if (auto *keys = view<KeysView>())
                keys->selectKey(ref.id);
        if (ref.kind == QLatin1String("node"))
            if (auto *nodes = view<NodesView>())
                nodes->selectNode(ref.id);
    });

    m_commandBar = new CommandBar(m_client, m_navigator, this);
    QList<CommandBar::Target> targets;
    for (ConsoleView *v : m_views)
        targets.append({v->title(), [this, v] {
                            showView(v);
                            v->setFocus(Qt::ShortcutFocusReason);
                        }});
    m_commandBar->setViews(targets);
    buildMenuBar(this, {m_tabs, m_views, m_refresh, m_pause, m_commandBar, m_detail});
}

} // namespace crosslogic::console
