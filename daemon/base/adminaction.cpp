// The admin route toolkit: permission-checked routes, JSON bodies, audited transactional actions, failure answers.
#include "base/adminaction.h"

#include "base/requestfields.h"

#include "core/log.h"
#include "http/httpexchange.h"
#include "store/sqljson.h"

#include <QPointer>
#include <QRegularExpression>
#include <QUrlQuery>

namespace crosslogic {
namespace {

// Fields starting with '_' carry results between the job and its follow-up (e.g. key hashes); clients never see them.
Json withoutInternal(Json j)
{
    if (!j.is_object())
        return j;
    for (auto it = j.begin(); it != j.end();) {
        if (!it.key().empty() && it.key()[0] == '_')
            it = j.erase(it);
        else
            ++it;
    }
    if (j.contains("would"))
        j["would"] = withoutInternal(j["would"]);
    return j;
}

} // namespace

std::function<void(HttpExchange *)> adminRoute(const AdminRoutes &admin, const char *permission,
                                               std::function<void(HttpExchange *, const AdminIdentity &)> handler)
{
    return [gate = admin.gate, permission, handler = std::move(handler)](HttpExchange *ex) {
        // Filters (prefix, action, target, model, type, …) reach SQL and logs: control characters stop here.
        const QUrlQuery query(QString::fromUtf8(ex->request().query));
        for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded))
            if (hasControlCharacters(name) || hasControlCharacters(value)) {
                ex->respondError(400, QStringLiteral("query parameter '%1' must not contain control characters").arg(name.left(40).toHtmlEscaped()),
                                 "invalid_value");
                return;
            }
        gate->require(ex, permission, [ex, handler](const AdminIdentity &who) { handler(ex, who); });
    };
}

Result<qint64> insertAuditRow(QSqlDatabase &db, const AdminAction &a, const QString &result, bool dryRun, const QByteArray &requestId)
{
    QSqlQuery q(db);
    auto r = runSql(q, QStringLiteral("INSERT INTO audit_log (token_name, role, action, target, parameters, result, dry_run, request_id, reason) "
                                      "VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) RETURNING id"),
                    {a.who.tokenName, a.who.role, a.action, a.target, QString::fromStdString(maskSecrets(a.parameters).dump()),
                     result.left(2000), dryRun, QString::fromLatin1(requestId),
                     a.reason.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(a.reason)});
    if (!r)
        return r.failure();
    q.next();
    return q.value(0).toLongLong();
}

Json undoCall(const char *method, const QString &path, Json body)
{
    return Json{{"method", method}, {"path", path.toStdString()}, {"body", std::move(body)}};
}

Json previousValues(const Json &before, const Json &changed)
{
    Json body = Json::object();
    if (!before.is_object() || !changed.is_object())
        return body;
    for (auto it = changed.begin(); it != changed.end(); ++it)
        body[it.key()] = before.contains(it.key()) ? before[it.key()] : Json();
    return body;
}

Json maskSecrets(Json parameters)
{
    if (!parameters.is_object())
        return parameters;
    for (auto it = parameters.begin(); it != parameters.end(); ++it) {
        const std::string &k = it.key();
        if (k == "token" || k == "key" || k == "secret" || k == "password" || k.find("secret") != std::string::npos
            || k.find("token") != std::string::npos)
            it.value() = "********";
        else if (it.value().is_object())
            it.value() = maskSecrets(it.value());
    }
    return parameters;
}

bool uuidOr404(HttpExchange *ex, const QString &id, const QString &what)
{
    if (isUuid(id))
        return true;
    ex->respondError(404, QStringLiteral("no %1 with id '%2'").arg(what, id.left(64)), "not_found");
    return false;
}

std::optional<Json> jsonBody(HttpExchange *ex)
{
    const QByteArray &body = ex->request().body;
    if (body.trimmed().isEmpty())
        return Json::object();
    try {
        Json j = Json::parse(body.constBegin(), body.constEnd());
        if (!j.is_object()) {
            ex->respondError(400, QStringLiteral("request body must be a JSON object"), "invalid_json");
            return std::nullopt;
        }
        return j;
    } catch (const Json::parse_error &e) {
        ex->respondError(400, QStringLiteral("malformed JSON body at byte %1").arg(e.byte), "invalid_json");
        return std::nullopt;
    } catch (const Json::exception &) {
        ex->respondError(400, QStringLiteral("JSON body contains a number out of range"), "invalid_json");
        return std::nullopt;
    }
}

std::optional<ReasonBody> reasonBody(HttpExchange *ex)
{
    auto body = jsonBody(ex);
    if (!body)
        return std::nullopt;
    RequestFields f(*body);
    f.allowOnly({"reason"});
    QVariant reason = f.text("reason", 500, false);
    if (!f.ok()) {
        ex->respondError(400, f.errors(), "invalid_value");
        return std::nullopt;
    }
    return ReasonBody{std::move(*body), std::move(reason)};
}

bool isConnectionFailure(const QString &error)
{
    for (const char *s : {"cannot connect", "could not connect", "server closed the connection", "terminating connection",
                          "no connection", "Connection refused", "connection to server", "timeout expired", "not open"})
        if (error.contains(QLatin1String(s), Qt::CaseInsensitive))
            return true;
    return false;
}

