// Sends billable usage to Stripe as Billing Meter events: one aggregate per tenant and period, never twice.
#include "billing/stripeexporter.h"

#include "metrics/metricvalue.h"
#include "metrics/servicemetrics.h"
#include "config/configslot.h"
#include "core/log.h"
#include "store/sqljson.h"
#include "upstream/upstreamcall.h"
#include "upstream/upstreamclient.h"

#include <QDateTime>
#include <QPointer>
#include <QRandomGenerator>
#include <QUrl>

namespace crosslogic {
namespace {

constexpr qint64 kMaxBackoffMs = 10 * 60 * 1000;

// Closes the books on finished periods: marks their unbilled usage billed and creates the pending export rows (in
// the caller's transaction, under the lease); the number created.
Result<Json> closePeriods(QSqlDatabase &db, int periodSeconds)
{
    auto groups = queryJson(
        db,
        QStringLiteral(
            "SELECT coalesce(json_agg(json_build_object('tenant_id', g.tenant_id, 'period', g.period)), "
            "'[]') FROM ("
            " SELECT u.tenant_id, (floor(extract(epoch FROM u.timestamp) / ?) * ?)::bigint AS period"
            " FROM usage_records u JOIN tenants t ON t.id = u.tenant_id"
            " WHERE NOT u.billed AND coalesce(t.stripe_customer_id, '') <> ''"
            "  AND u.timestamp < to_timestamp(floor(extract(epoch FROM now()) / ?) * ?)"
            " GROUP BY 1, 2 HAVING sum(u.total_tokens) > 0 ORDER BY 2, 1 LIMIT 500) g"),
        {periodSeconds, periodSeconds, periodSeconds, periodSeconds});
    if (!groups)
        return groups;
    int created = 0;
    for (const Json &g : *groups) {
        const QString tenant = QString::fromStdString(g["tenant_id"].get<std::string>());
        const qint64 period = g["period"].get<qint64>();
        auto earlier = queryJson(db,
                                 QStringLiteral("SELECT to_json(count(*)) FROM billing_exports WHERE "
                                                "tenant_id = ?::uuid AND period_start = to_timestamp(?)"),
                                 {tenant, period});
        if (!earlier)
            return earlier;
        const QByteArray identifier = StripeExporter::identifierFor(tenant, period, earlier->get<int>() + 1);
        auto made = queryJson(
            db,
            QStringLiteral(
                "WITH b AS (UPDATE usage_records SET billed = true WHERE tenant_id = ?::uuid AND NOT billed"
                "  AND timestamp >= to_timestamp(?) AND timestamp < to_timestamp(?) RETURNING total_tokens)"
                " INSERT INTO billing_exports (identifier, tenant_id, period_start, period_end, quantity, "
                "status)"
                " SELECT ?, ?::uuid, to_timestamp(?), to_timestamp(?), coalesce(sum(total_tokens), 0), "
                "'pending' FROM b RETURNING to_json(id)"),
            {tenant, period, period + periodSeconds, QString::fromLatin1(identifier), tenant, period,
             period + periodSeconds});
        if (!made)
            return made;
        ++created;
    }
    return Json(created);
}

// closePeriods holding the lease; null when another replica holds it.
Result<Json> aggregate(QSqlDatabase &db, int periodSeconds, const JobLease &lease, int leaseSeconds)
{
    auto made = runHoldingJobLease(db, lease, leaseSeconds, [periodSeconds](QSqlDatabase &tx) { return closePeriods(tx, periodSeconds); });
    if (!made)
        return made.failure();
    return made->value_or(Json());
}

} // namespace

StripeExporter::StripeExporter(const ConfigSlot &config, DbPool *db, ServiceMetrics *metrics, UpstreamClient *upstream,
                               JobLease lease, QObject *parent)
    : QObject(parent), m_config(config), m_db(db), m_metrics(metrics), m_upstream(upstream), m_lease(std::move(lease))
{
    connect(&m_timer, &QTimer::timeout, this, &StripeExporter::runOnce);
}

void StripeExporter::start()
{
    m_timer.start(m_config->billingExportIntervalMs);
    QTimer::singleShot(0, this, &StripeExporter::runOnce);
}

QByteArray StripeExporter::identifierFor(const QString &tenantId, qint64 periodStartEpoch, int sequence)
{
    QByteArray id = "crosslogic-" + tenantId.toLatin1() + '-' + QByteArray::number(periodStartEpoch);
    if (sequence > 1)
        id += '-' + QByteArray::number(sequence);
    return id;
}

QByteArray StripeExporter::formBody(const QString &eventName, const QString &customerId, qint64 value,
                                    const QByteArray &identifier, qint64 timestamp)
{
    QByteArray body;
    auto add = [&body](const char *key, const QByteArray &text) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(QString::fromLatin1(key));
        body += '=';
        body += QUrl::toPercentEncoding(QString::fromUtf8(text));
    };
    add("event_name", eventName.toUtf8());
    add("payload[stripe_customer_id]", customerId.toUtf8());
    add("payload[value]", QByteArray::number(value));
    add("identifier", identifier);
    add("timestamp", QByteArray::number(timestamp));
    return body;
}

