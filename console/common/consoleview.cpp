// Base of every console view: a refresh timer that can be paused, role gating, greyed stale data, "loaded" signal.
#include "common/consoleview.h"

#include <QAction>
#include <QGraphicsOpacityEffect>
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
    : QWidget(parent), m_ctx(context), m_viewId(viewId), m_title(title), m_content(new QWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_content);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ConsoleView::refresh);
}

void ConsoleView::start()
{
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
    if (stale) {
        auto *effect = new QGraphicsOpacityEffect(m_content);
        effect->setOpacity(0.45);
        m_content->setGraphicsEffect(effect);
    } else {
        m_content->setGraphicsEffect(nullptr);
    }
    m_content->setEnabled(!stale);
}

void ConsoleView::markLoaded()
{
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
