// Runs one mutating admin call: in a transaction with its audit row, or rolled back for ?dry_run=true.
#pragma once

#include "admin/adminauth.h"
#include "store/dbpool.h"

#include <functional>
#include <optional>

namespace crosslogic {

class HttpExchange;
struct Services;

struct AdminAction
{
    QString action;  // e.g. api_key.revoke
    QString target;  // e.g. the key id
    Json parameters; // request parameters; secret-looking fields are masked before they are stored
    AdminIdentity who;
};

// The job runs inside a transaction and returns the answer body, or apiError(...). On success the
// transaction commits with an audit row (or rolls back for a dry run, answering {"dry_run":true,"would":…});
// on failure it rolls back and the failure is audited on its own. The answer gets "audit_id".
// after runs on the event loop with the committed result (cache invalidation, pub/sub) — not for dry runs.
void runAdminAction(Services &services, HttpExchange *ex, AdminAction action, std::function<Result<Json>(QSqlDatabase &)> job,
                    int successStatus = 200, std::function<void(const Json &)> after = {});

// A route handler that first requires an admin identity holding permission.
std::function<void(HttpExchange *)> adminRoute(Services &services, const char *permission,
                                               std::function<void(HttpExchange *, const AdminIdentity &)> handler);

// Parses the request body as a JSON object (empty body → {}), or answers 400 and returns nullopt.
std::optional<Json> jsonBody(HttpExchange *ex);
Json maskSecrets(Json parameters);
// Answers a DbPool failure (database down, constraint violations) with the right status.
void respondDbFailure(HttpExchange *ex, const QString &error);
bool isConnectionFailure(const QString &error);

} // namespace crosslogic
