// Redis: tiles from GET /admin/redis/info, memory / operations / keys from the daemon's metrics history, and the
// runbook §5 actions through the dry-run flow.
#include "redis/redisview.h"

#include "adminclient/adminclient.h"
#include "common/actionrunner.h"
#include "common/statustile.h"
#include "history/historypanel.h"
#include "redis/redistrendchart.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonObject>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTableWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace crosslogic::console {

namespace {
const QString kFlushWord = QStringLiteral("FLUSHDB");
}

RedisView::RedisView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("redis"), tr("Redis"), 5000, parent), m_status(new QLabel(content())),
      m_history(new HistoryPanel(context.client, QStringLiteral("1h"), content())),
      m_memory(new RedisTrendChart(RedisTrendChart::Kind::Memory)), m_activity(new RedisTrendChart(RedisTrendChart::Kind::Activity)),
      m_clearLimits(new QPushButton(tr("Clear all rate-limit counters…"), content())),
      m_flush(new QPushButton(tr("FLUSHDB…"), content())), m_shards(new QTableWidget(0, 6, content()))
{
    auto *layout = new QVBoxLayout(content());
    auto *grid = new QGridLayout;
    grid->setSpacing(10);
    const QList<QPair<QString, QString>> tiles = {
        {QStringLiteral("ping"), tr("Ping")},           {QStringLiteral("memory"), tr("Memory")},
        {QStringLiteral("clients"), tr("Clients")},     {QStringLiteral("ratelimit"), tr("Rate-limit keys")},
        {QStringLiteral("keys"), tr("Keys")},           {QStringLiteral("evicted"), tr("Evicted keys")},
        {QStringLiteral("rejected"), tr("Rejected connections")}, {QStringLiteral("errors"), tr("Daemon Redis errors")},
    };
    for (int i = 0; i < tiles.size(); ++i) {
        auto *tile = new StatusTile(tiles[i].second, content());
        m_tiles.insert(tiles[i].first, tile);
        grid->addWidget(tile, i / 4, i % 4);
    }
    layout->addLayout(grid);
    auto *actions = new QHBoxLayout;
    m_status->setWordWrap(true);
    actions->addWidget(m_status, 1);
    m_clearLimits->setObjectName(QStringLiteral("clearRateLimitsButton"));
    m_clearLimits->setToolTip(tr("Runbook §5.2: deletes every ratelimit:* key (SCAN + UNLINK); windows start over"));
    m_flush->setObjectName(QStringLiteral("flushdbButton"));
    m_flush->setToolTip(tr("Runbook §5.1, last resort: deletes every key of the daemon's Redis database"));
    actions->addWidget(m_clearLimits);
    actions->addWidget(m_flush);
    layout->addLayout(actions);
    m_shards->setObjectName(QStringLiteral("redisShardsTable"));
    m_shards->setHorizontalHeaderLabels({tr("Node"), tr("Role"), tr("Status"), tr("Memory"), tr("Keys"), tr("Clients")});
    m_shards->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_shards->verticalHeader()->setVisible(false);
    m_shards->horizontalHeader()->setStretchLastSection(true);
    m_shards->setMaximumHeight(220);
    m_shards->setVisible(false);
    layout->addWidget(m_shards);
    m_history->addChart(m_memory);
    m_history->addChart(m_activity);
    layout->addWidget(m_history, 1);
    connect(m_history, &HistoryPanel::loaded, m_memory, &RedisTrendChart::plot);
    connect(m_history, &HistoryPanel::loaded, m_activity, &RedisTrendChart::plot);
    connect(m_clearLimits, &QPushButton::clicked, this, &RedisView::clearRateLimits);
    connect(m_flush, &QPushButton::clicked, this, &RedisView::flushDatabase);
}

void RedisView::applyRole()
{
    gate(m_clearLimits, "emergency", tr("Clear all rate-limit counters"));
    gate(m_flush, "emergency", tr("FLUSHDB"));
}

void RedisView::clearRateLimits()
{
    m_ctx.actions->run({tr("Clear all rate-limit counters"),
                        tr("Deletes every ratelimit:* key: all keys' minute windows and concurrency counters start over "
                           "(runbook §5.2)."),
                        "POST", QStringLiteral("/admin/redis/ratelimits/clear"),
                        QJsonObject{{QStringLiteral("confirm"), QStringLiteral("DELETE ALL RATE LIMITS")}}},
                       this, [this](const AdminResponse &) { refresh(); });
}

