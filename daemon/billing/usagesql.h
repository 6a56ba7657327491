// Inserts usage events into request_logs and usage_records in one statement, idempotently by request id.
#pragma once

#include "base/usageevent.h"
#include "core/result.h"

#include <QSqlDatabase>
#include <vector>

class QSqlDriver;

namespace crosslogic {

// Every event gets a request_logs row; completed and interrupted requests of a tenant also get a
// usage_records row with the cost in integer micro-dollars from the model's prices. Rows already present are
// left alone, so replaying a spool is harmless: the batch is tried as plain INSERTs, and run again with
// ON CONFLICT (request_id) DO NOTHING only if PostgreSQL reports a duplicate. Returns the number of new
// usage_records rows.
// The whole batch is one statement (request_logs and usage_records, one array literal per column).
Result<int> insertUsageEvents(QSqlDatabase &db, const std::vector<UsageEvent> &events);
// Plain INSERTs fail on a request id already present; Idempotent ones skip it (ON CONFLICT DO NOTHING).
enum class UsageInsert { Plain, Idempotent };
// That statement, with the values quoted by the driver (exposed for tests).
QString usageBatchStatement(const QSqlDriver &driver, const std::vector<UsageEvent> &events,
                            UsageInsert mode = UsageInsert::Idempotent);
// True when the event bills tokens (gets a usage_records row).
bool isBillable(const UsageEvent &event);

} // namespace crosslogic
