// The checks behind the rules: SQL over request_logs, nodes, billing and pg_stat_activity, and the signals each
// replica publishes (replicas table) and the evaluating replica's Redis probe. Each check yields findings; a check
// that could not run leaves its rules out of `evaluated`, so their alerts stay as they are.
#pragma once

#include "alerts/alertstate.h"

#include <QSqlDatabase>

namespace crosslogic {

struct CheckInput
{
    QHash<QString, Json> params; // effective parameters by rule id
    Json replicas = Json::array(); // rows of replicas seen recently: {id, version, schema_version, signals}
    Json redis;                    // probeRedis() result of the evaluating replica (null: not probed this cycle)
    int heartbeatIntervalSeconds = 10;
    int schemaVersion = 0;         // what this binary expects
};

struct CheckOutput
{
    std::vector<Finding> findings;
    QSet<QString> evaluated;
    QStringList errors; // checks that failed, "rule: message"
};

// Runs every check in db's current transaction.
CheckOutput runAlertChecks(QSqlDatabase &db, const CheckInput &in);
// The checks that need no database: replica signals and the Redis probe (exposed for the unit test).
void checkReplicaSignals(const CheckInput &in, CheckOutput *out);
// Budgets that crossed a soft threshold recently (alerts/spendchecks.cpp).
void checkBudgetThresholds(QSqlDatabase &db, const CheckInput &in, CheckOutput *out);

} // namespace crosslogic
