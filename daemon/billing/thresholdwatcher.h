// Soft budget thresholds: every few seconds the replica holding the job lease "budget_thresholds" (base/joblease.h)
// records each threshold a budget has crossed in its current period (what usage_records bills, the source of truth)
// in budget_threshold_crossings — the primary key (budget, period start, threshold) makes one insert the only one
// even if two replicas ever overlap — and POSTs each new crossing to the
// tenant's billing-contact webhook (tenants.billing_webhook_url), claimed FOR UPDATE SKIP LOCKED so one replica sends
// it, retried with backoff (5 s doubling to 10 min, 10 attempts). A tenant without a contact gets the row
// (status no_contact) and the log line, no request. The webhook URL never reaches a log unmasked.
#pragma once

#include "base/joblease.h"
#include "store/dbpool.h"

#include <QObject>
#include <QTimer>

namespace crosslogic {

class ConfigSlot;
class UpstreamClient;

class ThresholdWatcher : public QObject
{
    Q_OBJECT
public:
    ThresholdWatcher(const ConfigSlot &config, DbPool *db, UpstreamClient *http, JobLease lease, QObject *parent = nullptr);
    void start(int intervalMs = 2000);
    void runOnce();

    // The body POSTed for one crossing (row: budget_threshold_crossings as JSON).
    static QByteArray payload(const Json &row);

private:
    void sendNext();
    void finish(const Json &row, bool ok, const QString &error);

    const ConfigSlot &m_config;
    DbPool *m_db;
    UpstreamClient *m_http;
    JobLease m_lease;
    int m_intervalMs = 2000;
    QTimer m_timer;
    Json m_queue = Json::array();
    bool m_running = false;
};

} // namespace crosslogic
