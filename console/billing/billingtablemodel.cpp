// Usage records or billing events as a table whose columns come from the answer (the shapes are still settling);
// failed billing events are highlighted.
#include "billing/billingtablemodel.h"

#include "common/jsontree.h"
#include "common/statuslevel.h"

#include <QJsonArray>

namespace crosslogic::console {

BillingTableModel::BillingTableModel(QObject *parent) : JsonTableModel({}, parent) {}

bool BillingTableModel::isFailed(const QJsonObject &row)
{
    const QJsonValue error = row.value(QLatin1String("error"));
    if (error.isString() && !error.toString().isEmpty())
        return true;
    const QString status = row.value(QLatin1String("status")).toString();
    return status == QLatin1String("failed") || row.value(QLatin1String("failed")).toBool();
}

void BillingTableModel::showRows(const QJsonArray &rows)
{
    // Names before ids: a tenant or key reads by its name; the ids follow at the end of the row.
    static const QStringList preferred = {QStringLiteral("created_at"), QStringLiteral("timestamp"), QStringLiteral("event_type"),
                                          QStringLiteral("type"), QStringLiteral("tenant_name"), QStringLiteral("api_key_name"),
                                          QStringLiteral("api_key_prefix"), QStringLiteral("model"), QStringLiteral("prompt_tokens"),
                                          QStringLiteral("completion_tokens"), QStringLiteral("total_tokens"), QStringLiteral("processed"),
                                          QStringLiteral("status"), QStringLiteral("retry_count"), QStringLiteral("error"),
                                          QStringLiteral("event_id"), QStringLiteral("processed_at")};
    QStringList keys;
    for (qsizetype i = 0; i < std::min<qsizetype>(rows.size(), 20); ++i) {
        const QJsonObject o = rows[i].toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!it.value().isObject() && !it.value().isArray() && !keys.contains(it.key()) && it.key() != QLatin1String("id"))
                keys << it.key();
    }
    std::stable_sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) {
        const qsizetype ia = preferred.indexOf(a), ib = preferred.indexOf(b);
        return (ia < 0 ? 1000 : ia) < (ib < 0 ? 1000 : ib);
    });
    QList<JsonColumn> next;
    for (const QString &key : keys.mid(0, 12))
        if (key.endsWith(QLatin1String("_at")) || key == QLatin1String("timestamp"))
            next.append({JsonTree::humanize(key), key, [](const QJsonValue &v, const QJsonObject &) {
                             return v.toString().left(19).replace(QLatin1Char('T'), QLatin1Char(' '));
                         }});
        else
            next.append({JsonTree::humanize(key), key});
    bool same = next.size() == columns().size();
    for (qsizetype i = 0; same && i < next.size(); ++i)
        same = next[i].path == columns()[i].path;
    if (!same)
        setColumns(next);
    setRows(rows);
}

QVariant BillingTableModel::style(const QJsonObject &row, int, int role) const
{
    if (!isFailed(row))
        return {};
    if (role == Qt::BackgroundRole)
        return statusTint(StatusLevel::Fail);
    if (role == Qt::ForegroundRole)
        return statusColor(StatusLevel::Fail);
    return {};
}

} // namespace crosslogic::console
