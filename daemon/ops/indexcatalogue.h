// The indexes the hot tables need (runbook §4.2): names, tables and the fixed statements that create them.
#pragma once

#include <QList>
#include <QString>

namespace crosslogic {

struct ExpectedIndex
{
    QString name;
    QString table;
    QString columns;
    // CREATE INDEX CONCURRENTLY … — a fixed statement, never built from input.
    QString createStatement() const;
};

class IndexCatalogue
{
public:
    static const QList<ExpectedIndex> &all();
    // nullptr when name is not in the catalogue.
    static const ExpectedIndex *find(const QString &name);
    // Tables whose indexes GET /admin/db/indexes lists (the runbook's three plus the other large ones).
    static const QStringList &tables();
};

} // namespace crosslogic
