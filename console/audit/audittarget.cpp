// Which object an audit row is about and the view that holds it.
#include "audit/audittarget.h"

#include <QHash>

namespace crosslogic::console {

QString auditTargetKind(const QString &action)
{
    static const QHash<QString, QString> kinds = {
        {QStringLiteral("api_key"), QStringLiteral("key")},   {QStringLiteral("ratelimit"), QStringLiteral("key")},
        {QStringLiteral("node"), QStringLiteral("node")},     {QStringLiteral("nodes"), QStringLiteral("node")},
        {QStringLiteral("routing"), QStringLiteral("node")},  {QStringLiteral("tenant"), QStringLiteral("tenant")},
        {QStringLiteral("environment"), QStringLiteral("environment")},
        {QStringLiteral("alert"), QStringLiteral("alert")},   {QStringLiteral("alert_rule"), QStringLiteral("alert")},
        {QStringLiteral("redis"), QStringLiteral("redis")},   {QStringLiteral("db"), QStringLiteral("database")},
        {QStringLiteral("billing"), QStringLiteral("billing_event")}, {QStringLiteral("usage"), QStringLiteral("billing_event")},
    };
    // Creations name the parent they were created in (the new object's id is in the answer, not the row).
    static const QHash<QString, QString> created = {{QStringLiteral("api_key.create"), QStringLiteral("environment")},
                                                    {QStringLiteral("environment.create"), QStringLiteral("tenant")}};
    if (const auto it = created.constFind(action); it != created.cend())
        return *it;
    const QString prefix = action.section(QLatin1Char('.'), 0, 0);
    return kinds.value(prefix, prefix);
}

QString viewIdForTarget(const QString &kind)
{
    static const QHash<QString, QString> views = {
        {QStringLiteral("key"), QStringLiteral("keys")},        {QStringLiteral("tenant"), QStringLiteral("keys")},
        {QStringLiteral("environment"), QStringLiteral("keys")}, {QStringLiteral("node"), QStringLiteral("nodes")},
        {QStringLiteral("model"), QStringLiteral("nodes")},     {QStringLiteral("alert"), QStringLiteral("overview")},
        {QStringLiteral("redis"), QStringLiteral("redis")},     {QStringLiteral("database"), QStringLiteral("database")},
        {QStringLiteral("billing_event"), QStringLiteral("billing")},
    };
    return views.value(kind);
}

} // namespace crosslogic::console
