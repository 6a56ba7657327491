// One object the console can open in the detail panel: its kind, id and the name shown for it.
#include "detail/objectref.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace crosslogic::console {

QString ObjectRef::kindTitle(const QString &kind)
{
    if (kind == QLatin1String("key"))
        return QCoreApplication::translate("ObjectRef", "Key");
    if (kind == QLatin1String("tenant"))
        return QCoreApplication::translate("ObjectRef", "Tenant");
    if (kind == QLatin1String("environment"))
        return QCoreApplication::translate("ObjectRef", "Environment");
    if (kind == QLatin1String("node"))
        return QCoreApplication::translate("ObjectRef", "Node");
    if (kind == QLatin1String("model"))
        return QCoreApplication::translate("ObjectRef", "Model");
    return kind;
}

bool ObjectRef::isOpenable(const QString &kind)
{
    return kind == QLatin1String("key") || kind == QLatin1String("tenant") || kind == QLatin1String("environment")
        || kind == QLatin1String("node") || kind == QLatin1String("model");
}

namespace {
QString str(const QJsonObject &row, const char *field)
{
    const QJsonValue v = row.value(QLatin1String(field));
    return v.isString() ? v.toString() : QString();
}
} // namespace

QList<ObjectRef> rowRefs(const QJsonObject &row)
{
    QList<ObjectRef> refs;
    const auto add = [&refs](const QString &kind, const QString &id, const QString &name) {
        const ObjectRef ref{kind, id, name};
        if (ref.isValid() && !refs.contains(ref))
            refs.append(ref);
    };
    const QString id = str(row, "id");
    if (row.contains(QLatin1String("key_prefix")))
        add(QStringLiteral("key"), id, str(row, "name").isEmpty() ? str(row, "key_prefix") : str(row, "name") + QStringLiteral(" (") + str(row, "key_prefix") + QStringLiteral(")"));
    else if (row.contains(QLatin1String("cluster_name")))
        add(QStringLiteral("node"), id, str(row, "cluster_name"));
    for (const QJsonValue &v : row.value(QLatin1String("objects")).toArray()) {
        const QJsonObject o = v.toObject();
        if (ObjectRef::isOpenable(str(o, "kind")))
            add(str(o, "kind"), str(o, "id"), str(o, "name"));
    }
    // An audit row: the action's object kind names its target (api_key.revoke → the key).
    static const QList<QPair<QString, QString>> actionKinds = {{QStringLiteral("api_key."), QStringLiteral("key")},
        {QStringLiteral("tenant."), QStringLiteral("tenant")}, {QStringLiteral("environment."), QStringLiteral("environment")},
        {QStringLiteral("node."), QStringLiteral("node")}};
    for (const auto &[prefix, kind] : actionKinds)
        if (str(row, "action").startsWith(prefix) && str(row, "target").size() == 36) // a UUID, not "nodes" (drain-stale)
            add(kind, str(row, "target"), str(row, "target_name"));
    add(QStringLiteral("key"), str(row, "api_key_id"), str(row, "key_name").isEmpty() ? str(row, "key_prefix") : str(row, "key_name"));
    add(QStringLiteral("tenant"), str(row, "tenant_id"), str(row, "tenant_name"));
    add(QStringLiteral("environment"), str(row, "environment_id"), str(row, "environment_name"));
    add(QStringLiteral("model"), str(row, "model_name"), str(row, "model_name"));
    add(QStringLiteral("model"), str(row, "model"), str(row, "model"));
    return refs;
}

} // namespace crosslogic::console
