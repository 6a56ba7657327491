// Redis: PING latency, memory, clients and the number of rate-limit keys (GET /admin/redis/info) as tiles.
#include "redis/redisview.h"

#include "adminclient/adminclient.h"
#include "common/statustile.h"

#include <QGridLayout>
#include <QJsonObject>
#include <QLabel>
#include <QVBoxLayout>

namespace crosslogic::console {

RedisView::RedisView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("redis"), tr("Redis"), 5000, parent),
      m_status(new QLabel(content()))
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
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    layout->addStretch(1);
}

void RedisView::refresh()
{
    m_ctx.client->get(QStringLiteral("/admin/redis/info"), this, [this](const AdminResponse &r) {
        if (!r.ok()) {
            m_status->setText(r.forbidden() ? tr("Your role cannot read Redis diagnostics (needs 'redis').") : tr("Redis: %1").arg(r.errorMessage()));
            m_tiles.value(QStringLiteral("ping"))->setState(r.reachable() ? StatusLevel::Fail : StatusLevel::Unknown, tr("no answer"), r.errorMessage());
            if (r.reachable())
                markLoaded();
            return;
        }
        const QJsonObject o = r.object();
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
        markLoaded();
    });
}

} // namespace crosslogic::console
