// Base of every console view: a refresh timer that can be paused, role gating, greyed stale data with the time it
// was last updated, "loaded" signal.
#include "common/consoleview.h"

#include "adminclient/adminclient.h"
#include "common/accessiblenames.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QVBoxLayout>

namespace crosslogic::console {

namespace {
QString reasonFor(AdminRole role, const char *permission, const QString &what)
{
    return ConsoleView::tr("%1 needs the '%2' permission, which the %3 role does not have.")
        .arg(what, QString::fromLatin1(permission), adminRoleName(role));
}
} // namespace

ConsoleView::ConsoleView(const ViewContext &context, const QString &viewId, const QString &title,
                         int intervalMs, QWidget *parent)
    : QWidget(parent), m_ctx(context), m_viewId(viewId), m_title(title), m_staleLabel(new QLabel(this)), m_content(new QWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_staleLabel->setObjectName(QStringLiteral("staleLabel"));
    m_staleLabel->setStyleSheet(QStringLiteral("QLabel#staleLabel { background: #424242; color: white; padding: 4px 8px; font-weight: bold; }"));
    m_staleLabel->setVisible(false);
    layout->addWidget(m_staleLabel);
    layout->addWidget(m_content);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ConsoleView::refresh);
}

void ConsoleView::start()
{
    nameUnlabelledControls(this, m_title);
    if (!m_paused)
        m_timer.start();
    refresh();
}

void ConsoleView::setPaused(bool paused)
{
    m_paused = paused;
    if (paused)
        m_timer.stop();
    else
        m_timer.start();
}

void ConsoleView::setRole(AdminRole role)
{
    m_role = role;
    applyRole();
}

void ConsoleView::setStale(bool stale)
{
    // No QGraphicsOpacityEffect: a widget under an effect is drawn from the effect's cache, and a tab shown while
    // it was in place let the previous tab's pixels through its unpainted areas (ghosting). Disabled widgets are
    // drawn greyed by the style; charts fade through their own opacity, inside their scene.
    m_stale = stale;
    m_content->setEnabled(!stale);
    for (QChartView *chart : m_content->findChildren<QChartView *>())
        chart->chart()->setOpacity(stale ? 0.4 : 1.0);
    m_staleLabel->setText(staleText());
    m_staleLabel->setVisible(stale);
    staleChanged(stale);
}

QString ConsoleView::staleText() const
{
    if (!m_lastUpdated.isValid())
        return tr("Not loaded: the daemon is not answering.");
    return tr("Stale — last updated %1; the daemon is not answering, these are the last values it sent.")
        .arg(m_lastUpdated.toString(QStringLiteral("HH:mm:ss")));
}

void ConsoleView::markLoaded()
{
    // A round whose last answer was "no answer" leaves the client disconnected: not an update.
    if (m_ctx.client && m_ctx.client->isConnected())
        m_lastUpdated = QDateTime::currentDateTime();
    if (m_loaded)
        return;
    m_loaded = true;
    emit loaded();
}

bool ConsoleView::beginRound(int requests)
{
    if (m_outstanding > 0)
        return false;
    m_outstanding = requests;
    return true;
}

void ConsoleView::settle(bool loaded)
{
    if (--m_outstanding == 0 && loaded) {
        applyRole();
        markLoaded();
    }
}

void ConsoleView::gate(QWidget *widget, const char *permission, const QString &what)
{
    const bool allowed = adminRoleHas(m_role, permission);
    widget->setEnabled(allowed);
    widget->setToolTip(allowed ? what : reasonFor(m_role, permission, what));
}

void ConsoleView::gate(QAction *action, const char *permission, const QString &what)
{
    const bool allowed = adminRoleHas(m_role, permission);
    action->setEnabled(allowed);
    action->setToolTip(allowed ? what : reasonFor(m_role, permission, what));
}

} // namespace crosslogic::console
