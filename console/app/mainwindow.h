// The console window: environment banner, one tab per view, refresh pause toggle, busy indicator; it only
// assembles the views, follows the connection and hands the token's role to every view.
#pragma once

#include "adminclient/adminrole.h"
#include "app/connectionprofile.h"

#include <QMainWindow>
#include <QTimer>

class QTabWidget;
class QProgressBar;
class QAction;
class QLabel;

namespace crosslogic {
class AdminClient;
}

namespace crosslogic::console {

class ActionRunner;
class CommandBar;
class ConsoleView;
class DetailPanel;
class ObjectNavigator;
class DesktopNotifier;
class EnvironmentBanner;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(const ConnectionProfile &profile, const QString &escalationConfig, QWidget *parent = nullptr);

    AdminClient *client() const { return m_client; }
    ActionRunner *actions() const { return m_actions; }
    QList<ConsoleView *> views() const { return m_views; }
    template<typename View> View *view() const
    {
        for (ConsoleView *v : m_views)
            if (auto *typed = qobject_cast<View *>(v))
                return typed;
        return nullptr;
    }
    void showView(ConsoleView *view);
    EnvironmentBanner *banner() const { return m_banner; }
    AdminRole role() const { return m_role; }
    QAction *pauseAction() const { return m_pause; }
    DesktopNotifier *notifier() const { return m_notifier; }
    QString statusText() const;
    DetailPanel *detailPanel() const { return m_detail; }
    CommandBar *commandBar() const { return m_commandBar; }

signals:
    void roleKnown(crosslogic::AdminRole role);

private:
    void addView(ConsoleView *view);
    void connectionChanged(bool connected, const QString &reason);
    void probeRole();
    // The detail panel, command bar and menu bar (app/menubar.cpp), once every view is added.
    void setUpNavigation();

    ConnectionProfile m_profile;
    AdminClient *m_client;
    ActionRunner *m_actions;
    EnvironmentBanner *m_banner;
    QTabWidget *m_tabs;
    QProgressBar *m_busy;
    QLabel *m_statusText;
    QAction *m_refresh;
    QAction *m_pause;
    ObjectNavigator *m_navigator;
    DetailPanel *m_detail = nullptr;
    CommandBar *m_commandBar = nullptr;
    DesktopNotifier *m_notifier = nullptr;
    QList<ConsoleView *> m_views;
    QTimer m_retry;
    AdminRole m_role = AdminRole::Unknown;
};

} // namespace crosslogic::console
