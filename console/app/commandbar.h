// The command bar (Ctrl+K, or ':' outside text fields): type a view's name or an object's (key name or prefix,
// tenant, environment, node, model); Up/Down pick, Enter goes there (objects open in the detail panel), Escape
// closes. It floats over the top of the window.
#pragma once

#include "app/objectindex.h"

#include <QFrame>
#include <QPointer>
#include <functional>

class QLineEdit;
class QListWidget;

namespace crosslogic::console {

class ObjectNavigator;

class CommandBar : public QFrame
{
    Q_OBJECT
public:
    struct Target
    {
        QString title;
        std::function<void()> go;
    };

    CommandBar(AdminClient *client, ObjectNavigator *navigator, QWidget *window);
    void setViews(const QList<Target> &views) { m_views = views; }
    void popup();
    QLineEdit *input() const { return m_input; }
    QListWidget *list() const { return m_list; }
    ObjectIndex *index() const { return m_index; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refilter();
    void goToCurrent();
    void place();

    ObjectIndex *m_index;
    ObjectNavigator *m_navigator;
    QLineEdit *m_input;
    QListWidget *m_list;
    QList<Target> m_views;
    QString m_askedPrefix;
    QPointer<QWidget> m_returnFocus; // where Escape puts the focus back
};

} // namespace crosslogic::console
