// See alertnotifier.h.
#include "alerts/alertnotifier.h"

#include "alerts/alertpayload.h"
#include "alerts/alertsql.h"
#include "core/log.h"
#include "store/dbpool.h"
#include "store/sqljson.h"
#include "upstream/upstreamcall.h"
#include "upstream/upstreamclient.h"

#include <QPointer>

namespace crosslogic {
namespace {

constexpr int kMaxAttempts = 10;

} // namespace

AlertNotifier::AlertNotifier(DbPool *db, UpstreamClient *http, QObject *parent) : QObject(parent), m_db(db), m_http(http) {}

void AlertNotifier::sendDue()
{
    if (m_inFlight > 0 || !m_http)
        return;
    m_inFlight = 1; // the claim itself
    m_db->run(this, [](QSqlDatabase &db) {
        return queryJson(db, QStringLiteral(
            "WITH due AS (SELECT id FROM alert_notifications WHERE status = 'pending' AND next_attempt_at <= now()"
            "  ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED),"
            " claimed AS (UPDATE alert_notifications n SET next_attempt_at = now() + interval '2 minutes' FROM due"
            "  WHERE n.id = due.id RETURNING n.id, n.attempts, n.event_id, n.target_id)"
            " SELECT coalesce(json_agg(json_build_object('id', c.id, 'attempts', c.attempts,"
            "  'event', json_build_object('id', e.id, 'transition', e.transition, 'alert', e.alert),"
            "  'target', json_build_object('id', t.id, 'name', t.name, 'kind', t.kind, 'url', t.url, 'routing_key', t.routing_key))"
            "  ORDER BY c.id), '[]')"
            " FROM claimed c JOIN alert_events e ON e.id = c.event_id JOIN alert_targets t ON t.id = c.target_id"));
    }, [this](Result<Json> r) {
        m_inFlight = 0;
        if (!r) {
            spdlog::warn("alert notifications: cannot claim: {}", qs(r.error()));
            return;
        }
        for (Json n : *r) {
            decorateAlert(n["event"]["alert"]);
            const NotificationRequest note = notificationFor(n["event"], n["target"]);
            const qint64 id = n["id"].get<qint64>();
            const int attempts = n["attempts"].get<int>() + 1;
            const QString targetName = QString::fromStdString(n["target"]["name"].get<std::string>());
            UpstreamRequest req;
            req.method = "POST";
            req.url = note.url;
            req.headers = note.headers;
            req.headers.append({"Idempotency-Key", "crosslogic-alert-notification-" + QByteArray::number(id)});
            req.body = note.body;
            req.connectTimeoutMs = 5000;
            req.firstByteTimeoutMs = 10000;
            req.totalTimeoutMs = 15000;
            ++m_inFlight;
            UpstreamCall *call = m_http->start(req);
            QPointer<UpstreamCall> guard(call);
            connect(call, &UpstreamCall::finished, this, [this, guard, id, attempts, targetName](UpstreamError error, const QString &message) {
                const int status = guard ? guard->status() : 0;
                const bool ok = error == UpstreamError::None && status >= 200 && status < 300;
                // The message of a transport error may quote the URL: only its kind is kept.
                const QString why = error != UpstreamError::None ? QString::fromLatin1(upstreamErrorName(error))
                                                                 : QStringLiteral("HTTP %1").arg(status);
                Q_UNUSED(message);
                if (ok)
                    spdlog::info("alert notification {} sent to target '{}'", id, qs(targetName));
                else
                    spdlog::warn("alert notification {} to target '{}' failed (attempt {}): {}", id, qs(targetName), attempts, qs(why));
                finish(id, attempts, ok, ok ? QString() : why);
            });
        }
    });
}

void AlertNotifier::finish(qint64 id, int attempts, bool ok, const QString &error)
{
    m_db->run(this, [id, attempts, ok, error](QSqlDatabase &db) {
        // Backoff: 5 s × 2^(attempts-1), at most 10 minutes.
        const int delay = std::min(600, 5 * (1 << std::min(attempts - 1, 10)));
        return queryJson(db, QStringLiteral(
            // Every parameter typed: untyped ones compare as text ('2' >= '10').
            "UPDATE alert_notifications SET attempts = ?::int, status = CASE WHEN ?::boolean THEN 'sent'"
            " WHEN ?::int >= ?::int THEN 'failed' ELSE 'pending' END,"
            " sent_at = CASE WHEN ?::boolean THEN now() END, last_error = ?::text,"
            " next_attempt_at = now() + make_interval(secs => ?::int)"
            " WHERE id = ? RETURNING to_json(status)"),
            {attempts, ok, attempts, kMaxAttempts, ok, ok ? QVariant() : QVariant(error), delay, id});
    }, [this](Result<Json> r) {
        if (!r)
            spdlog::warn("alert notifications: cannot record a result: {}", qs(r.error()));
        if (--m_inFlight == 0)
            sendDue(); // more may be due
    });
}

} // namespace crosslogic
