// A desktop notification (system tray message) when a critical alert starts firing while the console window
// is not the active one.
#include "app/desktopnotifier.h"

#include <QSystemTrayIcon>
#include <QWidget>

namespace crosslogic::console {

DesktopNotifier::DesktopNotifier(QWidget *window, QObject *parent) : QObject(parent), m_window(window)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return; // offscreen, or a desktop without a tray: notified() still fires
    m_tray = new QSystemTrayIcon(window->windowIcon(), this);
    m_tray->setToolTip(window->windowTitle());
    m_tray->show();
    connect(m_tray, &QSystemTrayIcon::messageClicked, window, [window] {
        window->showNormal();
        window->raise();
        window->activateWindow();
    });
}

void DesktopNotifier::criticalAlert(const QJsonObject &alert)
{
    if (m_window->isActiveWindow())
        return; // the operator is looking at the Overview already
    const QString title = tr("Critical alert: %1").arg(alert.value(QLatin1String("title")).toString());
    const QString text = tr("%1 (runbook §%2)")
                             .arg(alert.value(QLatin1String("summary")).toString(),
                                  alert.value(QLatin1String("section")).toString());
    emit notified(title, text);
    if (m_tray)
        m_tray->showMessage(title, text, QSystemTrayIcon::Critical, 20000);
}

} // namespace crosslogic::console