void StripeExporter::runOnce()
{
    if (m_running || m_config->stripeSecretKey.isEmpty())
        return;
    m_running = true;
    const int period = m_config->billingExportPeriodSeconds;
    m_db->run(
        this,
        [period, lease = m_lease, leaseSeconds = leaseSeconds()](QSqlDatabase &db) -> Result<Json> {
            auto made = aggregate(db, period, lease, leaseSeconds);
            if (!made)
                return made;
            if (made->is_null())
                return Json{{"held", false}};
            auto pending = queryJson(
                db, QStringLiteral("SELECT coalesce(json_agg(json_build_object('id', e.id, 'identifier', "
                                   "e.identifier, 'tenant_id', e.tenant_id,"
                                   " 'quantity', e.quantity, 'attempts', e.attempts, 'period_start', "
                                   "extract(epoch FROM e.period_start)::bigint,"
                                   " 'customer', t.stripe_customer_id) ORDER BY e.id), '[]')"
                                   " FROM (SELECT * FROM billing_exports WHERE status = 'pending' ORDER BY "
                                   "id LIMIT 200) e JOIN tenants t ON t.id = e.tenant_id"));
            if (!pending)
                return pending;
            return Json{{"created", *made}, {"pending", *pending}};
        },
        [this](Result<Json> r) {
            if (!r) {
                spdlog::warn("stripe export: {}", qs(r.error()));
                m_running = false;
                return;
            }
            if (!r->value("held", true)) {
                m_schedule.clear(); // the holder keeps the backoff; ours is stale when we take the lease back
                m_running = false;
                return;
            }
            if (m_lease.passes)
                m_lease.passes->inc();
            if ((*r)["created"].get<int>() > 0)
                spdlog::info("stripe export: {} new usage aggregate(s)", (*r)["created"].get<int>());
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            m_queue = Json::array();
            for (const Json &e : (*r)["pending"]) {
                auto it = m_schedule.find(e["id"].get<qint64>());
                if (it != m_schedule.end() && it->attempts == e["attempts"].get<int>() && it->dueMs > now)
                    continue;
                m_queue.push_back(e);
            }
            sendNext();
        });
}

int StripeExporter::leaseSeconds() const
{
    return jobLeaseSeconds(m_config->alertLeaseSeconds, m_config->billingExportIntervalMs);
}

// Before each call: the lease renewed (or the queue dropped: another replica exports now) and the row still pending.
void StripeExporter::sendNext()
{
    if (m_queue.empty()) {
        m_running = false;
        return;
    }
    const Json row = m_queue.front();
    m_queue.erase(m_queue.begin());
    const qint64 id = row["id"].get<qint64>();
    m_db->run(
        this,
        [lease = m_lease, seconds = leaseSeconds(), id](QSqlDatabase &db) -> Result<Json> {
            auto status = runHoldingJobLease(db, lease, seconds, [id](QSqlDatabase &tx) {
                return queryJson(tx, QStringLiteral("SELECT to_json(status) FROM billing_exports WHERE id = ?"), {id});
            });
            if (!status)
                return status.failure();
            if (!status->has_value())
                return Json{{"held", false}};
            return Json{{"held", true}, {"pending", **status == Json("pending")}};
        },
        [this, row](Result<Json> r) {
            if (!r || !(*r)["held"].get<bool>()) {
                if (!r)
                    spdlog::warn("stripe export: cannot renew the lease: {}", qs(r.error()));
                else
                    spdlog::info("stripe export: another replica holds the lease now; this one stops sending");
                m_queue = Json::array();
                m_running = false;
                return;
            }
            if (!(*r)["pending"].get<bool>()) {
                sendNext();
                return;
            }
            post(row);
        });
}

