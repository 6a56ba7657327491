// Base of every console view: a refresh timer that can be paused, role gating, greyed stale data, "loaded" signal.
#pragma once

#include "adminclient/adminrole.h"
#include "common/viewcontext.h"

#include <QTimer>
#include <QWidget>

class QAbstractButton;
class QAction;

namespace crosslogic::console {

class ConsoleView : public QWidget
{
    Q_OBJECT
public:
    ConsoleView(const ViewContext &context, int intervalMs, QWidget *parent = nullptr);

    virtual QString viewId() const = 0; // file name of its screenshot, e.g. "nodes"
    virtual QString title() const = 0;

    void setPaused(bool paused);
    void setRole(AdminRole role);
    AdminRole role() const { return m_role; }
    // Last data stays visible but greyed while the daemon is unreachable.
    void setStale(bool stale);
    bool isStale() const { return m_content->graphicsEffect() != nullptr; }
    bool hasLoaded() const { return m_loaded; }
    // Starts the timer and loads once.
    void start();
    // Puts the view in a representative state before --screenshot-dir renders it (e.g. a symptom chosen).
    virtual void prepareScreenshot() {}

public slots:
    virtual void refresh() = 0;

signals:
    void loaded();
    void message(const QString &text);

protected:
    void markLoaded();
    // Enables widget only when the role holds permission; otherwise says why in its tooltip.
    void gate(QWidget *widget, const char *permission, const QString &what);
    void gate(QAction *action, const char *permission, const QString &what);
    virtual void applyRole() {}
    QWidget *content() const { return m_content; }

    ViewContext m_ctx;

private:
    QTimer m_timer;
    QWidget *m_content;
    AdminRole m_role = AdminRole::Unknown;
    bool m_loaded = false;
    bool m_paused = false;
};

} // namespace crosslogic::console
