// Applies stored Stripe webhook events (billing_events) off the request path, with retries and backoff.
#include "billing/webhookprocessor.h"

#include "metrics/metricvalue.h"
#include "metrics/servicemetrics.h"
#include "config/configslot.h"
#include "billing/stripecredit.h"
#include "billing/tenantstatus.h"
#include "core/log.h"
#include "store/sqljson.h"

#include <QDateTime>

namespace crosslogic {
namespace {

struct Outcome
{
    QString id;
    int retryCount = 0; // after this attempt
    bool ok = false;
    Json statusChange;
};

// Applies one event inside the open transaction; returns the status change (or null), or the reason it
// failed.
Result<Json> apply(QSqlDatabase &db, const QString &eventId, const QString &type, const Json &payload)
{
    const Json object = payload.value("data", Json::object()).value("object", Json::object());
    Json topUp; // a prepaid top-up credited by this event (docs/billing.md)
    if (isStripeTopUp(type, object)) {
        auto credited = applyStripeTopUp(db, eventId, type, object);
        if (!credited)
            return credited;
        topUp = *credited;
    }
    const QString effect = WebhookProcessor::effectOf(type);
    if (effect.isEmpty())
        return topUp;
    const Json customer = object.value("customer", Json());
    if (!customer.is_string() || customer.get<std::string>().empty())
        return fail(QStringLiteral("%1 without data.object.customer").arg(type));
    const QString customerId = QString::fromStdString(customer.get<std::string>());
    auto change = setTenantStatusByStripeCustomer(
        db, customerId,
        effect == QLatin1String("suspend") ? QStringLiteral("suspended") : QStringLiteral("active"),
        QStringLiteral("stripe: %1").arg(type), eventId);
    if (!change)
        return change;
    if (change->is_null())
        return fail(QStringLiteral("no tenant has stripe_customer_id '%1'").arg(customerId.left(100)));
    if (!topUp.is_object() || !topUp.contains("ledger_entry"))
        return change;
    Json both = *change;
    both["ledger_entry"] = topUp["ledger_entry"];
    return both;
}

Result<Json> processDue(QSqlDatabase &db, int maxRetries, const QHash<QString, QPair<int, qint64>> &notDue, bool retries)
{
    auto candidates = queryJson(
        db,
        QStringLiteral(
            "SELECT coalesce(json_agg(json_build_object('id', id, 'retry_count', retry_count)"
            " ORDER BY created_at), '[]') FROM (SELECT id, retry_count, created_at FROM billing_events"
            " WHERE processed = false AND retry_count < ? AND (retry_count = 0 OR ?::boolean) ORDER BY created_at LIMIT 100) c"),
        {maxRetries, retries});
    if (!candidates)
        return candidates;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Json outcomes = Json::array();
    for (const Json &c : *candidates) {
        const QString id = QString::fromStdString(c["id"].get<std::string>());
        const int retryCount = c["retry_count"].get<int>();
        if (auto it = notDue.find(id); it != notDue.end() && it->first == retryCount && it->second > now)
            continue;
        if (retryCount > 0 && !notDue.contains(id)) {
            // It failed on another replica, or before this one held the lease: its backoff starts now.
            outcomes.push_back(Json{{"id", id.toStdString()}, {"retry_count", retryCount}, {"unseen", true}});
            continue;
        }
        if (!db.transaction())
            return fail(QStringLiteral("cannot begin a transaction"));
        auto row = queryJson(
            db,
            QStringLiteral(
                "SELECT json_build_object('event_id', event_id, 'type', event_type, 'payload', payload,"
                " 'retry_count', retry_count) FROM billing_events WHERE id = ? AND processed = false"
                " AND retry_count < ? FOR UPDATE SKIP LOCKED"),
            {id, maxRetries});
        if (!row || row->is_null()) {
            db.rollback();
            if (!row)
                return row.failure();
            continue; // another replica has it, or it was just processed
        }
        const QString eventId = QString::fromStdString((*row)["event_id"].get<std::string>());
        const QString type = QString::fromStdString((*row)["type"].get<std::string>());
        QSqlQuery sp(db);
        sp.exec(QStringLiteral("SAVEPOINT apply_event"));
        auto applied = apply(db, eventId, type, (*row)["payload"]);
        QSqlQuery mark(db);
        Result<void> marked;
        Outcome o{id, (*row)["retry_count"].get<int>(), applied.ok(), Json()};
        if (applied) {
            o.statusChange = *applied;
            const QVariant tenant =
                applied->is_object()
                    ? QVariant(QString::fromStdString((*applied)["tenant_id"].get<std::string>()))
                    : QVariant(QMetaType::fromType<QString>());
            marked =
                runSql(mark,
                       QStringLiteral(
                           "UPDATE billing_events SET processed = true, processed_at = now(), error = NULL,"
                           " tenant_id = coalesce(?::uuid, tenant_id) WHERE id = ?"),
                       {tenant, id});
        } else {
            QSqlQuery rb(db);
            rb.exec(QStringLiteral("ROLLBACK TO SAVEPOINT apply_event"));
            o.retryCount += 1;
            marked =
                runSql(mark,
                       QStringLiteral(
                           "UPDATE billing_events SET retry_count = retry_count + 1, error = ? WHERE id = ?"),
                       {applied.error().left(1000), id});
        }
        if (!marked || !db.commit()) {
            db.rollback();
            return fail(marked ? QStringLiteral("commit failed") : marked.error());
        }
        if (!applied)
            spdlog::warn("billing event {} ({}) failed (attempt {} of {}): {}", qs(eventId), qs(type),
                         o.retryCount, maxRetries, qs(applied.error()));
        else
            spdlog::info("billing event {} ({}) processed", qs(eventId), qs(type));
        outcomes.push_back(Json{{"id", id.toStdString()},
                                {"retry_count", o.retryCount},
                                {"ok", o.ok},
                                {"change", o.statusChange},
                                {"was_retry", c["retry_count"].get<int>() > 0}});
    }
    return outcomes;
}

// First attempts on any replica; retries only while this replica holds the "webhook_retries" lease.
Result<Json> processDue(QSqlDatabase &db, int maxRetries, const QHash<QString, QPair<int, qint64>> &notDue,
                        const JobLease &lease, int leaseSeconds)
{
    auto held = renewJobLease(db, lease, leaseSeconds);
    if (!held)
        return held.failure();
    auto outcomes = processDue(db, maxRetries, notDue, *held);
    if (!outcomes)
        return outcomes;
    return Json{{"held", *held}, {"outcomes", *outcomes}};
}

} // namespace

WebhookProcessor::WebhookProcessor(const ConfigSlot &config, DbPool *db, ServiceMetrics *metrics, KeyCache *keys, JobLease lease,
                                   QObject *parent)
    : QObject(parent), m_config(config), m_db(db), m_metrics(metrics), m_lease(std::move(lease)), m_keys(keys)
{
    connect(&m_timer, &QTimer::timeout, this, &WebhookProcessor::runOnce);
}

void WebhookProcessor::start(int pollIntervalMs)
{
    m_pollIntervalMs = pollIntervalMs;
    m_timer.start(pollIntervalMs);
    kick();
}

void WebhookProcessor::kick()
{
    QTimer::singleShot(0, this, &WebhookProcessor::runOnce);
}

QString WebhookProcessor::effectOf(const QString &type)
{
    if (type == QLatin1String("invoice.payment_failed") ||
        type == QLatin1String("customer.subscription.deleted"))
        return QStringLiteral("suspend");
    if (type == QLatin1String("invoice.paid"))
        return QStringLiteral("activate");
    return {};
}

void WebhookProcessor::runOnce()
{
    if (m_running) {
        m_again = true;
        return;
    }
    m_running = true;
    const int maxRetries = m_config->billingMaxRetries;
    QHash<QString, QPair<int, qint64>> notDue;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_schedule.begin(); it != m_schedule.end();) {
        if (it->dueMs <= now - 3600 * 1000) {
            it = m_schedule.erase(it);
        } else {
            notDue.insert(it.key(), {it->retryCount, it->dueMs});
            ++it;
        }
    }
    const int leaseSeconds = jobLeaseSeconds(m_config->alertLeaseSeconds, m_pollIntervalMs);
    m_db->run(
        this, [maxRetries, notDue, lease = m_lease, leaseSeconds](QSqlDatabase &db) { return processDue(db, maxRetries, notDue, lease, leaseSeconds); },
        [this](Result<Json> r) {
            m_running = false;
            if (!r) {
                spdlog::debug("billing events: {}", qs(r.error()));
            } else {
                if (!(*r)["held"].get<bool>())
                    m_schedule.clear(); // the holder keeps the backoff
                else if (m_lease.passes)
                    m_lease.passes->inc();
                const qint64 base = m_config->billingRetryBaseMs;
                const qint64 doneAt = QDateTime::currentMSecsSinceEpoch();
                for (const Json &o : (*r)["outcomes"]) {
                    const QString id = QString::fromStdString(o["id"].get<std::string>());
                    if (o.value("unseen", false)) {
                        const int n = o["retry_count"].get<int>();
                        m_schedule.insert(id, Schedule{n, doneAt + base * (qint64(1) << std::min(n - 1, 20))});
                        continue;
                    }
                    if (o["was_retry"].get<bool>())
                        m_metrics->billingRetries.get().inc();
                    if (o["ok"].get<bool>()) {
                        m_schedule.remove(id);
                        invalidateTenantKeys(m_keys, o["change"]);
                    } else {
                        const int n = o["retry_count"].get<int>();
                        m_schedule.insert(id,
                                          Schedule{n, doneAt + base * (qint64(1) << std::min(n - 1, 20))});
                    }
                }
            }
            if (m_again) {
                m_again = false;
                kick();
            }
        });
}

} // namespace crosslogic
