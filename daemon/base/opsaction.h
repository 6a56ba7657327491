// Helpers for operations actions that cannot run inside runAdminAction's transaction (VACUUM, CREATE INDEX
// CONCURRENTLY, Redis commands, pg_terminate_backend): dry-run answers and an audit row written on its own.
#pragma once

#include "base/adminaction.h"

namespace crosslogic {

bool isDryRun(HttpExchange *ex);
// {"dry_run":true,"would":would} — the same shape runAdminAction gives.
void respondDryRun(HttpExchange *ex, const Json &would);
// Runs job on a pool connection outside any transaction, then audits its outcome ("ok" or "error: …") and
// answers: the job's JSON plus "audit_id", or the failure it returned.
void runUnwrappedAction(const AdminRoutes &admin, HttpExchange *ex, AdminAction action, DbJob job);
// After an action done elsewhere (Redis): audits outcome and answers it with "audit_id" (or "audit_error"
// when the audit row could not be written: the action already happened and is reported, the log line names
// it).
void auditAndRespond(const AdminRoutes &admin, HttpExchange *ex, AdminAction action, Result<Json> outcome);

} // namespace crosslogic
