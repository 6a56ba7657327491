// The objects the command bar can jump to, read from the admin API when it opens: keys (by name or prefix),
// tenants, environments (from the keys), nodes and models (from the nodes).
#include "app/objectindex.h"

#include "adminclient/adminclient.h"

#include <QJsonArray>

namespace crosslogic::console {

ObjectIndex::ObjectIndex(AdminClient *client, QObject *parent) : QObject(parent), m_client(client) {}

void ObjectIndex::add(const Entry &entry)
{
    Entry e = entry;
    e.haystack = (entry.ref.name + QLatin1Char(' ') + entry.ref.id + QLatin1Char(' ') + entry.detail).toLower();
    for (Entry &old : m_entries)
        if (old.ref == e.ref) {
            old = e;
            return;
        }
    m_entries.append(e);
}

void ObjectIndex::addKeys(const QJsonArray &keys)
{
    for (const QJsonValue &v : keys) {
        const QJsonObject k = v.toObject();
        const QString name = k.value(QLatin1String("name")).toString();
        const QString prefix = k.value(QLatin1String("key_prefix")).toString();
        add({{QStringLiteral("key"), k.value(QLatin1String("id")).toString(), name.isEmpty() ? prefix : name + QStringLiteral(" (") + prefix + QLatin1Char(')')},
             tr("%1 · %2 · %3").arg(k.value(QLatin1String("tenant_name")).toString(), k.value(QLatin1String("environment_name")).toString(),
                                     k.value(QLatin1String("valid")).toBool() ? tr("valid") : k.value(QLatin1String("invalid_reason")).toString()),
             {}});
        add({{QStringLiteral("environment"), k.value(QLatin1String("environment_id")).toString(), k.value(QLatin1String("environment_name")).toString()},
             tr("of %1 · %2").arg(k.value(QLatin1String("tenant_name")).toString(), k.value(QLatin1String("environment_status")).toString()), {}});
    }
}

void ObjectIndex::refresh()
{
    if (m_pending > 0)
        return;
    m_pending = 3;
    const auto answered = [this] {
        if (--m_pending == 0)
            m_loaded = true;
        emit changed();
    };
    QUrlQuery all;
    all.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    m_client->get(QStringLiteral("/admin/api-keys"), this, [this, answered](const AdminResponse &r) {
        if (r.ok())
            addKeys(r.object().value(QLatin1String("data")).toArray());
        answered();
    }, all);
    m_client->get(QStringLiteral("/admin/tenants"), this, [this, answered](const AdminResponse &r) {
        for (const QJsonValue &v : r.object().value(QLatin1String("data")).toArray()) {
            const QJsonObject t = v.toObject();
            add({{QStringLiteral("tenant"), t.value(QLatin1String("id")).toString(), t.value(QLatin1String("name")).toString()},
                 tr("%1 · %2").arg(t.value(QLatin1String("email")).toString(), t.value(QLatin1String("status")).toString()), {}});
        }
        answered();
    }, all);
    m_client->get(QStringLiteral("/admin/nodes"), this, [this, answered](const AdminResponse &r) {
        for (const QJsonValue &v : r.object().value(QLatin1String("nodes")).toArray()) {
            const QJsonObject n = v.toObject();
            const QString model = n.value(QLatin1String("model_name")).toString();
            add({{QStringLiteral("node"), n.value(QLatin1String("id")).toString(), n.value(QLatin1String("cluster_name")).toString()},
                 tr("%1 · %2").arg(model, n.value(QLatin1String("status")).toString()), {}});
            if (!model.isEmpty())
                add({{QStringLiteral("model"), model, model}, tr("served by nodes"), {}});
        }
        answered();
    });
}

void ObjectIndex::lookUpPrefix(const QString &prefix)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("prefix"), prefix.left(12));
    m_client->get(QStringLiteral("/admin/api-keys"), this, [this](const AdminResponse &r) {
        if (!r.ok())
            return;
        addKeys(r.object().value(QLatin1String("data")).toArray());
        emit changed();
    }, query);
}

QList<ObjectIndex::Entry> ObjectIndex::match(const QString &query, int max) const
{
    const QStringList words = query.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QList<Entry> first, rest;
    for (const Entry &e : m_entries) {
        bool all = true;
        for (const QString &w : words)
            all = all && e.haystack.contains(w);
        if (!all)
            continue;
        (!words.isEmpty() && e.ref.name.toLower().startsWith(words.first()) ? first : rest).append(e);
    }
    first.append(rest);
    return first.mid(0, max);
}

} // namespace crosslogic::console
