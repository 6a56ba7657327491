// The detail panel, docked at the window's right: one object (key, tenant, environment, node or model) with its
// related objects. Rows that name another object open it (Enter, double-click); Ctrl+C or "Copy id" copies ids;
// Alt+Left goes back; the remediations of the object run through the dry-run dialog.
#include "detail/detailpanel.h"

#include "common/actionrunner.h"
#include "detail/detailloader.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace crosslogic::console {
namespace {
enum ItemRole { KindRole = Qt::UserRole, IdRole, NameRole, CopyRole };

// Enter/Return on a row opens the object it names (QTreeWidget lets the key through after "activated").
class RowKeys : public QObject
{
public:
    RowKeys(QTreeWidget *tree, std::function<void(QTreeWidgetItem *)> open) : QObject(tree), m_tree(tree), m_open(std::move(open)) {}

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() != QEvent::KeyPress)
            return false;
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key != Qt::Key_Return && key != Qt::Key_Enter) || !m_tree->currentItem())
            return false;
        m_open(m_tree->currentItem());
        return true;
    }

private:
    QTreeWidget *m_tree;
    std::function<void(QTreeWidgetItem *)> m_open;
};
} // namespace

DetailPanel::DetailPanel(const ViewContext &context, QWidget *parent)
    : QDockWidget(tr("Details"), parent), m_ctx(context), m_title(new QLabel(this)),
      m_back(new QPushButton(tr("Back"), this)), m_copy(new QPushButton(tr("Cop&y id"), this)), m_tree(new QTreeWidget(this)),
      m_actionRow(new QHBoxLayout)
{
    setObjectName(QStringLiteral("detailPanel"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    auto *body = new QWidget(this);
    body->setMinimumWidth(360);
    auto *layout = new QVBoxLayout(body);
    auto *head = new QHBoxLayout;
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.25);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    m_title->setObjectName(QStringLiteral("detailTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_back->setToolTip(tr("Back to the previous object (Alt+Left)"));
    m_copy->setToolTip(tr("Copy this object's id to the clipboard"));
    head->addWidget(m_title, 1);
    head->addWidget(m_back);
    head->addWidget(m_copy);
    layout->addLayout(head);
    m_tree->setObjectName(QStringLiteral("detailTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAccessibleName(tr("Object details"));
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    layout->addWidget(m_tree, 1);
    layout->addLayout(m_actionRow);
    setWidget(body);

    auto *copyRow = new QAction(tr("Copy id"), m_tree);
    copyRow->setShortcut(QKeySequence::Copy);
    copyRow->setShortcutContext(Qt::WidgetShortcut);
    m_tree->addAction(copyRow);
    connect(copyRow, &QAction::triggered, this, &DetailPanel::copyCurrent);
    m_tree->installEventFilter(new RowKeys(m_tree, [this](QTreeWidgetItem *item) { activate(item); }));
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) { activate(item); });
    connect(m_back, &QPushButton::clicked, this, &DetailPanel::back);
    connect(m_copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(current().id); });
    render();
}

ObjectRef DetailPanel::current() const
{
    return m_history.isEmpty() ? ObjectRef() : m_history.last();
}

QString DetailPanel::title() const
{
    return m_title->text();
}

bool DetailPanel::isComplete() const
{
    return m_loader && m_loader->isComplete();
}

void DetailPanel::open(const ObjectRef &ref)
{
    if (!(current() == ref))
        m_history.append(ref);
    if (m_history.size() > 50)
        m_history.removeFirst();
    reload();
    show();
    raise();
    m_tree->setFocus(Qt::OtherFocusReason);
}

void DetailPanel::back()
{
    if (m_history.size() < 2)
        return;
    m_history.removeLast();
    reload();
    m_tree->setFocus(Qt::OtherFocusReason);
}

void DetailPanel::reload()
{
    delete m_loader; // answers still on their way are dropped with it
    if (!current().isValid()) {
        render();
        return;
    }
    m_loader = new DetailLoader(m_ctx.client, current(), this);
    connect(m_loader, &DetailLoader::changed, this, &DetailPanel::render);
    m_loader->start();
}

void DetailPanel::setRole(AdminRole role)
{
    m_role = role;
    render();
}

void DetailPanel::render()
{
    m_back->setEnabled(m_history.size() > 1);
    m_copy->setEnabled(current().isValid());
    if (!m_loader) {
        m_title->setText(tr("Nothing selected — press Enter on a key, tenant, node or model, or Ctrl+K"));
        m_tree->clear();
        return;
    }
    m_title->setText(m_loader->title());
    // Rebuild the rows, keeping the operator's place (section and row) across the answers arriving.
    QTreeWidgetItem *was = m_tree->currentItem();
    const int wasSection = was ? (was->parent() ? m_tree->indexOfTopLevelItem(was->parent()) : m_tree->indexOfTopLevelItem(was)) : -1;
    const int wasRow = was && was->parent() ? was->parent()->indexOfChild(was) : -1;
    m_tree->clear();
    QTreeWidgetItem *restore = nullptr;
    const QList<DetailSection> sections = m_loader->sections();
    for (qsizetype s = 0; s < sections.size(); ++s) {
        auto *heading = new QTreeWidgetItem(m_tree, {sections[s].heading});
        heading->setFirstColumnSpanned(true);
        QFont bold = heading->font(0);
        bold.setBold(true);
        heading->setFont(0, bold);
        heading->setFlags(Qt::ItemIsEnabled);
        for (qsizetype r = 0; r < sections[s].rows.size(); ++r) {
            const DetailRow &row = sections[s].rows[r];
            auto *item = new QTreeWidgetItem(heading, {row.label, row.link.isValid() ? row.value + QStringLiteral("  ›") : row.value});
            item->setData(0, KindRole, row.link.kind);
            item->setData(0, IdRole, row.link.id);
            item->setData(0, NameRole, row.link.name);
            item->setData(0, CopyRole, row.copyId.isEmpty() ? row.link.id : row.copyId);
            item->setToolTip(1, row.link.isValid() ? tr("Enter opens %1").arg(row.link.label()) : row.value);
            if (row.level != StatusLevel::Unknown)
                item->setForeground(1, statusColor(row.level));
            if (row.link.isValid()) {
                QFont underline = item->font(1);
                underline.setUnderline(true);
                item->setFont(1, underline);
            }
            if (s == wasSection && r == wasRow)
                restore = item;
        }
    }
    m_tree->expandAll();
    if (!restore && m_tree->topLevelItemCount() > 0 && m_tree->topLevelItem(0)->childCount() > 0)
        restore = m_tree->topLevelItem(0)->child(0);
    m_tree->setCurrentItem(restore);

    // Action buttons: rebuilt only when they change, so the focus stays on them while the page refreshes.
    const QList<DetailAction> actions = m_loader->actions();
    QStringList texts;
    for (const DetailAction &a : actions)
        texts << a.text;
    QStringList shown;
    for (const QPushButton *b : m_buttons)
        shown << b->text();
    if (texts != shown) {
        qDeleteAll(m_buttons);
        m_buttons.clear();
        for (qsizetype i = 0; i < actions.size(); ++i) {
            auto *button = new QPushButton(actions[i].text, widget());
            button->setObjectName(QStringLiteral("detailAction%1").arg(i));
            connect(button, &QPushButton::clicked, this, [this, i] { runAction(int(i)); });
            m_actionRow->addWidget(button);
            m_buttons.append(button);
        }
    }
    for (qsizetype i = 0; i < actions.size(); ++i) {
        const bool allowed = adminRoleHas(m_role, actions[i].permission);
        m_buttons[i]->setEnabled(allowed);
        m_buttons[i]->setToolTip(allowed ? actions[i].request.description
                                         : tr("Your role (%1) lacks the '%2' permission.").arg(adminRoleName(m_role), QLatin1String(actions[i].permission)));
    }
}

void DetailPanel::activate(QTreeWidgetItem *item)
{
    const ObjectRef ref{item->data(0, KindRole).toString(), item->data(0, IdRole).toString(), item->data(0, NameRole).toString()};
    if (ref.isValid())
        open(ref);
}

void DetailPanel::copyCurrent()
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    if (!item)
        return;
    const QString id = item->data(0, CopyRole).toString();
    QGuiApplication::clipboard()->setText(id.isEmpty() ? item->text(1) : id);
}

void DetailPanel::runAction(int index)
{
    if (!m_loader || index >= m_loader->actions().size())
        return;
    const DetailAction action = m_loader->actions().at(index);
    QPointer<DetailPanel> panel(this);
    const auto run = [panel](const ActionRequest &request) {
        if (!panel)
            return;
        panel->m_ctx.actions->run(request, panel, [panel](const AdminResponse &) {
            if (!panel)
                return;
            panel->reload();
            emit panel->objectChanged();
        });
    };
    if (action.ask)
        action.ask(this, run);
    else
        run(action.request);
}

QString DetailPanel::text() const
{
    QStringList lines{m_title->text()};
    for (int s = 0; s < m_tree->topLevelItemCount(); ++s) {
        const QTreeWidgetItem *heading = m_tree->topLevelItem(s);
        lines << heading->text(0);
        for (int r = 0; r < heading->childCount(); ++r)
            lines << QStringLiteral("  %1: %2").arg(heading->child(r)->text(0), heading->child(r)->text(1));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace crosslogic::console
