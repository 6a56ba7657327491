// Nodes: the fleet table, the selected node's health score over a picked range, and the fleet actions.
#pragma once

#include "common/consoleview.h"

class QTableView;
class QPushButton;
class QComboBox;
class QLabel;

namespace crosslogic::console {

class NodeTableModel;
class HealthChart;
class HistoryPanel;

class NodesView : public ConsoleView
{
    Q_OBJECT
public:
    explicit NodesView(const ViewContext &context, QWidget *parent = nullptr);
    NodeTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    HistoryPanel *history() const { return m_history; }
    HealthChart *healthChart() const { return m_chart; }
    // Selects the node with this id; false when it is not listed.
    bool selectNode(const QString &id);
    void drainSelected();

public slots:
    void refresh() override;

protected:
    void applyRole() override;

private:
    void plotHealth();
    QJsonObject selectedNode() const;
    void updateSelection();
    void nodeAction(const QString &verb, const QString &title, const QString &description);
    void launchNode();
    void applyRouting();

    NodeTableModel *m_model;
    QTableView *m_table;
    HistoryPanel *m_history;
    HealthChart *m_chart;
    QString m_plotted; // the node the chart shows
    QLabel *m_summary;
    QPushButton *m_drain;
    QPushButton *m_terminate;
    QPushButton *m_drainStale;
    QPushButton *m_launch;
    QComboBox *m_strategy;
    QPushButton *m_applyStrategy;
    QString m_currentStrategy;
};

} // namespace crosslogic::console
