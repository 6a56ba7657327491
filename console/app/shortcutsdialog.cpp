// Help → Keyboard shortcuts: every shortcut of the window's menus (read from the actions themselves, so the list
// cannot fall behind) and the keys that work inside tables, the detail panel and the command bar.
#include "app/shortcutsdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace crosslogic::console {
namespace {
void collect(const QMenu *menu, const QString &path, QList<QPair<QString, QString>> *rows)
{
    for (QAction *action : menu->actions()) {
        const QString name = QString(action->text()).remove(QRegularExpression(QStringLiteral("&(?!&)")));
        if (action->menu())
            collect(action->menu(), path + name + QStringLiteral(" › "), rows);
        else if (!action->shortcuts().isEmpty()) {
            QStringList keys;
            for (const QKeySequence &k : action->shortcuts())
                keys << k.toString(QKeySequence::NativeText);
            rows->append({keys.join(QStringLiteral(", ")), path + name});
        }
    }
}
} // namespace

ShortcutsDialog::ShortcutsDialog(QMainWindow *window) : QDialog(window), m_table(new QTableWidget(this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    resize(640, 560);
    QList<QPair<QString, QString>> rows;
    for (QAction *top : window->menuBar()->actions())
        if (top->menu()) {
            const QString menu = QString(top->text()).remove(QLatin1Char('&'));
            rows.append({QStringLiteral("Alt+") + top->text().at(top->text().indexOf(QLatin1Char('&')) + 1).toUpper(), tr("Open the %1 menu").arg(menu)});
            collect(top->menu(), menu + QStringLiteral(" › "), &rows);
        }
    rows.append({QStringLiteral(":"), tr("Command bar, when the focus is not in a text field")});
    rows.append({tr("Up, Down, Enter, Esc"), tr("Command bar: choose, go, close")});
    rows.append({tr("Enter or double-click"), tr("Tables and detail panel: open the key, tenant, environment, node or model of the row")});
    rows.append({tr("Menu key or right-click"), tr("Tables: open or copy any object the row names")});
    rows.append({tr("Ctrl+Shift+C"), tr("Tables: copy the row's id")});
    rows.append({tr("Ctrl+C"), tr("Detail panel: copy the row's id (or its value)")});
    rows.append({tr("Alt+underlined letter"), tr("Press that button (e.g. Alt+R: Revoke key in the detail panel)")});
    rows.append({tr("Enter, Esc"), tr("Confirmation dialogs: apply, cancel")});
    rows.append({tr("Tab, Shift+Tab"), tr("Next, previous control")});
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("What it does")});
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        m_table->setItem(r, 0, new QTableWidgetItem(rows[r].first));
        m_table->setItem(r, 1, new QTableWidgetItem(rows[r].second));
    }
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->resizeColumnToContents(0);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString ShortcutsDialog::text() const
{
    QStringList lines;
    for (int r = 0; r < m_table->rowCount(); ++r)
        lines << m_table->item(r, 0)->text() + QLatin1Char('\t') + m_table->item(r, 1)->text();
    return lines.join(QLatin1Char('\n'));
}

} // namespace crosslogic::console
