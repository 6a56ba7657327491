// Renders a JSON value readably as a two-column tree (field, value), e.g. a dry run's "would".
#pragma once

#include <QJsonValue>
#include <QTreeWidget>

namespace crosslogic::console {

class JsonTree : public QTreeWidget
{
    Q_OBJECT
public:
    explicit JsonTree(QWidget *parent = nullptr);
    void setJson(const QJsonValue &value);
    // A collapsed top-level entry "title — summary" in colour, with value below it.
    void addSection(const QString &title, const QString &summary, const QJsonValue &value, const QColor &color);
    // "status: active → draining"-style labels for field names: "status_message" → "Status message".
    static QString humanize(const QString &key);

private:
    // One row for value under parent (top level when null), its members or elements below it.
    void add(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value);
    // The members of an object or the elements ("#1", "#2", …) of an array under parent; nothing for a
    // scalar.
    void addChildren(QTreeWidgetItem *parent, const QJsonValue &value);
};

} // namespace crosslogic::console