void StripeExporter::post(const Json &row)
{
    const Config &cfg = *m_config;
    UpstreamRequest req;
    req.method = "POST";
    req.url = cfg.stripeApiBase.toUtf8() + "/v1/billing/meter_events";
    req.headers = {{"Authorization", "Bearer " + cfg.stripeSecretKey.toUtf8()},
                   {"Content-Type", "application/x-www-form-urlencoded"},
                   {"Idempotency-Key", QByteArray::fromStdString(row["identifier"].get<std::string>())}};
    req.body = formBody(cfg.stripeMeterEventName,
                        QString::fromStdString(
                            row["customer"].is_string() ? row["customer"].get<std::string>() : std::string()),
                        row["quantity"].get<qint64>(),
                        QByteArray::fromStdString(row["identifier"].get<std::string>()),
                        row["period_start"].get<qint64>());
    req.connectTimeoutMs = 5000;
    req.firstByteTimeoutMs = 30000;
    req.totalTimeoutMs = 60000;
    if (row["attempts"].get<int>() > 0)
        m_metrics->billingRetries.get().inc();
    UpstreamCall *call = m_upstream->start(req);
    auto body = std::make_shared<QByteArray>();
    QPointer<UpstreamCall> guard(call);
    connect(call, &UpstreamCall::dataReceived, this, [body](const QByteArray &chunk) {
        if (body->size() < 4096)
            body->append(chunk);
    });
    connect(call, &UpstreamCall::finished, this,
            [this, row, body, guard](UpstreamError error, const QString &message) {
                const int status = guard ? guard->status() : 0;
                const QByteArray retryAfter = guard ? guard->header("retry-after") : QByteArray();
                finishSend(row, error == UpstreamError::None ? status : 0, *body, retryAfter,
                           error == UpstreamError::None ? QString()
                                                        : QString::fromLatin1(upstreamErrorName(error)) +
                                                              QStringLiteral(": ") + message);
            });
}

void StripeExporter::finishSend(const Json &row, int status, const QByteArray &body,
                                const QByteArray &retryAfter, const QString &transportError)
{
    const qint64 id = row["id"].get<qint64>();
    const int attempts = row["attempts"].get<int>() + 1;
    const std::string identifier = row["identifier"].get<std::string>();
    QString newStatus = QStringLiteral("pending");
    QString error;
    if (status >= 200 && status < 300) {
        newStatus = QStringLiteral("sent");
        m_schedule.remove(id);
        spdlog::info("stripe export: {} sent ({} tokens)", identifier, row["quantity"].get<qint64>());
    } else {
        error = status > 0 ? QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(body.left(300)))
                           : transportError;
        const bool retryable = status == 0 || status == 429 || status >= 500;
        if (!retryable) {
            newStatus = QStringLiteral("failed");
            m_schedule.remove(id);
            spdlog::error("stripe export: {} refused, not retried: {}", identifier, qs(error));
        } else {
            const qint64 base = m_config->billingRetryBaseMs;
            qint64 delay = std::min(kMaxBackoffMs, base * (qint64(1) << std::min(attempts - 1, 20)));
            delay = qint64(double(delay) *
                           (0.5 + QRandomGenerator::global()->generateDouble())); // jitter: 0.5–1.5×
            bool ok = false;
            const qint64 after = retryAfter.trimmed().toLongLong(&ok);
            if (ok && after >= 0)
                delay = std::max(delay, std::min(after, qint64(3600)) * 1000);
            m_schedule.insert(id, Schedule{attempts, QDateTime::currentMSecsSinceEpoch() + delay});
            spdlog::warn("stripe export: {} attempt {} failed ({}); next in {} ms", identifier, attempts,
                         qs(error), delay);
            QTimer::singleShot(delay + 10, this, &StripeExporter::runOnce);
        }
    }
    m_db->run(
        this,
        [id, newStatus, error](QSqlDatabase &db) -> Result<Json> {
            QSqlQuery q(db);
            auto r = runSql(
                q,
                QStringLiteral(
                    "UPDATE billing_exports SET status = ?, attempts = attempts + 1, last_error = ?,"
                    " sent_at = CASE WHEN ? = 'sent' THEN now() ELSE sent_at END WHERE id = ?"),
                {newStatus,
                 error.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(error.left(1000)),
                 newStatus, id});
            if (!r)
                return r.failure();
            return Json(true);
        },
        [this](Result<Json> r) {
            if (!r)
                spdlog::warn("stripe export: cannot record the result: {}", qs(r.error()));
            sendNext();
        });
}

} // namespace crosslogic
