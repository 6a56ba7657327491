// API keys of GET /admin/api-keys as a table, with why each is valid or not (key, tenant and environment status).
#include "keys/keytablemodel.h"

#include "common/statuslevel.h"

namespace crosslogic::console {

namespace {
QString limit(const QJsonValue &v, const QJsonObject &)
{
    return v.isDouble() ? QString::number(v.toInteger()) : KeyTableModel::tr("default");
}
QString nameWithStatus(const QJsonObject &row, const char *name, const char *status)
{
    const QString s = row.value(QLatin1String(status)).toString();
    const QString n = row.value(QLatin1String(name)).toString();
    return s == QLatin1String("active") || s.isEmpty() ? n : QStringLiteral("%1 (%2)").arg(n, s);
}
QList<JsonColumn> keyColumns()
{
    const auto right = Qt::AlignRight | Qt::AlignVCenter;
    return {
        {KeyTableModel::tr("Prefix"), QStringLiteral("key_prefix")},
        {KeyTableModel::tr("Name"), QStringLiteral("name")},
        {KeyTableModel::tr("Verdict"), QStringLiteral("valid"), [](const QJsonValue &, const QJsonObject &row) { return KeyTableModel::verdict(row); }},
        {KeyTableModel::tr("Key status"), QStringLiteral("status")},
        {KeyTableModel::tr("Tenant"), QStringLiteral("tenant_name"),
         [](const QJsonValue &, const QJsonObject &row) { return nameWithStatus(row, "tenant_name", "tenant_status"); }},
        {KeyTableModel::tr("Environment"), QStringLiteral("environment_name"),
         [](const QJsonValue &, const QJsonObject &row) { return nameWithStatus(row, "environment_name", "environment_status"); }},
        {KeyTableModel::tr("Req/min"), QStringLiteral("rate_limit_requests_per_min"), limit, right},
        {KeyTableModel::tr("Tokens/min"), QStringLiteral("rate_limit_tokens_per_min"), limit, right},
        {KeyTableModel::tr("Concurrency"), QStringLiteral("concurrency_limit"), limit, right},
        {KeyTableModel::tr("Expires"), QStringLiteral("expires_at"),
         [](const QJsonValue &v, const QJsonObject &) { return v.isString() ? v.toString().left(16).replace(QLatin1Char('T'), QLatin1Char(' ')) : KeyTableModel::tr("never"); }},
    };
}
} // namespace

KeyTableModel::KeyTableModel(QObject *parent) : JsonTableModel(keyColumns(), parent) {}

QString KeyTableModel::verdict(const QJsonObject &key)
{
    if (key.value(QLatin1String("valid")).toBool())
        return tr("valid");
    QString reason = key.value(QLatin1String("invalid_reason")).toString();
    return reason.isEmpty() ? tr("invalid") : tr("invalid: %1").arg(reason.replace(QLatin1Char('_'), QLatin1Char(' ')));
}

QVariant KeyTableModel::style(const QJsonObject &row, int column, int role) const
{
    const bool valid = row.value(QLatin1String("valid")).toBool();
    if (role == Qt::ForegroundRole && column == Valid)
        return statusColor(valid ? StatusLevel::Ok : StatusLevel::Fail);
    if (role == Qt::BackgroundRole && !valid)
        return statusTint(StatusLevel::Fail);
    return {};
}

} // namespace crosslogic::console
