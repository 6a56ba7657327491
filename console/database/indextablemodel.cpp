// The expected indexes of the hot tables (GET /admin/db/indexes) with their state; missing or invalid in red.
#include "database/indextablemodel.h"

#include "common/statuslevel.h"

namespace crosslogic::console {

IndexTableModel::IndexTableModel(QObject *parent)
    : JsonTableModel({{tr("Index"), QStringLiteral("name")},
                      {tr("Table"), QStringLiteral("table")},
                      {tr("Columns"), QStringLiteral("columns")},
                      {tr("State"), QStringLiteral("state")}},
                     parent)
{
}

QVariant IndexTableModel::style(const QJsonObject &row, int column, int role) const
{
    const StatusLevel level = statusLevel(row.value(QLatin1String("state")).toString());
    if (role == Qt::BackgroundRole && level != StatusLevel::Ok)
        return statusTint(StatusLevel::Fail);
    if (role == Qt::ForegroundRole && column == 3)
        return statusColor(level);
    return {};
}

} // namespace crosslogic::console
