// Small helpers for DB jobs: bind-and-run, and read row_to_json/json_agg results as nlohmann::json.
#pragma once

#include "core/result.h"
#include "store/dbpool.h"

#include <QSqlQuery>
#include <QVariant>

namespace crosslogic {

// The QSqlDriver property DbPool::open sets on connections through a transaction-pooling PgBouncer: runSql then
// writes the values in as literals (store/sqlinline.h) instead of preparing a server-side statement.
inline constexpr char kInlineParametersProperty[] = "crosslogicInlineParameters";

// Prepares sql with positional '?' placeholders, binds values, executes. Never interpolate input into SQL.
Result<void> runSql(QSqlQuery &query, const QString &sql, const QVariantList &values = {});
// Runs a query whose first column is JSON text (row_to_json, json_agg); returns the first row's value,
// or null when there is no row.
Result<Json> queryJson(QSqlDatabase &db, const QString &sql, const QVariantList &values = {});
// A UUID check before it reaches SQL, so malformed ids get a clear 400/404 rather than a database error.
bool isUuid(const QString &text);
// Converts a JSON value to a QVariant for binding (null → typed null).
QVariant toVariant(const Json &value);

} // namespace crosslogic
