// Helpers for operations actions that cannot run inside runAdminAction's transaction (VACUUM, CREATE INDEX
// CONCURRENTLY, Redis commands, pg_terminate_backend): dry-run answers and an audit row written on its own.
#include "ops/opsaction.h"

#include "admin/apierror.h"
#include "app/services.h"
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
    if (isApiError(*r))
        return QStringLiteral("error: ") +
               QString::fromStdString((*r)["__api_error"]["message"].get<std::string>());
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

Result<qint64> insertAuditRow(QSqlDatabase &db, const AdminAction &a, const QString &result, bool dryRun,
                              const QByteArray &requestId)
{
    QSqlQuery q(db);
    auto r = runSql(q,
                    QStringLiteral("INSERT INTO audit_log (token_name, role, action, target, parameters, "
                                   "result, dry_run, request_id) "
                                   "VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?) RETURNING id"),
                    {a.who.tokenName, a.who.role, a.action, a.target,
                     QString::fromStdString(maskSecrets(a.parameters).dump()), result.left(2000), dryRun,
                     QString::fromLatin1(requestId)});
    if (!r)
        return fail(r.error());
    q.next();
    return q.value(0).toLongLong();
}

void respondResult(HttpExchange *ex, const Result<Json> &r, int status)
{
    if (!r.ok()) {
        respondDbFailure(ex, r.error());
        return;
    }
    if (isApiError(*r)) {
        const Json &e = (*r)["__api_error"];
        ex->respondError(e["status"].get<int>(), QString::fromStdString(e["message"].get<std::string>()),
                         "invalid_request_error", QByteArray::fromStdString(e["code"].get<std::string>()));
        return;
    }
    ex->respondJson(status, *r);
}

void runUnwrappedAction(Services &services, HttpExchange *ex, AdminAction action, DbJob job)
{
    const QByteArray requestId = ex->requestId();
    services.db->run(
        ex,
        [action = std::move(action), job = std::move(job), requestId](QSqlDatabase &db) -> Result<Json> {
            Result<Json> r = job(db);
            auto audit = insertAuditRow(db, action, outcomeText(r), false, requestId);
            if (!audit)
                spdlog::error("audit row for {} on {} not written: {}", qs(action.action), qs(action.target),
                              qs(audit.error()));
            if (r.ok() && !isApiError(*r) && r->is_object()) {
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

void auditAndRespond(Services &services, HttpExchange *ex, AdminAction action, Result<Json> outcome)
{
    const QByteArray requestId = ex->requestId();
    const QString text = outcomeText(outcome);
    services.db->run(
        ex,
        [action, text, requestId](QSqlDatabase &db) -> Result<Json> {
            auto id = insertAuditRow(db, action, text, false, requestId);
            if (!id)
                return fail(id.error());
            return Json(*id);
        },
        [ex, action, outcome = std::move(outcome)](Result<Json> audit) {
            if (!outcome.ok() || isApiError(*outcome)) {
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
