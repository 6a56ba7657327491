// The audit log (GET /admin/audit, newest first): who did what to which target, dry runs and errors marked.
#include "audit/auditmodel.h"

#include "common/statuslevel.h"

namespace crosslogic::console {

AuditModel::AuditModel(QObject *parent)
    : JsonTableModel({{tr("#"), QStringLiteral("id"), {}, Qt::AlignRight | Qt::AlignVCenter},
                      {tr("Time (UTC)"), QStringLiteral("created_at"),
                       [](const QJsonValue &v, const QJsonObject &) { return v.toString().left(19).replace(QLatin1Char('T'), QLatin1Char(' ')); }},
                      {tr("Token"), QStringLiteral("token_name")},
                      {tr("Role"), QStringLiteral("role")},
                      {tr("Action"), QStringLiteral("action")},
                      {tr("Result"), QStringLiteral("result"),
                       [](const QJsonValue &v, const QJsonObject &row) {
                           return row.value(QLatin1String("dry_run")).toBool() ? tr("%1 (dry run)").arg(v.toString()) : v.toString();
                       }},
                      {tr("Object"), QStringLiteral("target_name")},
                      {tr("Target"), QStringLiteral("target")},
                      {tr("Reason"), QStringLiteral("reason")}},
                     parent)
{
}

QVariant AuditModel::style(const QJsonObject &row, int column, int role) const
{
    const bool error = row.value(QLatin1String("result")).toString() != QLatin1String("ok");
    if (role == Qt::ForegroundRole && column == 5)
        return statusColor(error ? StatusLevel::Fail : StatusLevel::Ok);
    if (role == Qt::BackgroundRole && error)
        return statusTint(StatusLevel::Fail);
    return {};
}

} // namespace crosslogic::console
