// GET /health (database, Redis, active nodes; 503 naming what fails) and GET /ready.
#include "ops/healthroutes.h"

#include "base/lifecycle.h"
#include "core/log.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "store/dbpool.h"
#include "store/redisclient.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QSqlQuery>
#include <QTimer>

namespace crosslogic {
namespace {

constexpr int kCheckDeadlineMs = 2000;

struct HealthCheck
{
    QPointer<HttpExchange> exchange;
    Json body = {{"status", "ok"}, {"database", "pending"}, {"redis", "pending"}, {"nodes_active", nullptr}};
    int outstanding = 2;
    bool answered = false;

    void finish()
    {
        if (answered || !exchange)
            return;
        answered = true;
        QStringList failing;
        if (body["database"] != "ok")
            failing << QStringLiteral("database");
        if (body["redis"] != "ok")
            failing << QStringLiteral("redis");
        if (!failing.isEmpty()) {
            body["status"] = "degraded";
            body["failing"] = failing.join(QLatin1Char(',')).toStdString();
        }
        exchange->respondJson(failing.isEmpty() ? 200 : 503, body);
    }
    void partDone()
    {
        if (--outstanding == 0)
            finish();
    }
};

// /health is public: it says what fails, never the driver's message (hosts, ports, database names). The detail
// goes to the log, at most every 30 s per part so a probe every second during an outage does not flood it;
// operators see it live in GET /admin/health-check.
std::string publicFailure(const char *part, const QString &detail)
{
    static QMutex mutex; // /health may be answered on several I/O threads
    const QMutexLocker lock(&mutex);
    static QHash<QByteArray, qint64> lastLogged;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 &last = lastLogged[QByteArray(part)];
    if (now - last >= 30000) {
        last = now;
        spdlog::warn("health: {} check failed: {}", part, qs(detail.left(300)));
    }
    return "error: unavailable";
}

void health(const HealthRouteDeps &services, HttpExchange *ex)
{
    auto check = std::make_shared<HealthCheck>();
    check->exchange = ex;
    QTimer::singleShot(kCheckDeadlineMs, ex, [check] {
        for (const char *part : {"database", "redis"})
            if (check->body[part] == "pending")
                check->body[part] = "timeout";
        check->finish();
    });
    services.db->run(ex, [](QSqlDatabase &db) -> Result<Json> {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT count(*) FROM nodes WHERE status = 'active'")))
            return fail(sqlError(q));
        q.next();
        return Json(q.value(0).toLongLong());
    }, [check](Result<Json> r) {
        if (r.ok()) {
            check->body["database"] = "ok";
            check->body["nodes_active"] = *r;
        } else {
            check->body["database"] = publicFailure("database", r.error());
        }
        check->partDone();
    });
    services.redis->command({"PING"}, ex, [check](const RedisReply &r) {
        check->body["redis"] = r.isError() ? publicFailure("redis", QString::fromUtf8(r.str)) : std::string("ok");
        check->partDone();
    });
}

} // namespace

void registerHealthRoutes(Router &router, const HealthRouteDeps &services)
{
    router.add("GET", "/health", [services](HttpExchange *ex) { health(services, ex); });
    router.add("GET", "/ready", [services](HttpExchange *ex) {
        if (services.lifecycle->draining)
            ex->respondJson(503, {{"status", "draining"}});
        else if (!services.lifecycle->ready)
            ex->respondJson(503, {{"status", "starting"}});
        else
            ex->respondJson(200, {{"status", "ready"}});
    });
}

} // namespace crosslogic
