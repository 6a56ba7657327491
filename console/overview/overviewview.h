// Overview: quick health check tiles (GET /admin/health-check, /health) and the live traffic chart (/metrics).
#pragma once

#include "common/consoleview.h"
#include "overview/trafficsampler.h"

#include <QHash>
#include <QJsonObject>

namespace crosslogic::console {

class StatusTile;
class TrafficChart;

class OverviewView : public ConsoleView
{
    Q_OBJECT
public:
    explicit OverviewView(const ViewContext &context, QWidget *parent = nullptr);
    StatusTile *tile(const QString &key) const { return m_tiles.value(key); }

public slots:
    void refresh() override;

private:
    void showHealth(const QJsonObject &health, int status);
    void showHealthCheck(const QJsonObject &report);
    void showMetrics(const QByteArray &text);

    QHash<QString, StatusTile *> m_tiles;
    TrafficChart *m_chart;
    TrafficSampler m_sampler;
};

} // namespace crosslogic::console
