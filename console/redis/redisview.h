// Redis: PING latency, memory, clients and the number of rate-limit keys (GET /admin/redis/info) as tiles.
#pragma once

#include "common/consoleview.h"

#include <QHash>

class QLabel;

namespace crosslogic::console {

class StatusTile;

class RedisView : public ConsoleView
{
    Q_OBJECT
public:
    explicit RedisView(const ViewContext &context, QWidget *parent = nullptr);

public slots:
    void refresh() override;

private:
    QHash<QString, StatusTile *> m_tiles;
    QLabel *m_status;
};

} // namespace crosslogic::console
