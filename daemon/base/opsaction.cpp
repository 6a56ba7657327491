// Helpers for operations actions that cannot run inside runAdminAction's transaction (VACUUM, CREATE INDEX
// CONCURRENTLY, Redis commands, pg_terminate_backend): dry-run answers and an audit row written on its own.
#include "base/opsaction.h"

#include "core/log.h"
#include "http/httpexchange.h"
#include "store/sqljson.h"

#include <QPointer>

namespace crosslogic {
namespace {

QString outcomeText(const Result<Json> &r)
{
    if (!r.ok())
        return QStringLiteral("error: ") + r.error();
    return QStringLiteral("ok");
}

} // namespace

bool isDryRun(HttpExchange *ex)
{
    return ex->request().queryFlag(QStringLiteral("dry_run"));
}

void respondDryRun(HttpExchange *ex, const Json &would)
{
    ex->respondJson(200, Json{{"dry_run", true}, {"would", would}});
}

void runUnwrappedAction(const AdminRoutes &admin, HttpExchange *ex, AdminAction action, DbJob job)
{
    const QByteArray requestId = ex->requestId();
    admin.db->run(
        ex,
        [action = std::move(action), job = std::move(job), requestId](QSqlDatabase &db) -> Result<Json> {
            Result<Json> r = job(db);
            auto audit = insertAuditRow(db, action, outcomeText(r), false, requestId);
            if (!audit)
                spdlog::error("audit row for {} on {} not written: {}", qs(action.action), qs(action.target),
                              qs(audit.error()));
            if (r.ok() && r->is_object()) {
                Json answer = *r;
                answer["audit_id"] = audit ? Json(*audit) : Json(nullptr);
                if (!audit)
                    answer["audit_error"] = audit.error().toStdString();
                return answer;
            }
            return r;
        },
        [ex](Result<Json> r) { respondResult(ex, r); });
}

void auditAndRespond(const AdminRoutes &admin, HttpExchange *ex, AdminAction action, Result<Json> outcome)
{
    const QByteArray requestId = ex->requestId();
    const QString text = outcomeText(outcome);
    admin.db->run(
        ex,
        [action, text, requestId](QSqlDatabase &db) -> Result<Json> {
            auto id = insertAuditRow(db, action, text, false, requestId);
            if (!id)
                return id.failure();
            return Json(*id);
        },
        [ex, action, outcome = std::move(outcome)](Result<Json> audit) {
            if (!outcome.ok()) {
                respondResult(ex, outcome);
                return;
            }
            Json answer = *outcome;
            if (audit.ok()) {
                answer["audit_id"] = *audit;
            } else {
                spdlog::error("audit row for {} on {} not written: {}", qs(action.action), qs(action.target),
                              qs(audit.error()));
                answer["audit_id"] = nullptr;
                answer["audit_error"] = audit.error().toStdString();
            }
            ex->respondJson(200, answer);
        });
}

} // namespace crosslogic
