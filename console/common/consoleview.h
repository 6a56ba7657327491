// Base of every console view: a refresh timer that can be paused, role gating, greyed stale data with the time it
// was last updated, "loaded" signal.
#pragma once

#include "adminclient/adminrole.h"
#include "common/viewcontext.h"

#include <QDateTime>
#include <QTimer>
#include <QWidget>

class QAbstractButton;
class QAction;
class QLabel;

namespace crosslogic::console {

class ConsoleView : public QWidget
{
    Q_OBJECT
public:
    // viewId: the file name of its screenshot, e.g. "nodes"; title: its tab's label.
    ConsoleView(const ViewContext &context, const QString &viewId, const QString &title, int intervalMs,
                QWidget *parent = nullptr);

    QString viewId() const { return m_viewId; }
    QString title() const { return m_title; }

    void setPaused(bool paused);
    void setRole(AdminRole role);
    AdminRole role() const { return m_role; }
    // Last data stays visible but greyed (disabled, charts faded) while the daemon is unreachable, under a line
    // saying when it was last updated.
    void setStale(bool stale);
    bool isStale() const { return m_stale; }
    // When data last arrived while the daemon answered; invalid before the first load.
    QDateTime lastUpdated() const { return m_lastUpdated; }
    QString staleText() const;
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
    // A refresh that sends `requests` requests at once: false (send nothing) while the last round is
    // unanswered.
    bool beginRound(int requests);
    // One request of the round has been answered; after the last, the role gating is applied again and the
    // view counts as loaded, unless `loaded` is false (e.g. the daemon did not answer).
    void settle(bool loaded = true);
    // Enables widget only when the role holds permission; otherwise says why in its tooltip.
    void gate(QWidget *widget, const char *permission, const QString &what);
    void gate(QAction *action, const char *permission, const QString &what);
    virtual void applyRole() {}
    // Called after setStale() changed the state, e.g. to say "unreachable" where the view shows the API's health.
    virtual void staleChanged(bool stale) { Q_UNUSED(stale) }
    QWidget *content() const { return m_content; }

    ViewContext m_ctx;

private:
    QString m_viewId;
    QString m_title;
    QTimer m_timer;
    QLabel *m_staleLabel;
    QWidget *m_content;
    QDateTime m_lastUpdated;
    AdminRole m_role = AdminRole::Unknown;
    bool m_loaded = false;
    bool m_paused = false;
    bool m_stale = false;
    int m_outstanding = 0;
};

} // namespace crosslogic::console
