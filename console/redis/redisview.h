// Redis: PING latency, memory, clients and the number of rate-limit keys (GET /admin/redis/info) as tiles, memory,
// operations/s and keys over a picked range (the daemon's metrics history), and the runbook §5 actions.
#pragma once

#include "common/consoleview.h"

#include <QHash>

class QLabel;
class QPushButton;
class QTableWidget;
class QJsonArray;

namespace crosslogic::console {

class HistoryPanel;
class RedisTrendChart;
class StatusTile;

class RedisView : public ConsoleView
{
    Q_OBJECT
public:
    explicit RedisView(const ViewContext &context, QWidget *parent = nullptr);
    HistoryPanel *history() const { return m_history; }
    RedisTrendChart *memoryChart() const { return m_memory; }
    RedisTrendChart *activityChart() const { return m_activity; }
    QPushButton *clearLimitsButton() const { return m_clearLimits; }
    QPushButton *flushButton() const { return m_flush; }
    // Redis Cluster mode: one row per node (address, role, status, memory, keys, clients); hidden with one Redis.
    QTableWidget *shardsTable() const { return m_shards; }

public slots:
    void refresh() override;
    // Runbook §5.2: deletes every ratelimit:* key after the dry-run preview.
    void clearRateLimits();
    // Runbook §5.1, last resort: asks for FLUSHDB to be typed, then the dry-run preview, then FLUSHDB.
    void flushDatabase();

protected:
    void applyRole() override;

private:
    void showInfo(const QJsonObject &info);

    QHash<QString, StatusTile *> m_tiles;
    QLabel *m_status;
    HistoryPanel *m_history;
    RedisTrendChart *m_memory;
    RedisTrendChart *m_activity;
    QPushButton *m_clearLimits;
    QPushButton *m_flush;
    QTableWidget *m_shards;
    void showShards(const QJsonArray &shards);
};

} // namespace crosslogic::console
