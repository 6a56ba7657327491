// Renders a JSON value readably as a two-column tree (field, value), e.g. a dry run's "would".
#include "common/jsontree.h"

#include "common/jsontablemodel.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace crosslogic::console {

JsonTree::JsonTree(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(2);
    setHeaderLabels({tr("Field"), tr("Value")});
    setAlternatingRowColors(true);
    setRootIsDecorated(true);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
}

QString JsonTree::humanize(const QString &key)
{
    QString s = key;
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

void JsonTree::setJson(const QJsonValue &value)
{
    clear();
    if (value.isObject() || value.isArray())
        addChildren(nullptr, value);
    else
        add(nullptr, tr("Value"), value);
    expandAll();
}

void JsonTree::addSection(const QString &title, const QString &summary, const QJsonValue &value, const QColor &color)
{
    auto *item = new QTreeWidgetItem(this);
    item->setText(0, title);
    item->setText(1, summary);
    item->setForeground(1, color);
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    item->setFont(1, bold);
    item->setExpanded(true);
    addChildren(item, value);
}

void JsonTree::add(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value)
{
    auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(this);
    // Field names (snake_case) read better humanized; names of things (nodes, keys) stay as they are.
    static const QRegularExpression fieldName(QStringLiteral("^[a-z0-9_]+$"));
    item->setText(0, fieldName.match(key).hasMatch() ? humanize(key) : key);
    if (value.isArray())
        item->setText(1, tr("%n item(s)", nullptr, int(value.toArray().size())));
    else if (!value.isObject())
        item->setText(1, value.isNull() ? tr("(none)") : JsonTableModel::text(value));
    addChildren(item, value);
}

void JsonTree::addChildren(QTreeWidgetItem *parent, const QJsonValue &value)
{
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            add(parent, it.key(), it.value());
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            add(parent, QStringLiteral("#%1").arg(i + 1), a[i]);
    }
}

} // namespace crosslogic::console
