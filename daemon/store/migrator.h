// Applies the embedded SQL migrations in order, once each, under an advisory lock (safe with many replicas).
#pragma once

#include "core/result.h"

#include <QSqlDatabase>
#include <QStringList>

namespace crosslogic {

class Migrator
{
public:
    struct Migration
    {
        int version;
        QString name;
        QString sql;
    };

    static QList<Migration> embedded();
    // Returns the names of the migrations it applied (empty when the schema was current).
    static Result<QStringList> apply(QSqlDatabase &db);
    static Result<int> currentVersion(QSqlDatabase &db);
};

} // namespace crosslogic
