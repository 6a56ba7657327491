// The admin route toolkit every route module shares: permission-checked routes, JSON bodies, and mutating calls
// run in a transaction with their audit row (or rolled back for ?dry_run=true); failures answered in one shape.
#pragma once

#include "base/admingate.h"
#include "store/dbpool.h"

#include <QVariant>
#include <functional>
#include <optional>

namespace crosslogic {

class HttpExchange;

// What the toolkit needs: the pool actions run on and the gate that checks admin tokens. Route modules receive
// it (with whatever else they use) from app/.
struct AdminRoutes
{
    DbPool *db = nullptr;
    AdminGate *gate = nullptr;
};

struct AdminAction
{
    QString action;  // e.g. api_key.revoke
    QString target;  // e.g. the key id
    Json parameters; // request parameters; secret-looking fields are masked before they are stored
    AdminIdentity who;
    QString reason = {}; // the operator's why (X-Audit-Reason); runAdminAction fills it from the request
};

// The header an operator's reason travels in, and its limit; runAdminAction refuses a longer one, or one with
// control characters, with 400 before anything runs.
inline constexpr char kAuditReasonHeader[] = "x-audit-reason";
inline constexpr int kAuditReasonMaxChars = 500;

// The one admin call that reverses an action (the console's Undo): answers carry it as "undo", dry runs
// included so the preview can say the change is reversible.
Json undoCall(const char *method, const QString &path, Json body = Json::object());
// A PATCH body restoring what `before` held for each field the request changed.
Json previousValues(const Json &before, const Json &changed);

// The job runs inside a transaction and returns the answer body, or fail(status, code, message). On success the
// transaction commits with an audit row (or rolls back for a dry run, answering {"dry_run":true,"would":…});
// on failure it rolls back and the failure is audited on its own. The answer gets "audit_id".
// after runs on the event loop with the committed result (cache invalidation, pub/sub) — not for dry runs.
void runAdminAction(const AdminRoutes &admin, HttpExchange *ex, AdminAction action, std::function<Result<Json>(QSqlDatabase &)> job,
                    int successStatus = 200, std::function<void(const Json &)> after = {});

// A route handler that first requires an admin identity holding permission.
std::function<void(HttpExchange *)> adminRoute(const AdminRoutes &admin, const char *permission,
                                               std::function<void(HttpExchange *, const AdminIdentity &)> handler);

// Whether a path's id is a UUID; when it is not, answers 404 "no <what> with id '<id>'" (as a lookup would).
bool uuidOr404(HttpExchange *ex, const QString &id, const QString &what);
// Parses the request body as a JSON object (empty body → {}), or answers 400 and returns nullopt.
std::optional<Json> jsonBody(HttpExchange *ex);
// The body of a status change (suspend, drain, …): nothing but an optional "reason" of 1..500 characters.
struct ReasonBody
{
    Json body;
    QVariant reason; // null when not given
};
// Parses it, or answers 400 and returns nullopt.
std::optional<ReasonBody> reasonBody(HttpExchange *ex);
Json maskSecrets(Json parameters);
// Inserts one audit_log row in db's current transaction (or autocommit); returns its id.
Result<qint64> insertAuditRow(QSqlDatabase &db, const AdminAction &action, const QString &result, bool dryRun,
                              const QByteArray &requestId);

// Answers a failure: a typed one as it is; an untyped one (PostgreSQL's message: constraint violations, the
// database down) classified into 400/404/409/503/500, logged, and never quoted beyond its first line.
void respondFailure(HttpExchange *ex, const Error &error);
// Answers a job's result: its failure, or status + JSON.
void respondResult(HttpExchange *ex, const Result<Json> &r, int status = 200);
// A read answered as the database returns it: runs sql (first column JSON, '?' bound to values, see
// queryJson) on the pool and answers 200 with its value, or the failure.
void respondQuery(DbPool *db, HttpExchange *ex, const QString &sql, const QVariantList &values = {});
bool isConnectionFailure(const QString &error);

} // namespace crosslogic
