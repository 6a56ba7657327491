// SQL with its '?' parameters written in as quoted literals, for PostgreSQL behind a transaction-pooling PgBouncer.
// There a server-side prepared statement (Qt's QPSQL prepares every query that binds values: PREPARE, EXECUTE,
// DEALLOCATE as three statements) may be prepared on one server connection and executed on another, or meet a
// statement of the same name from another client. Each value becomes a single-quoted literal of unknown type, so
// PostgreSQL resolves it from its context exactly as it resolves a parameter; quotes are doubled (the server runs
// with standard_conforming_strings, checked when the connection opens), and a NUL byte is refused.
#pragma once

#include "core/result.h"

#include <QString>
#include <QVariant>

namespace crosslogic {

// sql with every '?' outside string literals, quoted identifiers, dollar quotes and comments replaced by the
// literal of the next value. Fails when the counts differ or a value cannot be written as a literal.
Result<QString> inlineSqlParameters(const QString &sql, const QVariantList &values);
// The literal for one value: NULL, or '…' with quotes doubled.
Result<QString> sqlLiteral(const QVariant &value);

} // namespace crosslogic
