// The command bar (Ctrl+K, or ':' outside text fields): type a view's name or an object's (key name or prefix,
// tenant, environment, node, model); Up/Down pick, Enter goes there (objects open in the detail panel), Escape
// closes. It floats over the top of the window.
#include "app/commandbar.h"

#include "detail/objectnavigator.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTextEdit>
#include <QVBoxLayout>

namespace crosslogic::console {
namespace {
enum { ViewRole = Qt::UserRole, KindRole, IdRole, NameRole };

bool isTextInput(const QWidget *w)
{
    if (!w)
        return false;
    if (const auto *combo = qobject_cast<const QComboBox *>(w))
        return combo->isEditable();
    const auto *edit = qobject_cast<const QTextEdit *>(w);
    const auto *plain = qobject_cast<const QPlainTextEdit *>(w);
    return qobject_cast<const QLineEdit *>(w) || qobject_cast<const QAbstractSpinBox *>(w) || (edit && !edit->isReadOnly())
        || (plain && !plain->isReadOnly());
}
} // namespace

CommandBar::CommandBar(AdminClient *client, ObjectNavigator *navigator, QWidget *window)
    : QFrame(window), m_index(new ObjectIndex(client, this)), m_navigator(navigator), m_input(new QLineEdit(this)),
      m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("commandBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *layout = new QVBoxLayout(this);
    m_input->setObjectName(QStringLiteral("commandInput"));
    m_input->setPlaceholderText(tr("Go to a view, key (name or prefix), tenant, environment, node or model…"));
    m_input->setAccessibleName(tr("Command bar"));
    m_list->setObjectName(QStringLiteral("commandList"));
    m_list->setFocusPolicy(Qt::NoFocus);
    layout->addWidget(m_input);
    layout->addWidget(m_list);
    layout->addWidget(new QLabel(tr("↑↓ choose · Enter go · Esc close"), this));
    hide();
    m_input->installEventFilter(this);
    qApp->installEventFilter(this);
    connect(m_input, &QLineEdit::textChanged, this, &CommandBar::refilter);
    connect(m_index, &ObjectIndex::changed, this, &CommandBar::refilter);
    connect(m_list, &QListWidget::itemActivated, this, &CommandBar::goToCurrent);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        if (isVisible() && now && !isAncestorOf(now))
            hide();
    });
}

void CommandBar::popup()
{
    if (!isVisible())
        m_returnFocus = QApplication::focusWidget();
    m_input->clear();
    m_askedPrefix.clear();
    m_index->refresh();
    place();
    show();
    raise();
    m_input->setFocus(Qt::ShortcutFocusReason);
    refilter();
}

void CommandBar::place()
{
    const QWidget *window = parentWidget();
    const int width = std::min(640, window->width() - 40);
    setGeometry((window->width() - width) / 2, 60, width, std::min(420, window->height() - 100));
}

void CommandBar::refilter()
{
    const QString query = m_input->text().trimmed();
    if (query.startsWith(QLatin1String("clsk_")) && query.size() >= 9 && query.left(12) != m_askedPrefix) {
        m_askedPrefix = query.left(12);
        m_index->lookUpPrefix(query);
    }
    const QString wasText = m_list->currentItem() ? m_list->currentItem()->text() : QString();
    m_list->clear();
    const QString lower = query.toLower();
    for (qsizetype i = 0; i < m_views.size(); ++i) {
        const QString title = QString(m_views[i].title).replace(QStringLiteral("&&"), QStringLiteral("&"));
        if (!lower.isEmpty() && !title.toLower().contains(lower))
            continue;
        auto *item = new QListWidgetItem(tr("View: %1").arg(title), m_list);
        item->setData(ViewRole, int(i));
    }
    if (!query.isEmpty())
        for (const ObjectIndex::Entry &e : m_index->match(query)) {
            auto *item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(e.ref.label(), e.detail), m_list);
            item->setData(ViewRole, -1);
            item->setData(KindRole, e.ref.kind);
            item->setData(IdRole, e.ref.id);
            item->setData(NameRole, e.ref.name);
        }
    if (!query.isEmpty() && !m_index->isLoaded())
        new QListWidgetItem(tr("searching…"), m_list);
    const QList<QListWidgetItem *> same = m_list->findItems(wasText, Qt::MatchExactly);
    m_list->setCurrentRow(same.isEmpty() || wasText.isEmpty() ? 0 : m_list->row(same.first()));
}

void CommandBar::goToCurrent()
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item || !item->data(ViewRole).isValid())
        return;
    hide();
    const int view = item->data(ViewRole).toInt();
    if (view >= 0 && view < m_views.size())
        m_views[view].go();
    else if (view < 0)
        m_navigator->open({item->data(KindRole).toString(), item->data(IdRole).toString(), item->data(NameRole).toString()});
}

bool CommandBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return false;
    auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_input) {
        switch (key->key()) {
        case Qt::Key_Down:
        case Qt::Key_Up:
        case Qt::Key_PageDown:
        case Qt::Key_PageUp:
            QApplication::sendEvent(m_list, event);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            goToCurrent();
            return true;
        case Qt::Key_Escape:
            hide();
            if (m_returnFocus)
                m_returnFocus->setFocus(Qt::OtherFocusReason);
            return true;
        default:
            return false;
        }
    }
    // ':' anywhere in this window but a text field opens the bar.
    auto *widget = qobject_cast<QWidget *>(watched);
    if (key->text() == QLatin1String(":") && !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier)) && widget
        && widget == QApplication::focusWidget() && widget->window() == parentWidget()->window() && !isTextInput(widget)
        && !QApplication::activeModalWidget()) {
        popup();
        return true;
    }
    return false;
}

} // namespace crosslogic::console
