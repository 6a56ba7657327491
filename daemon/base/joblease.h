// Singleton background jobs across replicas: one row of job_leases per job names the replica that runs it and until
// when. Node reconciliation, the Stripe export, webhook retries, spend reconciliation and the budget thresholds
// take theirs on every pass (the alert evaluator keeps its own alert_lease); GET /admin/replicas lists every holder.
#pragma once

#include "core/result.h"
#include "store/dbpool.h"

#include <QString>
#include <functional>
#include <optional>

class QSqlDatabase;

namespace crosslogic {

class Counter;

struct JobLease
{
    QString job;              // "node_reconciler", "stripe_export", "webhook_retries", "spend_reconciler", "budget_thresholds"
    QString replica;          // this replica's id (replicaIdentity())
    Counter *passes = nullptr; // singleton_job_passes_total{job}: passes this replica ran holding the lease
};

// REPLICA_ID, or when it is empty host name and process id.
QString replicaIdentity(const QString &configured);

// How long a job that passes every intervalMs holds its lease: ALERT_LEASE_SECONDS, but at least three intervals, so
// a holder that renews on every pass keeps the lease through two late passes.
int jobLeaseSeconds(int configuredSeconds, int intervalMs);

// Inside an open transaction: takes the lease when nobody holds it or it expired, renews it when this replica holds
// it. true: this replica holds it, and the row stays locked until the transaction ends (a takeover waits for the
// commit and then sees the renewal); false: another replica holds it (after a look that waits for no lock).
Result<bool> holdJobLease(QSqlDatabase &db, const JobLease &lease, int seconds);

// holdJobLease and then work in one transaction, committed when both succeed and rolled back otherwise (work need
// not roll back itself). nullopt: another replica holds the lease and work did not run.
Result<std::optional<Json>> runHoldingJobLease(QSqlDatabase &db, const JobLease &lease, int seconds,
                                               const std::function<Result<Json>(QSqlDatabase &)> &work);

// holdJobLease in a transaction of its own, for a job whose work is not one transaction (the Stripe calls, the
// spend counters in Redis).
Result<bool> renewJobLease(QSqlDatabase &db, const JobLease &lease, int seconds);

} // namespace crosslogic
