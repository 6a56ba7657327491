// See checkhelpers.h.
#include "alerts/checkhelpers.h"

#include "store/sqljson.h"

#include <QSqlQuery>

namespace crosslogic::alertcheck {

// Runs one SQL check; on failure its rules are not evaluated this cycle.
bool query(QSqlDatabase &db, CheckOutput *out, std::initializer_list<const char *> rules, const QString &sql,
           const QVariantList &values, Json *result)
{
    // A failed statement aborts the transaction: each check runs behind a savepoint, so the others still run.
    QSqlQuery savepoint(db);
    savepoint.exec(QStringLiteral("SAVEPOINT alert_check"));
    auto r = queryJson(db, sql, values);
    savepoint.exec(r ? QStringLiteral("RELEASE SAVEPOINT alert_check") : QStringLiteral("ROLLBACK TO SAVEPOINT alert_check"));
    if (!r) {
        out->errors << QStringLiteral("%1: %2").arg(QLatin1String(*rules.begin()), r.error().left(300));
        return false;
    }
    *result = r->is_null() ? Json::array() : *r;
    for (const char *rule : rules)
        out->evaluated.insert(QString::fromLatin1(rule));
    return true;
}


QString str(const Json &j, const char *key)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return {};
    if (it->is_string())
        return QString::fromStdString(it->get<std::string>());
    return QString::fromStdString(it->dump());
}

double num(const Json &j, const char *key, double fallback)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

Json object(const char *kind, const QString &id, const QString &name)
{
    return Json{{"kind", kind}, {"id", id.toStdString()}, {"name", (name.isEmpty() ? id : name).toStdString()}};
}

// An operations API call that applies. auditAction/target say which audit row counts as having run it.
Json remedy(const QString &title, const char *method, const QString &path, Json body, const char *auditAction,
            const QString &target, Json auditParameters)
{
    Json r{{"title", title.toStdString()}, {"method", method}, {"path", path.toStdString()}, {"body", std::move(body)},
           {"audit_action", auditAction}};
    r["target"] = target.isEmpty() ? Json(nullptr) : Json(target.toStdString());
    if (!auditParameters.is_null())
        r["audit_parameters"] = std::move(auditParameters);
    return r;
}

double param(const CheckInput &in, const char *rule, const char *name)
{
    const Json p = in.params.value(QString::fromLatin1(rule));
    const AlertRule *r = findAlertRule(QString::fromLatin1(rule));
    return num(p.is_null() && r ? effectiveParams(*r, Json::object()) : p, name);
}

// The lower bound a check reads with, so a firing alert is still seen between it and the threshold.
double lowBound(const CheckInput &in, const char *rule)
{
    return param(in, rule, "threshold") * kHysteresis;
}

QString seconds(double s)
{
    if (s >= 7200)
        return QStringLiteral("%1 h").arg(s / 3600, 0, 'f', 1);
    if (s >= 120)
        return QStringLiteral("%1 min").arg(qRound(s / 60));
    return QStringLiteral("%1 s").arg(qRound(s));
}

Finding finding(const char *rule, const QString &key, double value, const QString &summary)
{
    Finding f;
    f.rule = QString::fromLatin1(rule);
    f.key = key;
    f.value = value;
    f.summary = summary;
    return f;
}


} // namespace crosslogic::alertcheck
