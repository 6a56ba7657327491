// Read-only database diagnostics (runbook §4): connections by state, long-running queries, hot-table indexes.
#include "ops/dbdiagnosticroutes.h"

#include "base/adminaction.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "ops/indexcatalogue.h"
#include "base/opsaction.h"
#include "store/sqljson.h"

#include <cmath>

namespace crosslogic {
namespace {

void connections(const AdminRoutes &s, HttpExchange *ex)
{
    s.db->run(
        ex,
        [](QSqlDatabase &db) {
            // Runbook §4.1, for the database this daemon uses (named crosslogic in production).
            return queryJson(
                db,
                QStringLiteral(
                    "SELECT json_build_object('database', current_database(),"
                    " 'total', (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()),"
                    " 'max_connections', current_setting('max_connections')::int,"
                    " 'groups', coalesce((SELECT json_agg(g ORDER BY g.connections DESC, g.state) FROM ("
                    "    SELECT count(*) AS connections, state, wait_event_type FROM pg_stat_activity"
                    "    WHERE datname = current_database() GROUP BY state, wait_event_type) g), '[]'),"
                    " 'by_application', coalesce((SELECT json_agg(a ORDER BY a.connections DESC) FROM ("
                    "    SELECT application_name, count(*) AS connections FROM pg_stat_activity"
                    "    WHERE datname = current_database() GROUP BY application_name) a), '[]'))"));
        },
        [ex, s](Result<Json> r) {
            if (!r.ok()) {
                respondResult(ex, r);
                return;
            }
            Json answer = *r;
            // Read after the job: busy no longer counts this request's own job.
            answer["pool"] = {{"size", s.db->size()}, {"busy", s.db->busy()}, {"queued", s.db->queued()}};
            ex->respondJson(200, answer);
        });
}

void longQueries(const AdminRoutes &s, HttpExchange *ex)
{
    const QString raw = ex->request().queryValue(QStringLiteral("min_seconds"));
    double minSeconds = 60;
    if (!raw.isEmpty()) {
        bool ok = false;
        minSeconds = raw.toDouble(&ok);
        if (!ok || !std::isfinite(minSeconds) || minSeconds < 0 || minSeconds > 7 * 86400) {
            ex->respondError(400,
                             QStringLiteral("'min_seconds' must be a number of seconds between 0 and 604800"), "invalid_value");
            return;
        }
    }
    // Runbook §4.1 (state = 'active' and older than the threshold), plus sessions idle in a transaction,
    // which hold locks and pool connections just the same. daemon_connection marks this daemon's pool (not
    // terminable here).
    respondQuery(
        s.db, ex,
        QStringLiteral(
            "SELECT json_build_object('min_seconds', ?::float8, 'queries', coalesce(json_agg(q ORDER "
            "BY q.duration_seconds DESC), '[]')) FROM ("
            " SELECT pid, usename AS user, application_name, client_addr::text AS client_addr, "
            "state, wait_event_type, wait_event,"
            "        query_start, extract(epoch FROM now() - query_start)::float8 AS "
            "duration_seconds, left(query, 2000) AS query,"
            "        application_name = 'crosslogicd' AS daemon_connection"
            " FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            "   AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')"
            "   AND now() - query_start > ?::float8 * interval '1 second') q"),
        {minSeconds, minSeconds});
}

void indexes(const AdminRoutes &s, HttpExchange *ex)
{
    const QString tables = IndexCatalogue::tables().join(QLatin1Char(','));
    s.db->run(
        ex,
        [tables](QSqlDatabase &db) {
            // Runbook §4.2's pg_indexes query, with validity (a failed CREATE INDEX CONCURRENTLY leaves an
            // invalid index).
            return queryJson(
                db,
                QStringLiteral(
                    "SELECT coalesce(json_agg(json_build_object('schemaname', i.schemaname, 'tablename', "
                    "i.tablename, 'indexname', i.indexname,"
                    " 'indexdef', i.indexdef, 'valid', x.indisvalid) ORDER BY i.tablename, i.indexname), "
                    "'[]')"
                    " FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname JOIN "
                    "pg_index x ON x.indexrelid = c.oid"
                    " WHERE i.schemaname = current_schema() AND i.tablename = ANY(string_to_array(?, ','))"),
                {tables});
        },
        [ex](Result<Json> r) {
            if (!r.ok()) {
                respondResult(ex, r);
                return;
            }
            Json expected = Json::array(), missing = Json::array(), invalid = Json::array();
            for (const ExpectedIndex &want : IndexCatalogue::all()) {
                const std::string name = want.name.toStdString();
                const Json *found = nullptr;
                for (const Json &row : *r)
                    if (row["indexname"] == name)
                        found = &row;
                const char *state = !found                          ? "missing"
                                    : (*found)["valid"].get<bool>() ? "present"
                                                                    : "invalid";
                expected.push_back({{"name", name},
                                    {"table", want.table.toStdString()},
                                    {"columns", want.columns.toStdString()},
                                    {"state", state},
                                    {"create_statement", want.createStatement().toStdString()}});
                if (!found)
                    missing.push_back(name);
                else if (!(*found)["valid"].get<bool>())
                    invalid.push_back(name);
            }
            ex->respondJson(200, Json{{"indexes", *r},
                                      {"expected", expected},
                                      {"missing", missing},
                                      {"invalid", invalid},
                                      {"ok", missing.empty() && invalid.empty()}});
        });
}

} // namespace

void registerDbDiagnosticRoutes(Router &router, const AdminRoutes &s)
{
    router.add(
        "GET", "/admin/db/connections",
        adminRoute(s, "database", [s](HttpExchange *ex, const AdminIdentity &) { connections(s, ex); }));
    router.add(
        "GET", "/admin/db/long-queries",
        adminRoute(s, "database", [s](HttpExchange *ex, const AdminIdentity &) { longQueries(s, ex); }));
    router.add("GET", "/admin/db/indexes",
               adminRoute(s, "database", [s](HttpExchange *ex, const AdminIdentity &) { indexes(s, ex); }));
}

} // namespace crosslogic
