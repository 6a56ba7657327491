// Database connections by state (GET /admin/db/connections) as a bar chart, with the pool usage in its title.
#pragma once

#include <QChartView>
#include <QJsonObject>

namespace crosslogic::console {

class ConnectionsChart : public QChartView
{
    Q_OBJECT
public:
    explicit ConnectionsChart(QWidget *parent = nullptr);
    void setConnections(const QJsonObject &answer);
};

} // namespace crosslogic::console
