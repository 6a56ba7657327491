// GET /admin/health-check: the runbook's quick health check (§9) in one answer, and with ?checklist=true (or
// GET /admin/outage-checklist) the §8.1 outage checklist as live checks, each ok/warn/fail.
#include "ops/healthcheckroutes.h"

#include "config/configslot.h"
#include "base/lifecycle.h"
#include "base/adminaction.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "ops/redisopsroutes.h"
#include "store/dbpool.h"
#include "store/redisclient.h"
#include "store/sqljson.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostInfo>
#include <QPointer>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTimer>

namespace crosslogic {
namespace {

constexpr int kDeadlineMs = 3000;
constexpr int kRecentErrorMinutes = 5;

int rank(const std::string &status)
{
    return status == "fail" ? 2 : status == "warn" ? 1 : 0;
}

Json check(const char *status, const QString &detail, Json values = Json::object())
{
    values["status"] = status;
    values["detail"] = detail.toStdString();
    return values;
}

struct HealthReport
{
    QPointer<HttpExchange> exchange;
    Json checks = Json::object();
    Json checklist;
    bool wantChecklist = false;
    QString host; // public hostname for the DNS and TLS items
    int outstanding = 0;
    bool answered = false;

    void set(const char *name, Json value) { checks[name] = std::move(value); }
    void done()
    {
        if (--outstanding == 0)
            finish();
    }
    void finish()
    {
        if (answered || !exchange)
            return;
        answered = true;
        for (const char *name : {"database", "active_nodes", "stale_nodes", "recent_errors", "db_connections",
                                 "redis", "redis_memory", "dns", "tls"})
            if (checks.contains(name) && checks[name]["status"] == "pending")
                checks[name] = check("fail", QStringLiteral("no answer within %1 ms").arg(kDeadlineMs));
        std::string overall = "ok";
        for (auto &[name, c] : checks.items())
            if (rank(c["status"].get<std::string>()) > rank(overall))
                overall = c["status"].get<std::string>();
        Json answer{{"status", overall},
                    {"checked_at", QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString()},
                    {"checks", checks}};
        if (wantChecklist)
            answer["checklist"] = buildChecklist();
        exchange->respondJson(200, answer);
    }
    // One step: the check that answers it (its name as "check", with its values, so a client can word it).
    Json item(int n, const char *title, const char *runbook, const char *checkName, const Json &c) const
    {
        Json step = c.is_object() ? c : Json::object();
        step["step"] = n;
        step["title"] = title;
        step["runbook_command"] = runbook;
        step["check"] = checkName;
        if (!step.contains("status"))
            step["status"] = Json();
        if (!step.contains("detail"))
            step["detail"] = Json();
        return step;
    }
    // Runbook §8.1, each step answered by the live check that stands for it.
    Json buildChecklist() const
    {
        // Step 1 is answered by the worst of api, database and redis ("api" when all are well).
        const char *worstName = "api";
        Json w = check("ok", QStringLiteral("api, database and redis answer"));
        for (const char *n : {"api", "database", "redis"})
            if (checks.contains(n) && rank(checks[n]["status"].get<std::string>()) > rank(w["status"].get<std::string>())) {
                w = checks[n];
                worstName = n;
            }
        return Json::array({
            item(1, "Check load balancer health", "curl -v https://api.crosslogic.ai/health",
                 rank(w["status"].get<std::string>()) > rank("ok") ? worstName : "load_balancer", w),
            item(2, "Check control plane pods", "kubectl get pods -l app=control-plane", "api", checks["api"]),
            item(3, "Check database", "psql -d crosslogic -c \"SELECT 1\"", "database", checks["database"]),
            item(4, "Check Redis", "redis-cli ping", "redis", checks["redis"]),
            item(5, "Check DNS", "dig api.crosslogic.ai", "dns", checks.value("dns", Json())),
            item(6, "Check TLS certificate", "openssl s_client -connect api.crosslogic.ai:443", "tls",
                 checks.value("tls", Json())),
        });
    }
};

void checkDatabase(const HealthCheckRouteDeps &s, const std::shared_ptr<HealthReport> &r, QObject *ctx)
{
    r->outstanding++;
    for (const char *n : {"database", "active_nodes", "stale_nodes", "recent_errors", "db_connections"})
        r->set(n, check("pending", {}));
    const int staleSeconds = s.config->nodeStaleSeconds;
    s.db->run(
        ctx,
        [staleSeconds](QSqlDatabase &db) -> Result<Json> {
            QElapsedTimer t;
            t.start();
            auto row = queryJson(
                db,
                QStringLiteral("SELECT json_build_object("
                               " 'active_nodes', (SELECT count(*) FROM nodes WHERE status = 'active'),"
                               " 'stale_nodes', (SELECT count(*) FROM nodes WHERE status = 'active' AND "
                               "last_heartbeat_at < now() - ? * interval '1 second'),"
                               " 'recent_errors', (SELECT count(*) FROM request_logs WHERE created_at > "
                               "now() - ? * interval '1 minute'"
                               "                   AND (status_code >= 500 OR status = 'failed')),"
                               " 'recent_requests', (SELECT count(*) FROM request_logs WHERE created_at > "
                               "now() - ? * interval '1 minute'),"
                               " 'db_connections', (SELECT count(*) FROM pg_stat_activity WHERE datname = "
                               "current_database()),"
                               " 'max_connections', current_setting('max_connections')::int)"),
                {staleSeconds, kRecentErrorMinutes, kRecentErrorMinutes});
            if (!row)
                return row;
            Json out = *row;
            out["latency_ms"] = double(t.nsecsElapsed()) / 1e6;
            return out;
        },
        [r, s, staleSeconds](Result<Json> res) {
            if (!res.ok()) {
                const QString why = res.error().section(QLatin1Char('\n'), 0, 0).left(200);
                r->set("database", check("fail", why));
                for (const char *n : {"active_nodes", "stale_nodes", "recent_errors", "db_connections"})
                    r->set(n, check("fail", QStringLiteral("database unavailable")));
                r->done();
                return;
            }
            const Json &v = *res;
            const qint64 active = v["active_nodes"].get<qint64>(), stale = v["stale_nodes"].get<qint64>();
            const qint64 errors = v["recent_errors"].get<qint64>(),
                         requests = v["recent_requests"].get<qint64>();
            const qint64 conns = v["db_connections"].get<qint64>(),
                         maxConns = v["max_connections"].get<qint64>();
            r->set(
                "database",
                check(
                    "ok",
                    QStringLiteral("SELECT answered in %1 ms").arg(v["latency_ms"].get<double>(), 0, 'f', 1),
                    {{"latency_ms", v["latency_ms"]},
                     {"pool",
                      {{"size", s.db->size()}, {"busy", s.db->busy()}, {"queued", s.db->queued()}}}}));
            r->set("active_nodes",
                   check(active > 0 ? "ok" : "fail",
                         active > 0
                             ? QStringLiteral("%1 active node(s)").arg(active)
                             : QStringLiteral("no active nodes: inference requests get 503 (runbook §3.1)"),
                         {{"count", active}}));
            r->set("stale_nodes", check(stale == 0 ? "ok" : "warn",
                                        QStringLiteral("%1 active node(s) without a heartbeat for %2 s")
                                            .arg(stale)
                                            .arg(staleSeconds),
                                        {{"count", stale}, {"seconds", staleSeconds}}));
            r->set("recent_errors",
                   check(errors == 0 ? "ok" : (requests > 0 && errors * 2 > requests ? "fail" : "warn"),
                         QStringLiteral("%1 failed of %2 request(s) in the last %3 minutes")
                             .arg(errors)
                             .arg(requests)
                             .arg(kRecentErrorMinutes),
                         {{"count", errors}, {"requests", requests}, {"minutes", kRecentErrorMinutes}}));
            r->set("db_connections",
                   check(conns * 10 >= maxConns * 9   ? "fail"
                         : conns * 10 >= maxConns * 8 ? "warn"
                                                      : "ok",
                         QStringLiteral("%1 of max_connections %2").arg(conns).arg(maxConns),
                         {{"count", conns}, {"max_connections", maxConns}}));
            r->done();
        });
}

void checkRedis(const HealthCheckRouteDeps &s, const std::shared_ptr<HealthReport> &r, QObject *ctx)
{
    r->outstanding++;
    r->set("redis", check("pending", {}));
    r->set("redis_memory", check("pending", {}));
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    s.redis->command({"PING"}, ctx, [r, timer, s, ctx](const RedisReply &ping) {
        if (ping.isError()) {
            r->set("redis", check("fail", QString::fromUtf8(ping.str.left(200))));
            r->set("redis_memory", check("fail", QStringLiteral("Redis unavailable")));
            r->done();
            return;
        }
        const double ms = double(timer->nsecsElapsed()) / 1e6;
        r->set("redis",
               check(ms < 100 ? "ok" : "warn", QStringLiteral("PING answered in %1 ms").arg(ms, 0, 'f', 1),
                     {{"latency_ms", ms}}));
        s.redis->command({"INFO", "memory"}, ctx, [r](const RedisReply &inf) {
            const auto f = parseRedisInfo(inf.str);
            const qint64 used = f.value("used_memory").toLongLong(), max = f.value("maxmemory").toLongLong();
            const char *status = inf.isError() ? "fail" : (max > 0 && used * 10 >= max * 9) ? "warn" : "ok";
            r->set("redis_memory",
                   check(status,
                         QStringLiteral("used_memory_human %1%2")
                             .arg(QString::fromLatin1(f.value("used_memory_human")),
                                  max > 0 ? QStringLiteral(" of maxmemory %1")
                                                .arg(QString::fromLatin1(f.value("maxmemory_human")))
                                          : QStringLiteral(" (no maxmemory)")),
                         {{"used_memory_human", f.value("used_memory_human").toStdString()},
                          {"used_memory", used},
                          {"maxmemory", max}}));
            r->done();
        });
    });
}

void checkDnsAndTls(const std::shared_ptr<HealthReport> &r, QObject *ctx)
{
    if (r->host.isEmpty()) {
        const QString why = QStringLiteral("skipped: pass ?host=<public hostname> to check it");
        r->set("dns", check("warn", why));
        r->set("tls", check("warn", why));
        return;
    }
    r->outstanding += 2;
    r->set("dns", check("pending", {}));
    r->set("tls", check("pending", {}));
    QHostInfo::lookupHost(r->host, ctx, [r](const QHostInfo &info) {
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            r->set("dns",
                   check("fail", QStringLiteral("%1 does not resolve: %2").arg(r->host, info.errorString())));
        } else {
            Json addrs = Json::array();
            for (const QHostAddress &a : info.addresses())
                addrs.push_back(a.toString().toStdString());
            r->set("dns",
                   check("ok", QStringLiteral("%1 resolves to %2 address(es)").arg(r->host).arg(addrs.size()),
                         {{"addresses", addrs}}));
        }
        r->done();
    });
    auto *socket = new QSslSocket(ctx);
    auto finished = std::make_shared<bool>(false);
    auto conclude = [r, socket, finished](Json result) {
        if (*finished)
            return;
        *finished = true;
        r->set("tls", std::move(result));
        socket->abort();
        socket->deleteLater();
        r->done();
    };
    QObject::connect(socket, &QSslSocket::encrypted, socket, [socket, conclude, r] {
        const QSslCertificate cert = socket->peerCertificate();
        const qint64 days = QDateTime::currentDateTimeUtc().daysTo(cert.expiryDate());
        conclude(check(days < 0    ? "fail"
                       : days < 14 ? "warn"
                                   : "ok",
                       QStringLiteral("certificate for %1 expires in %2 day(s)").arg(r->host).arg(days),
                       {{"expires_at", cert.expiryDate().toUTC().toString(Qt::ISODate).toStdString()},
                        {"days_left", days}}));
    });
    QObject::connect(
        socket, &QSslSocket::errorOccurred, socket, [socket, conclude, r](QAbstractSocket::SocketError) {
            conclude(check("fail",
                           QStringLiteral("TLS to %1:443 failed: %2").arg(r->host, socket->errorString())));
        });
    QTimer::singleShot(kDeadlineMs - 200, socket, [conclude, r] {
        conclude(check("fail", QStringLiteral("TLS handshake with %1:443 timed out").arg(r->host)));
    });
    socket->connectToHostEncrypted(r->host, 443);
}

void healthCheck(const HealthCheckRouteDeps &s, HttpExchange *ex, bool checklist)
{
    auto r = std::make_shared<HealthReport>();
    r->exchange = ex;
    r->wantChecklist = checklist || ex->request().queryFlag(QStringLiteral("checklist"));
    if (r->wantChecklist) {
        const QString host = ex->request().queryValue(QStringLiteral("host"));
        static const QRegularExpression hostname(
            QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$"));
        if (!host.isEmpty() && (host.size() > 253 || !hostname.match(host).hasMatch())) {
            ex->respondError(400, QStringLiteral("'host' must be a DNS hostname such as api.crosslogic.ai"), "invalid_value");
            return;
        }
        r->host = host;
    }
    // This replica answers, so the API part is decided here: ready and not draining.
    r->set("api", s.lifecycle->draining ? check("warn", QStringLiteral("this replica is draining"))
                  : s.lifecycle->ready
                      ? check("ok", QStringLiteral("this replica is ready"))
                      : check("fail",
                              QStringLiteral("this replica is not ready (database or Redis never reached)")));
    r->outstanding = 1; // held until every check is started
    checkDatabase(s, r, ex);
    checkRedis(s, r, ex);
    if (r->wantChecklist)
        checkDnsAndTls(r, ex);
    QTimer::singleShot(kDeadlineMs, ex, [r] { r->finish(); });
    r->done();
}

} // namespace

void registerHealthCheckRoutes(Router &router, const HealthCheckRouteDeps &s)
{
    router.add(
        "GET", "/admin/health-check",
        adminRoute(s, "nodes", [s](HttpExchange *ex, const AdminIdentity &) { healthCheck(s, ex, false); }));
    router.add(
        "GET", "/admin/outage-checklist",
        adminRoute(s, "nodes", [s](HttpExchange *ex, const AdminIdentity &) { healthCheck(s, ex, true); }));
}

} // namespace crosslogic
