// Table model over a JSON array of objects with declared columns; subclasses add colours. Roles start at Qt::UserRole.
#include "common/jsontablemodel.h"

namespace crosslogic::console {

JsonTableModel::JsonTableModel(QList<JsonColumn> columns, QObject *parent) : QAbstractTableModel(parent), m_columns(std::move(columns)) {}

void JsonTableModel::setRows(const QJsonArray &rows)
{
    QList<QJsonObject> next;
    next.reserve(rows.size());
    for (const QJsonValue &v : rows)
        next.append(v.toObject());
    bool sameIds = next.size() == m_rows.size() && !next.isEmpty();
    for (qsizetype i = 0; sameIds && i < next.size(); ++i)
        sameIds = next[i].value(QLatin1String("id")) == m_rows[i].value(QLatin1String("id"));
    if (sameIds) {
        m_rows = std::move(next);
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(next);
    endResetModel();
}

void JsonTableModel::setColumns(QList<JsonColumn> columns)
{
    beginResetModel();
    m_columns = std::move(columns);
    endResetModel();
}

QJsonObject JsonTableModel::rowObject(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row] : QJsonObject();
}

int JsonTableModel::rowOfId(const QString &id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (text(m_rows[i].value(QLatin1String("id"))) == id)
            return int(i);
    return -1;
}

QJsonValue JsonTableModel::valueAt(const QJsonObject &row, const QString &path)
{
    QJsonValue v = row;
    for (const QString &part : path.split(QLatin1Char('/')))
        v = v.toObject().value(part);
    return v;
}

QString JsonTableModel::text(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d, 'f', 1);
    }
    case QJsonValue::Bool:
        return value.toBool() ? tr("yes") : tr("no");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QString();
    default:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
}

int JsonTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JsonTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant JsonTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &row = m_rows[index.row()];
    const JsonColumn &column = m_columns[index.column()];
    const QJsonValue value = valueAt(row, column.path);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return column.format ? column.format(value, row) : text(value);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(column.alignment);
    case RowObjectRole:
        return row;
    case IdRole:
        return text(row.value(QLatin1String("id")));
    case SortRole:
        return value.isDouble() ? QVariant(value.toDouble()) : QVariant(text(value));
    default:
        return style(row, index.column(), role);
    }
}

QVariant JsonTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_columns.size())
        return m_columns[section].header;
    return QAbstractTableModel::headerData(section, orientation, role);
}

QHash<int, QByteArray> JsonTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RowObjectRole, "rowObject");
    names.insert(IdRole, "id");
    names.insert(SortRole, "sort");
    return names;
}

QVariant JsonTableModel::style(const QJsonObject &, int, int) const
{
    return {};
}

} // namespace crosslogic::console
