// Applies stored Stripe webhook events (billing_events) off the request path, with retries and backoff.
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
class KeyCache;

// invoice.payment_failed and customer.subscription.deleted suspend the tenant with that stripe_customer_id,
// invoice.paid reactivates it, other types are only marked processed. Each event is applied in one
// transaction with its processed flag, so it takes effect once however many replicas poll. Every replica makes
// the first attempt at once (the one that stored the event is kicked); retries belong to the replica holding the job
// lease "webhook_retries" (base/joblease.h), so one backoff schedule applies. A failure sets error and increments
// retry_count; the event is retried after BILLING_RETRY_BASE_MS × 2^(retry_count-1) (counted from when the holder
// first saw the failure, for one that failed elsewhere or before a takeover) until BILLING_MAX_RETRIES, then left for an operator (runbook 6.2's UPDATE resets retry_count to 0, which
// makes it due at once).
class WebhookProcessor : public QObject
{
    Q_OBJECT
public:
    WebhookProcessor(const ConfigSlot &config, DbPool *db, ServiceMetrics *metrics, KeyCache *keys, JobLease lease,
                     QObject *parent = nullptr);
    void start(int pollIntervalMs = 1000);
    // Processes due events now (after a webhook was stored).
    void kick();

    // The pure part: what an event of this type does — "suspend", "activate" or "" (nothing).
    static QString effectOf(const QString &eventType);

private:
    void runOnce();

    struct Schedule
    {
        int retryCount = 0;
        qint64 dueMs = 0;
    };
    const ConfigSlot &m_config;
    DbPool *m_db;
    ServiceMetrics *m_metrics;
    JobLease m_lease;
    int m_pollIntervalMs = 1000;
    KeyCache *m_keys; // a suspended or reactivated tenant's keys are dropped from every replica's caches
    QTimer m_timer;
    QHash<QString, Schedule> m_schedule; // event row id → when its next retry is due (per replica)
    bool m_running = false;
    bool m_again = false;
};

} // namespace crosslogic
