// Audited database remediations (runbook §4): terminate/cancel a backend, VACUUM ANALYZE a table, create a
// missing index.
#include "ops/dbremediationroutes.h"

#include "base/adminaction.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "ops/indexcatalogue.h"
#include "base/opsaction.h"
#include "store/sqljson.h"

#include <QRegularExpression>

namespace crosslogic {
namespace {

const QStringList kVacuumTables = {QStringLiteral("usage_records"),  QStringLiteral("request_logs"),
                                   QStringLiteral("api_keys"),       QStringLiteral("nodes"),
                                   QStringLiteral("billing_events"), QStringLiteral("audit_log")};

const QString kBackendJson =
    QStringLiteral("json_build_object('pid', pid, 'database', datname, 'user', usename, 'application_name', "
                   "application_name, 'state', state,"
                   " 'backend_type', backend_type, 'query_start', query_start, 'query', left(query, 1000),"
                   " 'duration_seconds', extract(epoch FROM now() - query_start)::float8)");

// Which backend the action may touch: one of this database's client sessions that is not a daemon pool
// connection.
Result<Json> checkBackend(QSqlDatabase &db, qint64 pid)
{
    auto row =
        queryJson(db,
                  QStringLiteral("SELECT json_build_object('backend', ") + kBackendJson +
                      QStringLiteral(", 'same_database', datname IS NOT DISTINCT FROM current_database(),"
                                     " 'own', pid = pg_backend_pid()) FROM pg_stat_activity WHERE pid = ?"),
                  {pid});
    if (!row || row->is_null())
        return row.ok() ? Result<Json>(fail(404, "not_found",
                                                QStringLiteral("no PostgreSQL backend with pid %1").arg(pid)))
                        : row;
    const Json &b = (*row)["backend"];
    if (!(*row)["same_database"].get<bool>())
        return fail(409, "other_database",
                        QStringLiteral("pid %1 does not belong to this daemon's database (it is %2)")
                            .arg(pid)
                            .arg(b["database"].is_string()
                                     ? QStringLiteral("a session of database '%1'")
                                           .arg(QString::fromStdString(b["database"].get<std::string>()))
                                     : QStringLiteral("a background process: ") +
                                           QString::fromStdString(b["backend_type"].get<std::string>())));
    if ((*row)["own"].get<bool>() || b["application_name"] == "crosslogicd")
        return fail(409, "daemon_connection",
                        QStringLiteral("pid %1 is a crosslogicd pool connection (application_name "
                                       "crosslogicd); restart or drain that "
                                       "replica instead of killing its connections")
                            .arg(pid));
    return b;
}

void signalBackend(const AdminRoutes &s, HttpExchange *ex, const AdminIdentity &who, bool terminate)
{
    const QString raw = ex->request().param("pid");
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,10}$"));
    bool ok = digits.match(raw).hasMatch();
    const qint64 pid = ok ? raw.toLongLong(&ok) : 0;
    if (!ok || pid <= 0 || pid > 2147483647) {
        ex->respondError(400, QStringLiteral("pid must be a positive integer, got '%1'").arg(raw.left(64)), "invalid_value");
        return;
    }
    const QString fn =
        terminate ? QStringLiteral("pg_terminate_backend") : QStringLiteral("pg_cancel_backend");
    const QString statement = QStringLiteral("SELECT %1(%2)").arg(fn).arg(pid);
    const bool dryRun = isDryRun(ex);
    // runAdminAction: the check, the signal and the audit row share one transaction; a dry run only checks.
    runAdminAction(
        s, ex,
        AdminAction{terminate ? QStringLiteral("db.terminate") : QStringLiteral("db.cancel"),
                    QString::number(pid), Json{{"pid", pid}}, who},
        [=](QSqlDatabase &db) -> Result<Json> {
            auto backend = checkBackend(db, pid);
            if (!backend)
                return backend;
            Json answer{{"pid", pid}, {"statement", statement.toStdString()}, {"backend", *backend}};
            if (dryRun)
                return answer;
            auto signalled = queryJson(db, QStringLiteral("SELECT to_json(%1(?))").arg(fn), {pid});
            if (!signalled)
                return signalled;
            answer[terminate ? "terminated" : "cancelled"] = *signalled;
            return answer;
        });
}

void vacuum(const AdminRoutes &s, HttpExchange *ex, const AdminIdentity &who)
{
    const QString table = ex->request().param("table");
    if (!kVacuumTables.contains(table)) {
        ex->respondError(400,
                         QStringLiteral("table '%1' is not one VACUUM may be run on from here; allowed: %2")
                             .arg(table.left(64), kVacuumTables.join(QLatin1String(", "))), "table_not_allowed");
        return;
    }
    const bool analyze = ex->request().queryValue(QStringLiteral("analyze")) != QLatin1String("false");
    // table comes from the allow-list above, so the statement is one of twelve fixed strings.
    const QString statement =
        (analyze ? QStringLiteral("VACUUM ANALYZE ") : QStringLiteral("VACUUM ")) + table;
    auto stats = [table](QSqlDatabase &db) {
        return queryJson(
            db,
            QStringLiteral("SELECT json_build_object('live_tuples', n_live_tup, 'dead_tuples', n_dead_tup, "
                           "'last_vacuum', last_vacuum,"
                           " 'last_autovacuum', last_autovacuum, 'last_analyze', last_analyze, "
                           "'vacuum_count', vacuum_count)"
                           " FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ?"),
            {table});
    };
    if (isDryRun(ex)) {
        s.db->run(
            ex,
            [=](QSqlDatabase &db) -> Result<Json> {
                auto before = stats(db);
                if (!before)
                    return before;
                return Json{{"dry_run", true},
                            {"would",
                             {{"table", table.toStdString()},
                              {"statement", statement.toStdString()},
                              {"before", *before}}}};
            },
            [ex](Result<Json> r) { respondResult(ex, r); });
        return;
    }
    // VACUUM cannot run inside a transaction: it runs on its own (autocommit) and is audited afterwards.
    runUnwrappedAction(s, ex,
                       AdminAction{QStringLiteral("db.vacuum"), table,
                                   Json{{"table", table.toStdString()}, {"analyze", analyze}}, who},
                       [=](QSqlDatabase &db) -> Result<Json> {
                           auto before = stats(db);
                           if (!before)
                               return before;
                           QSqlQuery q(db);
                           if (!q.exec(statement))
                               return fail(sqlError(q));
                           // Drop any cached statistics snapshot so "after" shows the vacuum.
                           QSqlQuery(db).exec(QStringLiteral("SELECT pg_stat_clear_snapshot()"));
                           auto after = stats(db);
                           if (!after)
                               return after;
                           return Json{{"table", table.toStdString()},
                                       {"statement", statement.toStdString()},
                                       {"before", *before},
                                       {"after", *after}};
                       });
}

void createIndex(const AdminRoutes &s, HttpExchange *ex, const AdminIdentity &who)
{
    const QString name = ex->request().param("name");
    const ExpectedIndex *want = IndexCatalogue::find(name);
    if (!want) {
        ex->respondError(
            404,
            QStringLiteral("'%1' is not an index in the catalogue (GET /admin/db/indexes lists them)")
                .arg(name.left(64)), "not_found");
        return;
    }
    const ExpectedIndex index = *want;
    auto state = [index](QSqlDatabase &db) {
        return queryJson(
            db,
            QStringLiteral(
                "SELECT to_json(x.indisvalid) FROM pg_class c JOIN pg_index x ON x.indexrelid = c.oid"
                " WHERE c.relname = ? AND c.relnamespace = current_schema()::text::regnamespace"),
            {index.name});
    };
    // An invalid index (an interrupted CONCURRENTLY build) is dropped and built again.
    auto plan = [index](const Json &valid) {
        QStringList statements;
        if (valid.is_boolean() && !valid.get<bool>())
            statements << QStringLiteral("DROP INDEX CONCURRENTLY IF EXISTS %1").arg(index.name);
        statements << index.createStatement();
        return statements;
    };
    auto toJson = [](const QStringList &l) {
        Json a = Json::array();
        for (const QString &x : l)
            a.push_back(x.toStdString());
        return a;
    };
    const bool dryRun = isDryRun(ex);
    auto job = [=](QSqlDatabase &db) -> Result<Json> {
        auto valid = state(db);
        if (!valid)
            return valid;
        if (valid->is_boolean() && valid->get<bool>())
            return fail(409, "already_exists",
                            QStringLiteral("index %1 already exists and is valid").arg(index.name));
        const QStringList statements = plan(*valid);
        Json answer{{"index", index.name.toStdString()},
                    {"table", index.table.toStdString()},
                    {"statements", toJson(statements)},
                    {"before", valid->is_null() ? "missing" : "invalid"}};
        if (dryRun)
            return Json{{"dry_run", true}, {"would", answer}};
        for (const QString &sql : statements) {
            QSqlQuery q(db);
            if (!q.exec(sql))
                return fail(sqlError(q));
        }
        auto after = state(db);
        if (!after)
            return after;
        answer["after"] = after->is_boolean() && after->get<bool>() ? "present" : "invalid";
        return answer;
    };
    if (dryRun) {
        s.db->run(ex, job, [ex](Result<Json> r) { respondResult(ex, r); });
        return;
    }
    // CREATE INDEX CONCURRENTLY cannot run inside a transaction block either.
    runUnwrappedAction(s, ex,
                       AdminAction{QStringLiteral("db.create_index"), index.name,
                                   Json{{"index", index.name.toStdString()}}, who},
                       job);
}

} // namespace

void registerDbRemediationRoutes(Router &router, const AdminRoutes &s)
{
    router.add("POST", "/admin/db/terminate/{pid}",
               adminRoute(s, "database", [s](HttpExchange *ex, const AdminIdentity &who) {
                   signalBackend(s, ex, who, true);
               }));
    router.add("POST", "/admin/db/cancel/{pid}",
               adminRoute(s, "database", [s](HttpExchange *ex, const AdminIdentity &who) {
                   signalBackend(s, ex, who, false);
               }));
    router.add(
        "POST", "/admin/db/vacuum/{table}",
        adminRoute(s, "database", [s](HttpExchange *ex, const AdminIdentity &who) { vacuum(s, ex, who); }));
    router.add("POST", "/admin/db/indexes/{name}",
               adminRoute(s, "database",
                          [s](HttpExchange *ex, const AdminIdentity &who) { createIndex(s, ex, who); }));
}

} // namespace crosslogic