void respondFailure(HttpExchange *ex, const Error &failure)
{
    if (failure.isTyped()) {
        ex->respondError(failure);
        return;
    }
    const QString &error = failure.message;
    // The driver's own words ("ERROR:  integer out of range", statement text) never reach the client: the class of
    // the problem and, where it helps, the constraint's name.
    static const QRegularExpression constraintName(QStringLiteral("constraint \"([A-Za-z0-9_]+)\""));
    const QString constraint = constraintName.match(error).captured(1);
    if (error.contains(QLatin1String("violates check constraint")))
        ex->respondError(400, QStringLiteral("invalid value: violates %1").arg(constraint.isEmpty() ? QStringLiteral("a check") : constraint), "invalid_value");
    else if (error.contains(QLatin1String("out of range")))
        ex->respondError(400, QStringLiteral("invalid value: a number is out of range"), "invalid_value");
    else if (error.contains(QLatin1String("invalid input syntax")))
        ex->respondError(400, QStringLiteral("invalid value: malformed input for its type"), "invalid_value");
    else if (error.contains(QLatin1String("duplicate key")))
        ex->respondError(409, QStringLiteral("already exists%1").arg(constraint.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(constraint)), "conflict");
    else if (error.contains(QLatin1String("violates foreign key")))
        ex->respondError(404, QStringLiteral("a referenced object does not exist"), "not_found");
    else if (isConnectionFailure(error)) {
        spdlog::error("database unavailable: {}", qs(error));
        ex->respondError(503, QStringLiteral("database unavailable, try again"), "database_unavailable");
    } else {
        spdlog::error("database error on {} {}: {}", qs(ex->request().method), qs(ex->request().route), qs(error));
        ex->respondError(500, QStringLiteral("internal error (request %1)").arg(QString::fromLatin1(ex->requestId())),
                         "internal_error");
    }
}

void respondResult(HttpExchange *ex, const Result<Json> &r, int status)
{
    if (!r.ok())
        respondFailure(ex, r.failure());
    else
        ex->respondJson(status, *r);
}

void respondQuery(DbPool *db, HttpExchange *ex, const QString &sql, const QVariantList &values)
{
    db->run(
        ex, [sql, values](QSqlDatabase &conn) { return queryJson(conn, sql, values); },
        [ex](Result<Json> r) { respondResult(ex, r); });
}

namespace {

// The operator's reason from X-Audit-Reason (percent-encoded UTF-8, as HTTP headers are Latin-1), or an error.
std::optional<QString> auditReason(HttpExchange *ex, QString *error)
{
    const QByteArray raw = ex->request().header(kAuditReasonHeader).trimmed();
    const QString reason = QString::fromUtf8(QByteArray::fromPercentEncoding(raw)).trimmed();
    if (reason.size() > kAuditReasonMaxChars) {
        *error = QStringLiteral("X-Audit-Reason: at most %1 characters").arg(kAuditReasonMaxChars);
        return std::nullopt;
    }
    for (const QChar c : reason)
        if (c.category() == QChar::Other_Control) {
            *error = QStringLiteral("X-Audit-Reason: control characters are not allowed");
            return std::nullopt;
        }
    return reason;
}

} // namespace

void runAdminAction(const AdminRoutes &admin, HttpExchange *ex, AdminAction action, std::function<Result<Json>(QSqlDatabase &)> job,
                    int successStatus, std::function<void(const Json &)> after)
{
    QString reasonError;
    const auto reason = auditReason(ex, &reasonError);
    if (!reason) {
        ex->respondError(400, reasonError, "invalid_value");
        return;
    }
    action.reason = *reason;
    const bool dryRun = ex->request().queryFlag(QStringLiteral("dry_run"));
    const QByteArray requestId = ex->requestId();
    QPointer<HttpExchange> guard(ex);
    auto act = std::make_shared<AdminAction>(std::move(action));
    admin.db->run(ex, [act, job = std::move(job), dryRun, requestId](QSqlDatabase &db) -> Result<Json> {
        if (!db.transaction())
            return fail(QStringLiteral("cannot begin a transaction"));
        Result<Json> r = job(db);
        if (!r.ok()) {
            db.rollback();
            auto audited = insertAuditRow(db, *act, QStringLiteral("error: ") + r.error(), dryRun, requestId);
            (void)audited;
            return r;
        }
        Json answer = *r;
        if (dryRun) {
            db.rollback();
            return Json{{"dry_run", true}, {"would", answer}};
        }
        auto audit = insertAuditRow(db, *act, QStringLiteral("ok"), false, requestId);
        if (!audit) {
            db.rollback();
            return audit.failure();
        }
        if (!db.commit())
            return fail(QStringLiteral("commit failed"));
        if (answer.is_object())
            answer["audit_id"] = *audit;
        return answer;
    }, [guard, successStatus, after = std::move(after), dryRun](Result<Json> r) {
        if (!guard)
            return;
        if (!r.ok()) {
            respondFailure(guard, r.failure());
            return;
        }
        if (!dryRun && after)
            after(*r);
        guard->respondJson(dryRun ? 200 : successStatus, withoutInternal(*r));
    });
}

} // namespace crosslogic
