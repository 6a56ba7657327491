// See alertfeed.h.
#include "alerts/alertfeed.h"

#include "alerts/alertsql.h"
#include "core/log.h"
#include "http/httpexchange.h"
#include "store/dbpool.h"
#include "store/sqljson.h"

#include <algorithm>

namespace crosslogic {
namespace {

QByteArray sseEvent(const char *name, qint64 id, const Json &data)
{
    QByteArray out = "event: " + QByteArray(name) + '\n';
    if (id > 0)
        out += "id: " + QByteArray::number(id) + '\n';
    out += "data: " + QByteArray::fromStdString(data.dump()) + "\n\n";
    return out;
}

} // namespace

AlertFeed::AlertFeed(DbPool *db, QObject *parent) : QObject(parent), m_db(db)
{
    connect(&m_pollTimer, &QTimer::timeout, this, &AlertFeed::poll);
    connect(&m_keepAliveTimer, &QTimer::timeout, this, &AlertFeed::keepAlive);
}

void AlertFeed::subscribe(HttpExchange *ex, qint64 lastEventId)
{
    QPointer<HttpExchange> guard(ex);
    m_db->run(ex, [lastEventId](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral(
            "SELECT json_build_object('cursor', CASE WHEN ?::bigint >= 0 THEN ?::bigint ELSE (SELECT coalesce(max(id), 0) FROM alert_events) END,"
            " 'alerts', coalesce((SELECT json_agg(%1 ORDER BY a.id) FROM alerts a WHERE a.state <> 'resolved'), '[]'))")
            .arg(QLatin1String(kAlertJsonSql)), {lastEventId, lastEventId});
    }, [this, guard](Result<Json> r) {
        if (!guard)
            return;
        if (!r) {
            guard->respondError(503, QStringLiteral("alerts are unavailable: the database cannot be reached"), "database_unavailable");
            return;
        }
        Json snapshot = *r;
        for (Json &a : snapshot["alerts"])
            decorateAlert(a);
        guard->addHeader("Cache-Control", "no-cache");
        guard->addHeader("X-Accel-Buffering", "no"); // proxies: do not buffer the stream
        guard->beginStream(200, "text/event-stream");
        guard->writeChunk("retry: 3000\n\n" + sseEvent("snapshot", 0, Json{{"alerts", snapshot["alerts"]}}));
        m_subscribers.append(Subscriber{guard, snapshot["cursor"].get<qint64>()});
        if (!m_pollTimer.isActive()) {
            m_pollTimer.start(1000);
            m_keepAliveTimer.start(15000);
        }
    });
}

void AlertFeed::poll()
{
    m_subscribers.removeIf([](const Subscriber &s) { return !s.exchange || s.exchange->isClientGone() || s.exchange->isFinished(); });
    if (m_subscribers.isEmpty()) {
        m_pollTimer.stop();
        m_keepAliveTimer.stop();
        return;
    }
    if (m_polling)
        return;
    m_polling = true;
    const qint64 from = std::min_element(m_subscribers.cbegin(), m_subscribers.cend(), [](const Subscriber &a, const Subscriber &b) {
                            return a.cursor < b.cursor;
                        })->cursor;
    m_db->run(this, [from](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral(
            "SELECT coalesce(json_agg(json_build_object('id', id, 'transition', transition, 'alert', alert, 'at', created_at)"
            " ORDER BY id), '[]') FROM (SELECT * FROM alert_events WHERE id > ? ORDER BY id LIMIT 500) e"), {from});
    }, [this](Result<Json> r) {
        m_polling = false;
        if (!r) {
            spdlog::warn("alert stream: cannot read events: {}", qs(r.error()));
            return;
        }
        for (Json e : *r) {
            decorateAlert(e["alert"]);
            const qint64 id = e["id"].get<qint64>();
            const QByteArray chunk = sseEvent("alert", id, Json{{"transition", e["transition"]}, {"at", e["at"]}, {"alert", e["alert"]}});
            for (Subscriber &s : m_subscribers)
                if (s.exchange && s.cursor < id) {
                    s.exchange->writeChunk(chunk);
                    s.cursor = id;
                }
        }
    });
}

void AlertFeed::keepAlive()
{
    for (const Subscriber &s : std::as_const(m_subscribers))
        if (s.exchange && !s.exchange->isClientGone())
            s.exchange->writeChunk(": keep-alive\n\n");
}

} // namespace crosslogic
