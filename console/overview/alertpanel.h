// Top of the Overview: the daemon's open alerts, live (AlertStream), with Fix… (the alert's remediations
// through the dry-run helper), Acknowledge and Silence 1 h, and after a fix the verdict: resolved or still
// failing.
#pragma once

#include "adminclient/adminrole.h"
#include "common/viewcontext.h"

#include <QJsonObject>
#include <QSet>
#include <QTimer>
#include <QWidget>

class QLabel;
class QMenu;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace crosslogic {
class AlertStream;
}

namespace crosslogic::console {

class AlertListModel;
class FixWatcher;

class AlertPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AlertPanel(const ViewContext &context, QWidget *parent = nullptr);

    void start();
    void setRole(AdminRole role);
    bool hasLoaded() const { return m_loaded; }

    AlertListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    AlertStream *stream() const { return m_stream; }
    FixWatcher *watcher() const { return m_watcher; }
    QPushButton *fixButton() const { return m_fix; }
    QPushButton *acknowledgeButton() const { return m_acknowledge; }
    QPushButton *silenceButton() const { return m_silence; }
    // The Fix… menu as last opened: one action per remediation of the selected alert.
    QMenu *fixMenu() const { return m_fixMenu; }
    QString headline() const;
    QString fixStatus() const;

    bool selectAlert(qint64 id);
    QJsonObject selectedAlert() const;

signals:
    // A critical alert started firing (not at the first load): the desktop notification's cue.
    void criticalAlert(const QJsonObject &alert);
    void message(const QString &text);
    void loaded();

private:
    void onSnapshot(const QList<QJsonObject> &alerts);
    void onTransition(const QString &transition, const QJsonObject &alert);
    void updateHeadline();
    void updateButtons();
    void openFixMenu();
    void runRemediation(const QJsonObject &alert, const QJsonObject &remediation);
    void runAlertAction(const QString &what, const QString &title, const QString &description,
                        const QJsonObject &body);
    void setFixStatus(const QString &text, int level);

    ViewContext m_ctx;
    AlertStream *m_stream;
    AlertListModel *m_model;
    FixWatcher *m_watcher;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table;
    QLabel *m_headline;
    QLabel *m_fixStatus;
    QPushButton *m_fix;
    QPushButton *m_acknowledge;
    QPushButton *m_silence;
    QMenu *m_fixMenu;
    QTimer m_clock;
    QSet<qint64> m_firingCritical; // announced already
    AdminRole m_role = AdminRole::Unknown;
    bool m_loaded = false;
    QString m_unavailable;
};

} // namespace crosslogic::console
