// Overview, "what is wrong now": the open alerts on top (AlertPanel), health tiles (GET /health,
// /admin/health-check), the gateway's requests/s by status class and the live traffic chart (/metrics).
#pragma once

#include "common/consoleview.h"
#include "overview/trafficsampler.h"

#include <QHash>
#include <QJsonObject>

class QGridLayout;

namespace crosslogic::console {

class AlertPanel;
class StatusTile;
class HistoryPanel;
class TrafficChart;

class OverviewView : public ConsoleView
{
    Q_OBJECT
public:
    explicit OverviewView(const ViewContext &context, QWidget *parent = nullptr);
    StatusTile *tile(const QString &key) const { return m_tiles.value(key); }
    AlertPanel *alerts() const { return m_alerts; }
    HistoryPanel *history() const { return m_history; }
    TrafficChart *trafficChart() const { return m_chart; }

public slots:
    void refresh() override;

signals:
    void criticalAlert(const QJsonObject &alert);

protected:
    void applyRole() override;
    void staleChanged(bool stale) override;

private:
    StatusTile *addTile(QGridLayout *grid, const QString &key, const QString &caption, int column);
    void showUnreachable(const QString &why);
    void showHealth(const QJsonObject &health, int status);
    void showHealthCheck(const QJsonObject &report);
    void showMetrics(const QByteArray &text);

    AlertPanel *m_alerts;
    QHash<QString, StatusTile *> m_tiles;
    HistoryPanel *m_history;
    TrafficChart *m_chart;
    TrafficSampler m_sampler;
};

} // namespace crosslogic::console
