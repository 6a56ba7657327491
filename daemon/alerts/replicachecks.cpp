// The checks that need no database: the signals each replica publishes (replicas table) and the evaluating
// replica's Redis probe. See alertchecks.h.
#include "alerts/alertchecks.h"
#include "alerts/checkhelpers.h"

#include <QDateTime>

namespace crosslogic {

using namespace alertcheck;

namespace {

QString replicaList(const QStringList &names)
{
    return names.size() <= 3 ? names.join(QStringLiteral(", "))
                             : QStringLiteral("%1 and %2 more").arg(names.mid(0, 3).join(QStringLiteral(", "))).arg(names.size() - 3);
}


} // namespace

void checkReplicaSignals(const CheckInput &in, CheckOutput *out)
{
    for (const char *rule : {"ratelimit_fail_open", "redis_unreachable", "redis_errors", "admin_token_failures",
                             "node_registration_failures", "db_slow_queries", "db_pool_saturated", "usage_spool_backlog",
                             "usage_writer_failing", "circuit_breaker_open", "replica_version_skew", "tls_certificate_expiring",
                             "spend_reconcile_drift"})
        out->evaluated.insert(QString::fromLatin1(rule));
    QStringList failOpen, redisDown;
    Json failOpenObjects = Json::array(), redisDownObjects = Json::array();
    double redisErrors = 0, adminFailures = 0, registrationFailures = 0, slowQueries = 0;
    QSet<QString> versions;
    QSet<int> schemas;
    QStringList versionList;
    QHash<QString, QStringList> breakers; // node id → replicas
    for (const Json &r : in.replicas) {
        const QString id = str(r, "id");
        const Json s = r.value("signals", Json::object());
        const Json recent = s.value("recent", Json::object());
        const Json replica = object("replica", id, id);
        if (num(recent, "fallback_admissions") > 0) {
            failOpen << id;
            failOpenObjects.push_back(replica);
        }
        if (!s.value("redis_connected", true)) {
            redisDown << id;
            redisDownObjects.push_back(replica);
        }
        redisErrors += num(recent, "redis_errors");
        adminFailures += num(recent, "admin_auth_failures");
        registrationFailures += num(recent, "registration_failures");
        slowQueries += num(recent, "slow_queries");
        versions.insert(str(r, "version"));
        schemas.insert(int(num(r, "schema_version")));
        versionList << QStringLiteral("%1 %2 (schema %3)").arg(id, str(r, "version")).arg(num(r, "schema_version"));
        const Json db = s.value("db", Json::object());
        if (num(db, "max_wait_ms") >= lowBound(in, "db_pool_saturated")) {
            Finding f = finding("db_pool_saturated", id, num(db, "max_wait_ms"),
                                QStringLiteral("replica %1: database jobs waited up to %2 ms for a connection (%3 queued, %4 of %5 busy)")
                                    .arg(id)
                                    .arg(num(db, "max_wait_ms"))
                                    .arg(num(db, "queued"))
                                    .arg(num(db, "busy"))
                                    .arg(num(db, "size")));
            f.objects.push_back(replica);
            f.remediations.push_back(remedy(QStringLiteral("Find long-running queries"), "GET", QStringLiteral("/admin/db/long-queries"),
                                            nullptr, ""));
            out->findings.push_back(std::move(f));
        }
        const Json spool = s.value("spool", Json::object());
        if (num(spool, "lag_seconds") >= lowBound(in, "usage_spool_backlog") || spool.value("full", false)) {
            Finding f = finding("usage_spool_backlog", id, spool.value("full", false) ? 1e9 : num(spool, "lag_seconds"),
                                QStringLiteral("replica %1: %2 usage record(s) not in PostgreSQL, oldest %3 old%4")
                                    .arg(id)
                                    .arg(num(spool, "records"))
                                    .arg(seconds(num(spool, "lag_seconds")),
                                         spool.value("full", false) ? QStringLiteral("; the spool is full and requests get 503") : QString()));
            f.objects.push_back(replica);
            out->findings.push_back(std::move(f));
        }
        const Json drift = s.value("spend_drift_micros", Json::object());
        double driftTotal = 0;
        QStringList driftLevels;
        for (auto it = drift.begin(); drift.is_object() && it != drift.end(); ++it)
            if (it.value().is_number() && it.value().get<double>() > 0) {
                driftTotal += it.value().get<double>();
                driftLevels << QStringLiteral("%1 %2").arg(QString::fromStdString(it.key())).arg(qint64(it.value().get<double>()));
            }
        if (driftTotal > 0 && driftTotal >= lowBound(in, "spend_reconcile_drift")) {
            Finding f = finding("spend_reconcile_drift", id, driftTotal,
                                QStringLiteral("replica %1: the last spend reconciliation raised Redis spend counters to what usage_records"
                                               " bills, by %2 micro-units (%3)").arg(id).arg(qint64(driftTotal)).arg(driftLevels.join(QStringLiteral(", "))));
            f.objects.push_back(replica);
            out->findings.push_back(std::move(f));
        }
        if (!str(spool, "last_error").isEmpty()) {
            Finding f = finding("usage_writer_failing", id, 1,
                                QStringLiteral("replica %1: the usage writer fails: %2").arg(id, str(spool, "last_error")));
            f.objects.push_back(replica);
            out->findings.push_back(std::move(f));
        }
        for (const Json &node : s.value("open_breakers", Json::array()))
            breakers[QString::fromStdString(node.get<std::string>())] << id;
        if (s.contains("tls_not_after") && s["tls_not_after"].is_number()) {
            const double days = (s["tls_not_after"].get<double>() - double(QDateTime::currentSecsSinceEpoch())) / 86400.0;
            if (days < param(in, "tls_certificate_expiring", "threshold") / kHysteresis) {
                Finding f = finding("tls_certificate_expiring", id, days,
                                    days <= 0 ? QStringLiteral("replica %1: its TLS certificate has expired").arg(id)
                                              : QStringLiteral("replica %1: its TLS certificate expires in %2 days").arg(id).arg(days, 0, 'f', 1));
                f.objects.push_back(replica);
                out->findings.push_back(std::move(f));
            }
        }
    }
    auto systemFinding = [&](const char *rule, double value, const QString &summary, const Json &objects = Json::array()) {
        Finding f = finding(rule, {}, value, summary);
        f.objects = objects;
        out->findings.push_back(std::move(f));
    };
    if (!failOpen.isEmpty())
        systemFinding("ratelimit_fail_open", 1,
                      QStringLiteral("rate limits run in process, per replica, without Redis on %1").arg(replicaList(failOpen)), failOpenObjects);
    if (!redisDown.isEmpty())
        systemFinding("redis_unreachable", 1, QStringLiteral("Redis is unreachable from %1").arg(replicaList(redisDown)), redisDownObjects);
    if (redisErrors >= lowBound(in, "redis_errors") && redisErrors > 0)
        systemFinding("redis_errors", redisErrors, QStringLiteral("%1 Redis errors in 5 min").arg(redisErrors));
    if (adminFailures >= lowBound(in, "admin_token_failures") && adminFailures > 0)
        systemFinding("admin_token_failures", adminFailures,
                      QStringLiteral("%1 admin API requests refused for a missing or invalid token in 5 min").arg(adminFailures));
    if (registrationFailures >= lowBound(in, "node_registration_failures") && registrationFailures > 0)
        systemFinding("node_registration_failures", registrationFailures,
                      QStringLiteral("%1 node registrations refused in 5 min").arg(registrationFailures));
    if (slowQueries >= lowBound(in, "db_slow_queries") && slowQueries > 0)
        systemFinding("db_slow_queries", slowQueries,
                      QStringLiteral("%1 database jobs slower than DB_SLOW_QUERY_MS in 5 min").arg(slowQueries));
    if (versions.size() > 1 || schemas.size() > 1) {
        Json objects = Json::array();
        for (const Json &r : in.replicas)
            objects.push_back(object("replica", str(r, "id"), QStringLiteral("%1 %2").arg(str(r, "id"), str(r, "version"))));
        systemFinding("replica_version_skew", 1, QStringLiteral("replicas differ: %1").arg(versionList.join(QStringLiteral("; "))), objects);
    }
    for (auto it = breakers.cbegin(); it != breakers.cend(); ++it) {
        Finding f = finding("circuit_breaker_open", it.key(), 1,
                            QStringLiteral("the circuit breaker of node %1 is open on %2").arg(it.key(), replicaList(it.value())));
        f.objects.push_back(object("node", it.key(), it.key()));
        f.remediations.push_back(remedy(QStringLiteral("Drain the node"), "POST", QStringLiteral("/admin/nodes/%1/drain").arg(it.key()),
                                        Json{{"reason", "circuit breaker open"}}, "node.drain", it.key()));
        out->findings.push_back(std::move(f));
    }

    // The evaluating replica's own look at Redis.
    const Json &redis = in.redis;
    if (redis.is_object() && redis.value("ok", false)) {
        out->evaluated.insert(QStringLiteral("redis_memory_high"));
        const double used = num(redis, "used_memory"), max = num(redis, "maxmemory");
        if (max > 0 && used / max >= lowBound(in, "redis_memory_high")) {
            Finding f = finding("redis_memory_high", {}, used / max,
                                QStringLiteral("Redis uses %1 MB of maxmemory %2 MB").arg(used / 1048576, 0, 'f', 1).arg(max / 1048576, 0, 'f', 1));
            f.objects.push_back(object("redis", QStringLiteral("redis"), QStringLiteral("Redis")));
            f.remediations.push_back(remedy(QStringLiteral("Clear all rate-limit counters"), "POST", QStringLiteral("/admin/redis/ratelimits/clear"),
                                            Json::object(), "redis.clear_ratelimits"));
            out->findings.push_back(std::move(f));
        }
        if (redis.contains("corrupt") && !redis.contains("scan_error")) {
            out->evaluated.insert(QStringLiteral("ratelimit_counters_corrupt"));
            if (!redis["corrupt"].empty()) {
                Finding f = finding("ratelimit_counters_corrupt", {}, double(redis["corrupt"].size()), {});
                QStringList keys;
                for (const Json &c : redis["corrupt"]) {
                    const QString key = str(c, "key");
                    keys << QStringLiteral("%1 = %2").arg(key, str(c, "value"));
                    f.objects.push_back(object("redis_key", key, key));
                    // ratelimit:<level>:<id>:… → the runbook's per-key fix.
                    const QStringList parts = key.split(QLatin1Char(':'));
                    if (parts.size() >= 3 && f.remediations.size() < 5)
                        f.remediations.push_back(remedy(QStringLiteral("Clear the counters of %1 %2").arg(parts[1], parts[2]), "DELETE",
                                                        QStringLiteral("/admin/ratelimits/%1/%2").arg(parts[1], parts[2]), Json::object(),
                                                        "ratelimit.clear", parts[1] + QLatin1Char(':') + parts[2]));
                }
                f.summary = QStringLiteral("%1 rate-limit counter(s) negative or malformed: %2").arg(keys.size()).arg(keys.mid(0, 3).join(QStringLiteral(", ")));
                f.remediations.push_back(remedy(QStringLiteral("Clear all rate-limit counters"), "POST",
                                                QStringLiteral("/admin/redis/ratelimits/clear"), Json::object(), "redis.clear_ratelimits"));
                out->findings.push_back(std::move(f));
            }
        }
    }
}

} // namespace crosslogic
