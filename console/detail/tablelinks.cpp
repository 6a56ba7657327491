// Makes a table's rows open their object: Enter or double-click opens the row's own object in the detail panel,
// Ctrl+Shift+C copies its id, and the context menu opens or copies any object the row names.
#include "detail/tablelinks.h"

#include "common/jsontablemodel.h"
#include "detail/objectnavigator.h"

#include <QAction>
#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMenu>
#include <QPointer>
#include <QTableView>

namespace crosslogic::console {
namespace {

QList<ObjectRef> refsAt(const QModelIndex &index)
{
    return index.isValid() ? rowRefs(index.data(JsonTableModel::RowObjectRole).toJsonObject()) : QList<ObjectRef>();
}

// Enter/Return open the current row (QAbstractItemView only emits activated and lets the key through).
class EnterFilter : public QObject
{
public:
    EnterFilter(QTableView *table, ObjectNavigator *navigator) : QObject(table), m_table(table), m_navigator(navigator) {}

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() != QEvent::KeyPress)
            return false;
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() != Qt::Key_Return && key->key() != Qt::Key_Enter) || key->modifiers() & ~Qt::KeypadModifier)
            return false;
        const QList<ObjectRef> refs = refsAt(m_table->currentIndex());
        if (refs.isEmpty() || !m_navigator)
            return false;
        m_navigator->open(refs.first());
        return true;
    }

private:
    QTableView *m_table;
    QPointer<ObjectNavigator> m_navigator;
};

} // namespace

void linkTable(QTableView *table, ObjectNavigator *navigator)
{
    if (!navigator)
        return;
    table->installEventFilter(new EnterFilter(table, navigator));
    QObject::connect(table, &QTableView::doubleClicked, navigator, [navigator](const QModelIndex &index) {
        const QList<ObjectRef> refs = refsAt(index);
        if (!refs.isEmpty())
            navigator->open(refs.first());
    });
    auto *copy = new QAction(QCoreApplication::translate("TableLinks", "Copy id"), table);
    copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copy->setShortcutContext(Qt::WidgetShortcut);
    table->addAction(copy);
    QObject::connect(copy, &QAction::triggered, table, [table] {
        const QList<ObjectRef> refs = refsAt(table->currentIndex());
        if (!refs.isEmpty())
            QGuiApplication::clipboard()->setText(refs.first().id);
    });
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(table, &QTableView::customContextMenuRequested, table, [table, navigator](const QPoint &pos) {
        const QList<ObjectRef> refs = refsAt(table->indexAt(pos));
        if (refs.isEmpty())
            return;
        QMenu menu(table);
        for (const ObjectRef &ref : refs)
            menu.addAction(QCoreApplication::translate("TableLinks", "Open %1").arg(ref.label()), navigator, [navigator, ref] { navigator->open(ref); });
        menu.addSeparator();
        for (const ObjectRef &ref : refs)
            menu.addAction(QCoreApplication::translate("TableLinks", "Copy id: %1").arg(ref.label()), table,
                           [ref] { QGuiApplication::clipboard()->setText(ref.id); });
        menu.exec(table->viewport()->mapToGlobal(pos));
    });
}

} // namespace crosslogic::console
