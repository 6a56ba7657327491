// Long-running queries (GET /admin/db/long-queries): pid, duration, state, application, query text.
#include "database/longquerymodel.h"

#include "common/statuslevel.h"

namespace crosslogic::console {

LongQueryModel::LongQueryModel(QObject *parent)
    : JsonTableModel({{tr("PID"), QStringLiteral("pid")},
                      {tr("Duration"), QStringLiteral("duration_seconds"),
                       [](const QJsonValue &v, const QJsonObject &) { return tr("%1 s").arg(v.toDouble(), 0, 'f', 0); },
                       Qt::AlignRight | Qt::AlignVCenter},
                      {tr("State"), QStringLiteral("state")},
                      {tr("Application"), QStringLiteral("application_name")},
                      {tr("User"), QStringLiteral("user")},
                      {tr("Query"), QStringLiteral("query"),
                       [](const QJsonValue &v, const QJsonObject &) { return v.toString().simplified(); }}},
                     parent)
{
}

QVariant LongQueryModel::style(const QJsonObject &row, int column, int role) const
{
    if (role == Qt::ForegroundRole && column == 1 && row.value(QLatin1String("duration_seconds")).toDouble() > 300)
        return statusColor(StatusLevel::Fail);
    return {};
}

} // namespace crosslogic::console
