// Soft budget thresholds and the tenant's billing-contact webhook (see the header).
#include "billing/thresholdwatcher.h"

#include "base/spendperiod.h"
#include "base/webhookurl.h"
#include "config/configslot.h"
#include "core/log.h"
#include "metrics/metricvalue.h"
#include "store/sqljson.h"
#include "upstream/upstreamcall.h"
#include "upstream/upstreamclient.h"

#include <QDateTime>
#include <QPointer>
#include <memory>

namespace crosslogic {
namespace {
constexpr int kMaxAttempts = 10;

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Every threshold crossed by a budget in its current period, inserted once; the new rows.
const QString kDetectSql = QStringLiteral(
    "WITH b AS (SELECT b.*, CASE b.period WHEN 'daily' THEN ?::timestamptz WHEN 'monthly' THEN (?::timestamptz[])[tn.billing_anchor_day]"
    "   ELSE '-infinity'::timestamptz END AS period_start FROM budgets b JOIN tenants tn ON tn.id = b.tenant_id),"
    " s AS (SELECT b.*, (SELECT coalesce(sum(u.cost_micros), 0) FROM usage_records u WHERE u.tenant_id = b.tenant_id"
    "   AND CASE b.level WHEN 'key' THEN u.api_key_id WHEN 'environment' THEN u.environment_id ELSE u.tenant_id END = b.scope_id"
    "   AND u.timestamp >= b.period_start) AS spent FROM b),"
    " n AS (INSERT INTO budget_threshold_crossings AS c (budget_id, period_start, threshold, tenant_id, level, scope_id, period,"
    "   amount_micros, spent_micros, status)"
    " SELECT s.id, s.period_start, t.threshold, s.tenant_id, s.level, s.scope_id, s.period, s.amount_micros, s.spent,"
    "   CASE WHEN tn.billing_webhook_url IS NULL THEN 'no_contact' ELSE 'pending' END"
    " FROM s CROSS JOIN LATERAL unnest(s.thresholds) AS t(threshold) JOIN tenants tn ON tn.id = s.tenant_id"
    " WHERE s.spent::numeric * 100 >= s.amount_micros::numeric * t.threshold"
    " ON CONFLICT DO NOTHING"
    " RETURNING json_build_object('budget_id', c.budget_id, 'tenant_id', c.tenant_id, 'level', c.level, 'threshold', c.threshold,"
    "   'spent_micros', c.spent_micros, 'amount_micros', c.amount_micros, 'status', c.status) AS r)"
    " SELECT coalesce(json_agg(n.r), '[]') FROM n");

// Due webhook deliveries, claimed for two minutes (another replica skips them meanwhile).
const QString kClaimSql = QStringLiteral(
    "WITH due AS (SELECT budget_id, period_start, threshold FROM budget_threshold_crossings"
    "   WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY crossed_at LIMIT 20 FOR UPDATE SKIP LOCKED)"
    " , n AS (UPDATE budget_threshold_crossings c SET next_attempt_at = now() + interval '2 minutes'"
    " FROM due, tenants t WHERE c.budget_id = due.budget_id AND c.period_start = due.period_start AND c.threshold = due.threshold"
    "   AND t.id = c.tenant_id"
    " RETURNING json_build_object('budget_id', c.budget_id, 'period_start', c.period_start, 'period_start_text',"
    "   CASE WHEN c.period_start = '-infinity' THEN NULL ELSE to_json(c.period_start) END, 'threshold', c.threshold,"
    "   'tenant_id', c.tenant_id, 'level', c.level, 'scope_id', c.scope_id, 'period', c.period, 'amount_micros', c.amount_micros,"
    "   'spent_micros', c.spent_micros, 'crossed_at', c.crossed_at, 'attempts', c.attempts, 'url', t.billing_webhook_url) AS r)"
    " SELECT coalesce(json_agg(n.r), '[]') FROM n");
} // namespace

ThresholdWatcher::ThresholdWatcher(const ConfigSlot &config, DbPool *db, UpstreamClient *http, JobLease lease, QObject *parent)
    : QObject(parent), m_config(config), m_db(db), m_http(http), m_lease(std::move(lease))
{
    connect(&m_timer, &QTimer::timeout, this, &ThresholdWatcher::runOnce);
}

void ThresholdWatcher::start(int intervalMs)
{
    m_intervalMs = intervalMs;
    m_timer.start(intervalMs);
}

QByteArray ThresholdWatcher::payload(const Json &row)
{
    const Json body = {{"type", "budget.threshold_reached"},
                       {"tenant_id", row.value("tenant_id", Json())},
                       {"budget", {{"id", row.value("budget_id", Json())}, {"level", row.value("level", Json())},
                                   {"scope_id", row.value("scope_id", Json())}, {"period", row.value("period", Json())},
                                   {"amount_micros", row.value("amount_micros", Json())}}},
                       {"threshold_percent", row.value("threshold", Json())},
                       {"spent_micros", row.value("spent_micros", Json())},
                       {"period_start", row.value("period_start_text", Json())},
                       {"crossed_at", row.value("crossed_at", Json())}};
    return QByteArray::fromStdString(body.dump());
}

void ThresholdWatcher::runOnce()
{
    if (m_running)
        return;
    m_running = true;
    const qint64 now = QDateTime::currentMSecsSinceEpoch() + m_config.get()->spendClockOffsetSeconds * 1000;
    const QString daily = iso(spendPeriod("daily", now).startMs), monthly = monthlyStartsArray(now);
    const int leaseSeconds = jobLeaseSeconds(m_config.get()->alertLeaseSeconds, m_intervalMs);
    m_db->run(this, [daily, monthly, lease = m_lease, leaseSeconds](QSqlDatabase &db) -> Result<Json> {
        // One replica detects and claims (the scan sums every budget's usage: not a job for every replica).
        auto pass = runHoldingJobLease(db, lease, leaseSeconds, [&](QSqlDatabase &tx) -> Result<Json> {
            auto crossed = queryJson(tx, kDetectSql, {daily, monthly});
            auto due = crossed ? queryJson(tx, kClaimSql) : crossed;
            if (!due)
                return due;
            return Json{{"crossed", *crossed}, {"due", *due}};
        });
        if (!pass)
            return pass.failure();
        return pass->value_or(Json{{"skipped", true}});
    }, [this](Result<Json> r) {
        if (!r) {
            spdlog::warn("budget thresholds: {}", qs(r.error()));
            m_running = false;
            return;
        }
        if (r->value("skipped", false)) {
            m_running = false;
            return;
        }
        if (m_lease.passes)
            m_lease.passes->inc();
        for (const Json &row : (*r)["crossed"]) {
            spdlog::info("budget thresholds: the {} budget {} of tenant {} reached {} % ({} of {} micro-units){}",
                         row.value("level", std::string()), row.value("budget_id", std::string()), row.value("tenant_id", std::string()),
                         row.value("threshold", 0), row.value("spent_micros", qint64(0)), row.value("amount_micros", qint64(0)),
                         row.value("status", std::string()) == "no_contact" ? "; the tenant has no billing contact" : "");
        }
        m_queue = (*r)["due"];
        sendNext();
    });
}

void ThresholdWatcher::sendNext()
{
    if (m_queue.empty()) {
        m_running = false;
        return;
    }
    const Json row = m_queue.front();
    m_queue.erase(m_queue.begin());
    UpstreamRequest req;
    req.method = "POST";
    req.url = QByteArray::fromStdString(row.value("url", std::string()));
    req.headers = {{"Content-Type", "application/json"},
                   {"X-CrossLogic-Event", "budget.threshold_reached"},
                   // The same for every attempt of one crossing: a receiver de-duplicates by it.
                   {"X-CrossLogic-Delivery", QByteArray::fromStdString(row.value("budget_id", std::string())) + ':'
                                                 + QByteArray::fromStdString(row.value("period_start", Json()).dump()) + ':'
                                                 + QByteArray::number(row.value("threshold", 0))}};
    req.body = payload(row);
    req.connectTimeoutMs = 5000;
    req.firstByteTimeoutMs = 10000;
    req.totalTimeoutMs = 15000;
    UpstreamCall *call = m_http->start(req);
    QPointer<UpstreamCall> guard(call);
    connect(call, &UpstreamCall::finished, this, [this, row, guard](UpstreamError error, const QString &message) {
        const int status = guard ? guard->status() : 0;
        if (error == UpstreamError::None && status >= 200 && status < 300)
            finish(row, true, {});
        else
            finish(row, false, error == UpstreamError::None ? QStringLiteral("HTTP %1").arg(status)
                                                            : QString::fromLatin1(upstreamErrorName(error)) + QStringLiteral(": ") + message);
    });
}

void ThresholdWatcher::finish(const Json &row, bool ok, const QString &error)
{
    const int attempts = row.value("attempts", 0) + 1;
    const QString status = ok ? QStringLiteral("sent") : attempts >= kMaxAttempts ? QStringLiteral("failed") : QStringLiteral("pending");
    const qint64 delayMs = qMin<qint64>(600000, 5000LL << qMin(attempts - 1, 20));
    const QString url = maskWebhookUrl(QString::fromStdString(row.value("url", std::string())));
    if (!ok)
        spdlog::warn("budget thresholds: the billing-contact webhook {} of tenant {} failed ({}), attempt {}{}", qs(url),
                     row.value("tenant_id", std::string()), qs(error), attempts, status == QLatin1String("failed") ? "; given up" : "");
    const QString budget = QString::fromStdString(row.value("budget_id", std::string()));
    const QString periodStart = QString::fromStdString(row.value("period_start", std::string("-infinity"))); // "-infinity": lifetime
    const int threshold = row.value("threshold", 0);
    m_db->run(this, [=](QSqlDatabase &db) -> Result<Json> {
        return queryJson(db, QStringLiteral(
            "UPDATE budget_threshold_crossings SET status = ?, attempts = attempts + 1, last_error = ?,"
            " sent_at = CASE WHEN ? = 'sent' THEN now() END, next_attempt_at = now() + ?::bigint * interval '1 millisecond'"
            " WHERE budget_id = ?::uuid AND period_start = ?::timestamptz AND threshold = ? RETURNING true"),
            {status, error.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(error.left(500)), status, delayMs,
             budget, periodStart, threshold});
    }, [this](Result<Json> r) {
        if (!r)
            spdlog::warn("budget thresholds: cannot record a delivery: {}", qs(r.error()));
        sendNext();
    });
}

} // namespace crosslogic
