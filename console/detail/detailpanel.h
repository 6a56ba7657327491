// The detail panel, docked at the window's right: one object (key, tenant, environment, node or model) with its
// related objects. Rows that name another object open it (Enter, double-click); Ctrl+C or "Copy id" copies ids;
// Alt+Left goes back; the remediations of the object run through the dry-run dialog.
#pragma once

#include "adminclient/adminrole.h"
#include "common/viewcontext.h"
#include "detail/objectref.h"

#include <QDockWidget>
#include <QPointer>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;
class QHBoxLayout;

namespace crosslogic::console {

class DetailLoader;

class DetailPanel : public QDockWidget
{
    Q_OBJECT
public:
    DetailPanel(const ViewContext &context, QWidget *parent = nullptr);

    // Shows ref (remembering the current object for Back), raises the panel and focuses its rows.
    void open(const ObjectRef &ref);
    void reload();
    void back();
    void setRole(AdminRole role);

    ObjectRef current() const;
    QString title() const;
    QTreeWidget *tree() const { return m_tree; }
    // Every request of the current page answered.
    bool isComplete() const;
    QList<QPushButton *> actionButtons() const { return m_buttons; }
    // "Label: value" of every row, one per line (tests and screen readers).
    QString text() const;

signals:
    // A remediation run from the panel finished (views refresh).
    void objectChanged();

private:
    void render();
    void activate(QTreeWidgetItem *item);
    void copyCurrent();
    void runAction(int index);

    ViewContext m_ctx;
    QLabel *m_title;
    QPushButton *m_back;
    QPushButton *m_copy;
    QTreeWidget *m_tree;
    QHBoxLayout *m_actionRow;
    QList<QPushButton *> m_buttons;
    QPointer<DetailLoader> m_loader;
    QList<ObjectRef> m_history;
    AdminRole m_role = AdminRole::Unknown;
};

} // namespace crosslogic::console
