// Sends billable usage to Stripe as Billing Meter events: one aggregate per tenant and period, never twice.
#pragma once

#include "base/joblease.h"
#include "store/dbpool.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace crosslogic {

class ConfigSlot;
class DbPool;
class ServiceMetrics;
class UpstreamClient;

// Only the replica holding the job lease "stripe_export" (base/joblease.h) exports; it renews the lease on each
// cycle and before each call, so one replica at a time sends. Each cycle: (1) in one transaction under the lease, unbilled usage_records of tenants with a
// stripe_customer_id in closed periods (BILLING_EXPORT_PERIOD_SECONDS) are marked billed and summed into a
// pending billing_exports row whose identifier is derived from tenant and period (a later batch for the same
// period gets
// "-2", "-3"...); (2) pending exports are POSTed to {STRIPE_API_BASE}/v1/billing/meter_events with that
// identifier (and Idempotency-Key), so a resend — after a lost answer, or by the next holder when this one died
// between Stripe's answer and marking the row sent — is deduplicated by Stripe and cannot double-bill. 2xx → sent; 429/5xx/transport errors →
// retried with exponential backoff and jitter (Retry-After honoured); other 4xx → failed (last_error says
// why).
class StripeExporter : public QObject
{
    Q_OBJECT
public:
    StripeExporter(const ConfigSlot &config, DbPool *db, ServiceMetrics *metrics, UpstreamClient *upstream, JobLease lease,
                   QObject *parent = nullptr);
    void start();
    void runOnce();

    static QByteArray identifierFor(const QString &tenantId, qint64 periodStartEpoch, int sequence);
    static QByteArray formBody(const QString &eventName, const QString &customerId, qint64 value,
                               const QByteArray &identifier, qint64 timestamp);

private:
    void sendNext();
    void post(const Json &exportRow);
    int leaseSeconds() const;
    void finishSend(const Json &exportRow, int status, const QByteArray &body, const QByteArray &retryAfter,
                    const QString &transportError);

    const ConfigSlot &m_config;
    DbPool *m_db;
    ServiceMetrics *m_metrics;
    UpstreamClient *m_upstream;
    JobLease m_lease;
    QTimer m_timer;
    bool m_running = false;
    Json m_queue = Json::array();
    struct Schedule
    {
        int attempts = 0;
        qint64 dueMs = 0;
    };
    QHash<qint64, Schedule> m_schedule; // export id → next attempt (per replica)
};

} // namespace crosslogic
