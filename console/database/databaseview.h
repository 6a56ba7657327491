// Database: connections by state, long-running queries (cancel/terminate), index check with one-click creation,
// VACUUM ANALYZE.
#pragma once

#include "common/consoleview.h"

class QTableView;
class QSortFilterProxyModel;
class QPushButton;
class QComboBox;
class QLabel;

namespace crosslogic::console {

class ConnectionsChart;
class IndexTableModel;
class LongQueryModel;
class JsonTableModel;

class DatabaseView : public ConsoleView
{
    Q_OBJECT
public:
    explicit DatabaseView(const ViewContext &context, QWidget *parent = nullptr);
    QString viewId() const override { return QStringLiteral("database"); }
    QString title() const override { return tr("Database"); }

public slots:
    void refresh() override;

protected:
    void applyRole() override;

private:
    QJsonObject selected(QTableView *table, QSortFilterProxyModel *proxy, const JsonTableModel *model) const;
    void backendAction(const QString &verb);
    void settle(bool reachable);

    ConnectionsChart *m_chart;
    LongQueryModel *m_queries;
    QSortFilterProxyModel *m_queriesProxy;
    QTableView *m_queriesTable;
    IndexTableModel *m_indexes;
    QSortFilterProxyModel *m_indexesProxy;
    QTableView *m_indexesTable;
    QLabel *m_queriesLabel;
    QLabel *m_indexesLabel;
    QPushButton *m_cancel;
    QPushButton *m_terminate;
    QPushButton *m_createIndex;
    QComboBox *m_vacuumTable;
    QPushButton *m_vacuum;
    int m_outstanding = 0;
};

} // namespace crosslogic::console
