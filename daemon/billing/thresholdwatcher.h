// Soft budget thresholds: every replica, every few seconds, records each threshold a budget has crossed in its current
// period (what usage_records bills, the source of truth) in budget_threshold_crossings — the primary key (budget,
// period start, threshold) makes the first replica's insert the only one — and POSTs each new crossing to the
// tenant's billing-contact webhook (tenants.billing_webhook_url), claimed FOR UPDATE SKIP LOCKED so one replica sends
// it, retried with backoff (5 s doubling to 10 min, 10 attempts). A tenant without a contact gets the row
// (status no_contact) and the log line, no request. The webhook URL never reaches a log unmasked.
#pragma once

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
    ThresholdWatcher(const ConfigSlot &config, DbPool *db, UpstreamClient *http, QObject *parent = nullptr);
    void start(int intervalMs = 2000);
    void runOnce();

    // The body POSTed for one crossing (row: budget_threshold_crossings as JSON).
    static QByteArray payload(const Json &row);
    // https://host[:port]/**** — what logs and answers show of a webhook URL.
    static QString maskUrl(const QString &url);

private:
    void sendNext();
    void finish(const Json &row, bool ok, const QString &error);

    const ConfigSlot &m_config;
    DbPool *m_db;
    UpstreamClient *m_http;
    QTimer m_timer;
    Json m_queue = Json::array();
    bool m_running = false;
};

} // namespace crosslogic