void RedisView::flushDatabase()
{
    // Guarded twice: the word typed here, then the daemon's dry-run preview (how many keys) before anything runs.
    auto *ask = new QInputDialog(this);
    ask->setObjectName(QStringLiteral("flushdbConfirm"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setWindowTitle(tr("FLUSHDB"));
    ask->setLabelText(tr("FLUSHDB deletes every key of the daemon's Redis database: rate-limit and concurrency "
                         "counters and cached key validations. Type %1 to continue.").arg(kFlushWord));
    connect(ask, &QInputDialog::textValueSelected, this, [this](const QString &typed) {
        if (typed.trimmed() != kFlushWord) {
            emit message(tr("FLUSHDB not run: the confirmation did not match."));
            return;
        }
        m_ctx.actions->run({tr("FLUSHDB"), tr("Deletes every key of the daemon's Redis database (runbook §5.1)."), "POST",
                            QStringLiteral("/admin/redis/flushdb"), QJsonObject{{QStringLiteral("confirm"), kFlushWord}}},
                           this, [this](const AdminResponse &) { refresh(); });
    });
    ask->open();
}

void RedisView::refresh()
{
    m_history->refresh();
    m_ctx.client->get(QStringLiteral("/admin/redis/info"), this, [this](const AdminResponse &r) {
        if (!r.ok()) {
            m_status->setText(r.forbidden() ? tr("Your role cannot read Redis diagnostics (needs 'redis').") : tr("Redis: %1").arg(r.errorMessage()));
            m_tiles.value(QStringLiteral("ping"))->setState(r.reachable() ? StatusLevel::Fail : StatusLevel::Unknown, tr("no answer"), r.errorMessage());
            if (r.reachable())
                markLoaded();
            return;
        }
        showInfo(r.object());
        markLoaded();
    });
}

void RedisView::showInfo(const QJsonObject &o)
{
    const auto num = [&](const char *k) { return o.value(QLatin1String(k)).toDouble(); };
    const double ping = num("ping_ms");
    m_tiles.value(QStringLiteral("ping"))->setState(ping < 5 ? StatusLevel::Ok : ping < 50 ? StatusLevel::Warn : StatusLevel::Fail,
                                                    tr("%1 ms").arg(ping, 0, 'f', 1), tr("PING round trip from the daemon"));
    const double max = num("maxmemory");
    const double share = max > 0 ? num("used_memory") / max : 0;
    m_tiles.value(QStringLiteral("memory"))->setState(share > 0.9 ? StatusLevel::Fail : share > 0.75 ? StatusLevel::Warn : StatusLevel::Ok,
                                                      o.value(QLatin1String("used_memory_human")).toString(),
                                                      max > 0 ? tr("of %1 (%2)").arg(o.value(QLatin1String("maxmemory_human")).toString(), o.value(QLatin1String("maxmemory_policy")).toString())
                                                              : tr("no maxmemory set"));
    m_tiles.value(QStringLiteral("clients"))->setState(StatusLevel::Ok, QString::number(qint64(num("connected_clients"))),
                                                       tr("%1 blocked").arg(qint64(num("blocked_clients"))));
    m_tiles.value(QStringLiteral("ratelimit"))->setState(StatusLevel::Ok, QString::number(qint64(num("ratelimit_keys"))),
                                                         o.value(QLatin1String("ratelimit_keys_truncated")).toBool() ? tr("count truncated (SCAN limit)") : tr("ratelimit:* keys (SCAN)"));
    m_tiles.value(QStringLiteral("keys"))->setState(StatusLevel::Ok, QString::number(qint64(num("db_keys"))), tr("in the daemon's database"));
    m_tiles.value(QStringLiteral("evicted"))->setState(num("evicted_keys") > 0 ? StatusLevel::Warn : StatusLevel::Ok, QString::number(qint64(num("evicted_keys"))));
    m_tiles.value(QStringLiteral("rejected"))->setState(num("rejected_connections") > 0 ? StatusLevel::Warn : StatusLevel::Ok,
                                                        QString::number(qint64(num("rejected_connections"))));
    m_tiles.value(QStringLiteral("errors"))->setState(num("daemon_redis_errors") > 0 ? StatusLevel::Warn : StatusLevel::Ok,
                                                      QString::number(qint64(num("daemon_redis_errors"))), tr("since the daemon started"));
    m_status->setText(tr("Redis %1, up %2 h").arg(o.value(QLatin1String("redis_version")).toString()).arg(num("uptime_seconds") / 3600.0, 0, 'f', 1));
    showShards(o.value(QLatin1String("shards")).toArray());
}

void RedisView::showShards(const QJsonArray &shards)
{
    // Redis Cluster: the tiles above describe the node the daemon asked; each node's own figures are here.
    m_shards->setVisible(!shards.isEmpty());
    m_shards->setRowCount(int(shards.size()));
    for (int row = 0; row < shards.size(); ++row) {
        const QJsonObject n = shards.at(row).toObject();
        const bool up = n.value(QLatin1String("status")).toString() == QLatin1String("up");
        const QString role = n.value(QLatin1String("role")).toString();
        const QStringList cells = {
            n.value(QLatin1String("address")).toString(),
            role == QLatin1String("slave") ? tr("replica of %1").arg(n.value(QLatin1String("master")).toString()) : role,
            up ? tr("up") : tr("down"),
            n.value(QLatin1String("used_memory_human")).toString(),
            up ? QString::number(qint64(n.value(QLatin1String("keys")).toDouble())) : QString(),
            up ? QString::number(qint64(n.value(QLatin1String("connected_clients")).toDouble())) : QString(),
        };
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (!up)
                item->setForeground(Qt::red);
            m_shards->setItem(row, c, item);
        }
    }
}

} // namespace crosslogic::console
