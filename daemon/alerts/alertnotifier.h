// Sends the notification outbox (alert_notifications): claims due rows (FOR UPDATE SKIP LOCKED, pushed two minutes
// ahead so no other replica takes them meanwhile), POSTs each to its target and records the outcome; a failure is
// retried with exponential backoff (5 s doubling to 10 min), given up after 10 attempts. Target URLs never reach a
// log or an answer unmasked.
#pragma once

#include <QObject>

namespace crosslogic {

class DbPool;
class UpstreamClient;

class AlertNotifier : public QObject
{
    Q_OBJECT
public:
    AlertNotifier(DbPool *db, UpstreamClient *http, QObject *parent = nullptr);
    // Claims and sends what is due; does nothing while a previous round is still sending.
    void sendDue();

private:
    void finish(qint64 id, int attempts, bool ok, const QString &error);

    DbPool *m_db;
    UpstreamClient *m_http;
    int m_inFlight = 0;
};

} // namespace crosslogic
