// What the checks share: reading rows, building findings and remediations, the rule parameters they read with.
#pragma once

#include "alerts/alertchecks.h"

#include <QSqlDatabase>
#include <QVariant>

namespace crosslogic::alertcheck {

// A field as text (numbers and objects as their JSON), empty when absent or null.
QString str(const Json &j, const char *key);
double num(const Json &j, const char *key, double fallback = 0);
Json object(const char *kind, const QString &id, const QString &name);
// An operations API call that applies. auditAction/target say which audit row counts as having run it.
Json remedy(const QString &title, const char *method, const QString &path, Json body, const char *auditAction,
            const QString &target = {}, Json auditParameters = nullptr);
double param(const CheckInput &in, const char *rule, const char *name);
// The lower bound a check reads with, so a firing alert is still seen between it and the threshold.
double lowBound(const CheckInput &in, const char *rule);
// "45 s", "12 min", "3.5 h".
QString seconds(double s);
Finding finding(const char *rule, const QString &key, double value, const QString &summary);
// Runs one SQL check behind a savepoint (a failure leaves the transaction usable for the others): its rows in result,
// its rules marked evaluated; on failure the error is recorded and its rules are not evaluated this cycle.
bool query(QSqlDatabase &db, CheckOutput *out, std::initializer_list<const char *> rules, const QString &sql,
           const QVariantList &values, Json *result);

} // namespace crosslogic::alertcheck
