// Table model over a JSON array of objects with declared columns; subclasses add colours. Roles start at Qt::UserRole.
#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <functional>

namespace crosslogic::console {

struct JsonColumn
{
    using Formatter = std::function<QString(const QJsonValue &, const QJsonObject &row)>;
    JsonColumn(QString header_, QString path_, Formatter format_ = {}, Qt::Alignment alignment_ = Qt::AlignLeft | Qt::AlignVCenter)
        : header(std::move(header_)), path(std::move(path_)), format(std::move(format_)), alignment(alignment_)
    {
    }

    QString header;
    QString path; // "status" or "load/running"
    // Display text; default: the value as text.
    std::function<QString(const QJsonValue &, const QJsonObject &row)> format = {};
    Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter;
};

class JsonTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role { RowObjectRole = Qt::UserRole, IdRole, SortRole };

    explicit JsonTableModel(QList<JsonColumn> columns, QObject *parent = nullptr);

    // Keeps the selection when the rows have the same ids in the same order (a plain refresh).
    void setRows(const QJsonArray &rows);
    void setColumns(QList<JsonColumn> columns);
    const QList<JsonColumn> &columns() const { return m_columns; }
    QJsonObject rowObject(int row) const;
    int rowOfId(const QString &id) const;
    static QJsonValue valueAt(const QJsonObject &row, const QString &path);
    static QString text(const QJsonValue &value);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

protected:
    // Background/foreground/font for a cell; empty for the default look.
    virtual QVariant style(const QJsonObject &row, int column, int role) const;

private:
    QList<JsonColumn> m_columns;
    QList<QJsonObject> m_rows;
};

} // namespace crosslogic::console
