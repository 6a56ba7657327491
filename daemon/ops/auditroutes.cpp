// GET /admin/audit: the audit log, newest first, filtered by action, token name, target and time.
#include "ops/auditroutes.h"

#include "base/adminaction.h"
#include "http/httpexchange.h"
#include "http/router.h"
#include "base/opsaction.h"
#include "store/sqljson.h"

#include <QDateTime>

namespace crosslogic {
namespace {

// An RFC 3339 timestamp, or an empty string when absent; false (with the answer sent) when malformed.
bool timeParam(HttpExchange *ex, const char *name, QString *out)
{
    const QString raw = ex->request().queryValue(QString::fromLatin1(name));
    if (raw.isEmpty()) {
        *out = QString();
        return true;
    }
    const QDateTime t = QDateTime::fromString(raw, Qt::ISODateWithMs);
    if (!t.isValid()) {
        ex->respondError(400,
                         QStringLiteral("'%1' must be an RFC 3339 timestamp such as 2030-01-01T00:00:00Z")
                             .arg(QLatin1String(name)), "invalid_value");
        return false;
    }
    *out = t.toUTC().toString(Qt::ISODateWithMs);
    return true;
}

void listAudit(const AdminRoutes &s, HttpExchange *ex)
{
    const HttpRequest &req = ex->request();
    QString since, until;
    if (!timeParam(ex, "since", &since) || !timeParam(ex, "until", &until))
        return;
    // action=api_key.* matches every action starting with "api_key."; other values match exactly.
    QString action = req.queryValue(QStringLiteral("action")).left(200);
    const bool actionPrefix = action.endsWith(QLatin1Char('*'));
    if (actionPrefix)
        action.chop(1);
    const QString tokenName = req.queryValue(QStringLiteral("token_name")).left(200);
    const QString target = req.queryValue(QStringLiteral("target")).left(500);
    const QString result = req.queryValue(QStringLiteral("result")).toLower();
    if (!result.isEmpty() && result != QLatin1String("ok") && result != QLatin1String("error")) {
        ex->respondError(400, QStringLiteral("'result' must be ok or error"),
                         "invalid_value");
        return;
    }
    const int limit = req.queryLimit(100, 1000);
    respondQuery(
        s.db, ex,
        QStringLiteral(
            "SELECT json_build_object('data', coalesce(json_agg(row_to_json(a) ORDER BY a.created_at "
            "DESC, a.id DESC), '[]')) FROM ("
            " SELECT id, created_at, token_name, role, action, target, parameters, result, dry_run, "
            "request_id, reason FROM audit_log"
            " WHERE (coalesce(?, '') = '' OR (CASE WHEN ? THEN starts_with(action, ?) ELSE action = "
            "? END))"
            "   AND (coalesce(?, '') = '' OR token_name = ?) AND (coalesce(?, '') = '' OR target = ?)"
            "   AND (coalesce(?, '') = '' OR created_at >= ?::timestamptz) AND (coalesce(?, '') = '' "
            "OR created_at < ?::timestamptz)"
            "   AND (coalesce(?, '') = '' OR (? = 'ok') = (result = 'ok'))"
            " ORDER BY created_at DESC, id DESC LIMIT ?) a"),
        {action, actionPrefix, action, action, tokenName, tokenName, target, target, since, since, until,
         until, result, result, limit});
}

} // namespace

void registerAuditRoutes(Router &router, const AdminRoutes &s)
{
    router.add("GET", "/admin/audit",
               adminRoute(s, "audit", [s](HttpExchange *ex, const AdminIdentity &) { listAudit(s, ex); }));
}

} // namespace crosslogic
