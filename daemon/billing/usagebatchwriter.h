// Writes usage events to PostgreSQL in batches (usage_records + request_logs), idempotent by request id.
#pragma once

#include "billing/usageevent.h"

#include <QObject>
#include <QTimer>
#include <vector>

namespace crosslogic {

struct Services;

class UsageBatchWriter : public QObject, public UsageSink
{
    Q_OBJECT
public:
    UsageBatchWriter(Services &services, int flushIntervalMs, QObject *parent = nullptr);

    void record(const UsageEvent &event) override;
    void flush();
    qsizetype pending() const { return qsizetype(m_pending.size()); }

private:
    Services &m_services;
    QTimer m_timer;
    std::vector<UsageEvent> m_pending;
    bool m_writing = false;
};

} // namespace crosslogic
