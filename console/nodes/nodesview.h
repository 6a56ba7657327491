// Nodes: the fleet table, a health-score history chart of the selected node, and the fleet actions.
#pragma once

#include "common/consoleview.h"
#include "nodes/healthhistory.h"

class QTableView;
class QPushButton;
class QComboBox;
class QLabel;

namespace crosslogic::console {

class NodeTableModel;
class HealthChart;

class NodesView : public ConsoleView
{
    Q_OBJECT
public:
    explicit NodesView(const ViewContext &context, QWidget *parent = nullptr);
    NodeTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    // Selects the node with this id; false when it is not listed.
    bool selectNode(const QString &id);
    void drainSelected();

public slots:
    void refresh() override;

protected:
    void applyRole() override;

private:
    QJsonObject selectedNode() const;
    void updateSelection();
    void nodeAction(const QString &verb, const QString &title, const QString &description);
    void launchNode();
    void applyRouting();

    NodeTableModel *m_model;
    QTableView *m_table;
    HealthChart *m_chart;
    HealthHistory m_history;
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
