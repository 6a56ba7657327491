// A desktop notification (system tray message) when a critical alert starts firing while the console window
// is not the active one; notified() says what was (or, without a tray, would have been) shown.
#pragma once

#include <QJsonObject>
#include <QObject>

class QSystemTrayIcon;
class QWidget;

namespace crosslogic::console {

class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    explicit DesktopNotifier(QWidget *window, QObject *parent = nullptr);
    bool trayAvailable() const { return m_tray != nullptr; }

public slots:
    void criticalAlert(const QJsonObject &alert);

signals:
    void notified(const QString &title, const QString &text);

private:
    QWidget *m_window;
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace crosslogic::console
