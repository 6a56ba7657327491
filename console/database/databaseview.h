// Database: connections by state, long-running queries (cancel/terminate), index check with one-click creation,
// VACUUM ANALYZE.
#pragma once

#include "common/consoleview.h"

class QTableView;
class QPushButton;
class QComboBox;
class QLabel;

namespace crosslogic::console {

class ConnectionsChart;
class ConnectionsHistory;
class HistoryPanel;
class IndexTableModel;
class LongQueryModel;

class DatabaseView : public ConsoleView
{
    Q_OBJECT
public:
    explicit DatabaseView(const ViewContext &context, QWidget *parent = nullptr);
    HistoryPanel *history() const { return m_history; }
    ConnectionsHistory *connectionsHistory() const { return m_connectionsHistory; }

public slots:
    void refresh() override;

protected:
    void applyRole() override;

private:
    void backendAction(const QString &verb);

    ConnectionsChart *m_chart;
    HistoryPanel *m_history;
    ConnectionsHistory *m_connectionsHistory;
    int m_maxConnections = 0;
    LongQueryModel *m_queries;
    QTableView *m_queriesTable;
    IndexTableModel *m_indexes;
    QTableView *m_indexesTable;
    QLabel *m_queriesLabel;
    QLabel *m_indexesLabel;
    QPushButton *m_cancel;
    QPushButton *m_terminate;
    QPushButton *m_createIndex;
    QComboBox *m_vacuumTable;
    QPushButton *m_vacuum;
};

} // namespace crosslogic::console
