// Nodes of GET /admin/nodes as a table: status, health score, model, heartbeat age (stale highlighted), load.
#include "nodes/nodetablemodel.h"

#include "common/daemontext.h"
#include "common/statuslevel.h"

#include <QFont>

namespace crosslogic::console {

namespace {
QList<JsonColumn> nodeColumns()
{
    const auto right = Qt::AlignRight | Qt::AlignVCenter;
    return {
        {NodeTableModel::tr("Cluster"), QStringLiteral("cluster_name")},
        {NodeTableModel::tr("Status"), QStringLiteral("status"),
         [](const QJsonValue &v, const QJsonObject &) { return DaemonText::status(v.toString()); }},
        {NodeTableModel::tr("Health"), QStringLiteral("health_score"), {}, right},
        {NodeTableModel::tr("Model"), QStringLiteral("model_name")},
        {NodeTableModel::tr("Provider / region"), QStringLiteral("provider"),
         [](const QJsonValue &v, const QJsonObject &row) {
             const QString region = row.value(QLatin1String("region")).toString();
             return region.isEmpty() ? v.toString() : v.toString() + QStringLiteral(" / ") + region;
         }},
        {NodeTableModel::tr("Heartbeat"), QStringLiteral("heartbeat_age_s"),
         [](const QJsonValue &v, const QJsonObject &row) {
             if (!v.isDouble())
                 return NodeTableModel::tr("never");
             const QString age = NodeTableModel::tr("%1 s ago").arg(v.toDouble(), 0, 'f', 0);
             return row.value(QLatin1String("stale")).toBool() ? NodeTableModel::tr("%1 (stale)").arg(age) : age;
         },
         right},
        {NodeTableModel::tr("Load"), QStringLiteral("load"),
         [](const QJsonValue &v, const QJsonObject &) {
             const QJsonObject load = v.toObject();
             return NodeTableModel::tr("%1 running, %2 waiting, %3 in flight")
                 .arg(load.value(QLatin1String("running")).toInt())
                 .arg(load.value(QLatin1String("waiting")).toInt())
                 .arg(load.value(QLatin1String("in_flight")).toInt());
         }},
        {NodeTableModel::tr("ID"), QStringLiteral("id")},
    };
}
} // namespace

NodeTableModel::NodeTableModel(QObject *parent) : JsonTableModel(nodeColumns(), parent) {}

QVariant NodeTableModel::style(const QJsonObject &row, int column, int role) const
{
    const bool stale = row.value(QLatin1String("stale")).toBool();
    const QString status = row.value(QLatin1String("status")).toString();
    if (role == Qt::BackgroundRole && stale)
        return statusTint(StatusLevel::Warn);
    if (role == Qt::ForegroundRole && column == Status)
        return statusColor(statusLevel(status == QLatin1String("terminated") ? QStringLiteral("unknown-grey") : status));
    if (role == Qt::ForegroundRole && column == Health) {
        const double score = row.value(QLatin1String("health_score")).toDouble();
        return statusColor(score >= 80 ? StatusLevel::Ok : score >= 50 ? StatusLevel::Warn : StatusLevel::Fail);
    }
    if (role == Qt::ForegroundRole && column == Heartbeat && stale)
        return statusColor(StatusLevel::Fail);
    if (role == Qt::FontRole && (column == Status || (column == Heartbeat && stale))) {
        QFont f;
        f.setBold(true);
        return f;
    }
    return {};
}

} // namespace crosslogic::console
