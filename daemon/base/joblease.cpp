// See joblease.h.
#include "base/joblease.h"

#include "core/log.h"
#include "store/sqljson.h"

#include <QSysInfo>
#include <unistd.h>

namespace crosslogic {

QString replicaIdentity(const QString &configured)
{
    if (!configured.isEmpty())
        return configured;
    return QStringLiteral("%1-%2").arg(QSysInfo::machineHostName()).arg(qint64(::getpid()));
}

int jobLeaseSeconds(int configuredSeconds, int intervalMs)
{
    const int threeIntervals = int((3LL * std::max(0, intervalMs) + 999) / 1000);
    return std::max(configuredSeconds, threeIntervals);
}

Result<bool> holdJobLease(QSqlDatabase &db, const JobLease &lease, int seconds)
{
    // A cheap look first, so replicas that do not hold the lease never wait on the holder's transaction.
    auto mayHold = queryJson(db, QStringLiteral(
        "SELECT to_json(coalesce((SELECT holder = ? OR expires_at < now() FROM job_leases WHERE job = ?), true))"),
        {lease.replica, lease.job});
    if (!mayHold)
        return mayHold.failure();
    if (!mayHold->get<bool>())
        return false;
    auto held = queryJson(db, QStringLiteral(
        "WITH prev AS (SELECT holder, expires_at < now() AS expired FROM job_leases WHERE job = ?)"
        " INSERT INTO job_leases AS l (job, holder, acquired_at, renewed_at, expires_at)"
        " VALUES (?, ?, now(), now(), now() + make_interval(secs => ?::int))"
        " ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, renewed_at = now(), expires_at = excluded.expires_at,"
        "  acquired_at = CASE WHEN l.holder = excluded.holder AND l.expires_at >= now() THEN l.acquired_at ELSE now() END"
        " WHERE l.holder = excluded.holder OR l.expires_at < now()"
        " RETURNING json_build_object('previous', (SELECT holder FROM prev), 'expired', (SELECT expired FROM prev))"),
        {lease.job, lease.job, lease.replica, seconds});
    if (!held)
        return held.failure();
    if (held->is_null())
        return false; // another replica took or renewed it meanwhile
    const Json previous = (*held)["previous"];
    if (!previous.is_string())
        spdlog::info("job {}: this replica ({}) holds the lease ({} s)", qs(lease.job), qs(lease.replica), seconds);
    else if (previous.get<std::string>() != lease.replica.toStdString())
        spdlog::warn("job {}: this replica ({}) takes the lease over from {}, whose lease expired", qs(lease.job),
                     qs(lease.replica), previous.get<std::string>());
    else if ((*held)["expired"].is_boolean() && (*held)["expired"].get<bool>())
        spdlog::warn("job {}: this replica ({}) renewed its lease after it had expired", qs(lease.job), qs(lease.replica));
    return true;
}

Result<std::optional<Json>> runHoldingJobLease(QSqlDatabase &db, const JobLease &lease, int seconds,
                                               const std::function<Result<Json>(QSqlDatabase &)> &work)
{
    if (!db.transaction())
        return fail(QStringLiteral("cannot begin a transaction"));
    // The lease row stays locked until the commit: one replica's pass at a time, and the same one while it lives.
    auto held = holdJobLease(db, lease, seconds);
    if (!held || !*held) {
        db.rollback();
        return held ? Result<std::optional<Json>>(std::optional<Json>()) : held.failure();
    }
    auto done = work ? work(db) : Result<Json>(Json());
    if (!done) {
        db.rollback();
        return done.failure();
    }
    if (!db.commit())
        return fail(QStringLiteral("commit failed"));
    return std::optional<Json>(std::move(done).value());
}

Result<bool> renewJobLease(QSqlDatabase &db, const JobLease &lease, int seconds)
{
    auto renewed = runHoldingJobLease(db, lease, seconds, {});
    if (!renewed)
        return renewed.failure();
    return renewed->has_value();
}

} // namespace crosslogic
