// The console window: environment banner, one tab per view, refresh pause toggle, busy indicator; it only
// assembles the views, follows the connection and hands the token's role to every view.
#include "app/mainwindow.h"

#include "adminclient/adminclient.h"
#include "app/commandbar.h"
#include "app/desktopnotifier.h"
#include "app/environmentbanner.h"
#include "audit/audittarget.h"
#include "audit/auditview.h"
#include "billing/billingview.h"
#include "common/actionrunner.h"
#include "database/databaseview.h"
#include "detail/detailpanel.h"
#include "detail/objectnavigator.h"
#include "escalation/escalationview.h"
#include "keys/keysview.h"
#include "nodes/nodesview.h"
#include "overview/overviewview.h"
#include "ratelimits/ratelimitsview.h"
#include "redis/redisview.h"
#include "runbook/runbookview.h"

#include <QAction>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace crosslogic::console {

MainWindow::MainWindow(const ConnectionProfile &profile, const QString &escalationConfig, QWidget *parent)
    : QMainWindow(parent), m_profile(profile), m_client(new AdminClient(this)), m_actions(new ActionRunner(m_client, this)),
      m_banner(new EnvironmentBanner(profile, this)), m_tabs(new QTabWidget(this)), m_busy(new QProgressBar(this)),
      m_statusText(new QLabel(this)), m_navigator(new ObjectNavigator(this))
{
    setWindowTitle(tr("CrossLogic Console — %1").arg(profile.displayName()));
    setWindowIcon(QIcon(QStringLiteral(":/crosslogic/icons/crosslogic.svg")));
    resize(1400, 900);
    m_client->setServer(profile.url, profile.token.toUtf8());

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *refresh = m_refresh = toolbar->addAction(tr("Refresh now"));
    refresh->setShortcut(QKeySequence::Refresh);
    m_pause = toolbar->addAction(tr("Pause auto-refresh"));
    m_pause->setCheckable(true);
    connect(refresh, &QAction::triggered, this, [this] {
        for (ConsoleView *v : m_views)
            v->refresh();
    });
    connect(m_pause, &QAction::toggled, this, [this](bool paused) {
        for (ConsoleView *v : m_views)
            v->setPaused(paused);
        m_pause->setText(paused ? tr("Resume auto-refresh") : tr("Pause auto-refresh"));
        m_statusText->setText(paused ? tr("Auto-refresh paused") : QString());
    });

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    auto *tabsHolder = new QWidget(central);
    auto *tabsLayout = new QVBoxLayout(tabsHolder);
    tabsLayout->setContentsMargins(8, 8, 8, 8);
    tabsLayout->addWidget(m_tabs);
    layout->addWidget(tabsHolder, 1);
    setCentralWidget(central);

    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setMaximumHeight(14);
    m_busy->setVisible(false);
    statusBar()->addWidget(m_statusText, 1);
    statusBar()->addPermanentWidget(m_busy);
    connect(m_client, &AdminClient::busyChanged, m_busy, &QWidget::setVisible);
    connect(m_client, &AdminClient::connectionChanged, this, &MainWindow::connectionChanged);

    const ViewContext context{m_client, m_actions, m_navigator};
    auto *overview = new OverviewView(context, this);
    addView(overview);
    m_notifier = new DesktopNotifier(this, this);
    connect(overview, &OverviewView::criticalAlert, m_notifier, &DesktopNotifier::criticalAlert);
    auto *nodes = new NodesView(context, this);
    addView(nodes);
    auto *keys = new KeysView(context, this);
    addView(keys);
    auto *limits = new RateLimitsView(context, this);
    addView(limits);
    connect(keys, &KeysView::keySelected, limits, &RateLimitsView::suggestKey);
    addView(new DatabaseView(context, this));
    addView(new RedisView(context, this));
    addView(new BillingView(context, this));
    addView(new RunbookView(context, this));
    addView(new EscalationView(context, escalationConfig, this));
    auto *audit = new AuditView(context, this);
    addView(audit);
    // An audit row whose target the detail panel cannot show (alert, Redis, database) opens the view that lists it.
    connect(audit, &AuditView::openTarget, this, [this, keys, nodes](const QString &kind, const QString &id) {
        for (ConsoleView *v : std::as_const(m_views))
            if (v->viewId() == viewIdForTarget(kind))
                showView(v);
        if (kind == QLatin1String("key"))
            keys->selectKey(id);
        else if (kind == QLatin1String("node"))
            nodes->selectNode(id);
    });
    connect(m_actions, &ActionRunner::finished, this, [this](const ActionRequest &request, const AdminResponse &r) {
        m_statusText->setText(r.ok() ? tr("%1: done (audit id %2)").arg(request.title).arg(r.auditId())
                                     : tr("%1: %2").arg(request.title, r.errorMessage()));
    });

    // While disconnected, a cheap probe every 2 s notices the daemon coming back.
    m_retry.setInterval(2000);
    connect(&m_retry, &QTimer::timeout, this, [this] { m_client->get(QStringLiteral("/health"), this, [](const AdminResponse &) {}); });

    setUpNavigation();
    for (ConsoleView *v : m_views)
        v->start();
    probeRole();
}

void MainWindow::addView(ConsoleView *view)
{
    m_views.append(view);
    m_tabs->addTab(view, view->title());
    connect(view, &ConsoleView::message, m_statusText, &QLabel::setText);
}

QString MainWindow::statusText() const
{
    return m_statusText->text();
}

void MainWindow::showView(ConsoleView *view)
{
    m_tabs->setCurrentWidget(view);
}

void MainWindow::probeRole()
{
    probeAdminRole(m_client, this, [this](AdminRole role, int status) {
        if (role == AdminRole::Unknown && status == 401)
            m_statusText->setText(tr("The daemon rejected the admin token (401)."));
        if (role == AdminRole::Unknown && status == 0)
            return; // not reachable: probed again on reconnect
        m_role = role;
        m_banner->setRole(role);
        for (ConsoleView *v : m_views)
            v->setRole(role);
        emit roleKnown(role);
    });
}

void MainWindow::connectionChanged(bool connected, const QString &reason)
{
    m_banner->setDisconnected(!connected, reason);
    for (ConsoleView *v : m_views)
        v->setStale(!connected);
    if (connected) {
        // reason names the request the daemon answered: connected means an answer, not a guess.
        m_retry.stop();
        m_statusText->setText(tr("Reconnected to %1: %2").arg(m_profile.url.toString(), reason));
        probeRole();
        for (ConsoleView *v : m_views)
            v->refresh();
    } else {
        m_statusText->setText(tr("Disconnected from %1: %2 — retrying every 2 s").arg(m_profile.url.toString(), reason));
        m_retry.start();
    }
}

} // namespace crosslogic::console
