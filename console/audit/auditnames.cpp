// Names of the objects audit rows point at, from the key and node lists.
#include "audit/auditnames.h"

#include "adminclient/adminclient.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace crosslogic::console {

AuditNames::AuditNames(AdminClient *client, QObject *parent) : QObject(parent), m_client(client) {}

void AuditNames::add(const QString &kind, const QString &id, const QString &name)
{
    if (!id.isEmpty() && !name.isEmpty())
        m_names.insert(kind + QLatin1Char(':') + id, name);
}

void AuditNames::refresh()
{
    if (m_outstanding > 0 || (m_age.isValid() && m_age.elapsed() < 60000))
        return;
    m_age.start();
    m_outstanding = 2;
    m_client->get(QStringLiteral("/admin/api-keys"), this, [this](const AdminResponse &r) {
        for (const QJsonValue &v : r.object().value(QLatin1String("data")).toArray()) {
            const QJsonObject k = v.toObject();
            const auto text = [&k](const char *field) { return k.value(QLatin1String(field)).toString(); };
            add(QStringLiteral("key"), text("id"), text("name").isEmpty() ? text("key_prefix") : text("name"));
            add(QStringLiteral("tenant"), text("tenant_id"), text("tenant_name"));
            add(QStringLiteral("environment"), text("environment_id"), text("tenant_name") + QLatin1Char('/') + text("environment_name"));
        }
        if (--m_outstanding == 0)
            emit changed();
    }, QUrlQuery{{QStringLiteral("limit"), QStringLiteral("1000")}});
    m_client->get(QStringLiteral("/admin/nodes"), this, [this](const AdminResponse &r) {
        for (const QJsonValue &v : r.object().value(QLatin1String("nodes")).toArray()) {
            const QJsonObject n = v.toObject();
            add(QStringLiteral("node"), n.value(QLatin1String("id")).toString(), n.value(QLatin1String("cluster_name")).toString());
        }
        if (--m_outstanding == 0)
            emit changed();
    });
}

QString AuditNames::nameOf(const QString &kind, const QString &id) const
{
    return m_names.value(kind + QLatin1Char(':') + id);
}

QString AuditNames::idForName(const QString &name) const
{
    QString found;
    for (auto it = m_names.cbegin(); it != m_names.cend(); ++it) {
        if (it.value().compare(name, Qt::CaseInsensitive) != 0)
            continue;
        const QString id = it.key().section(QLatin1Char(':'), 1);
        if (!found.isEmpty() && found != id)
            return {};
        found = id;
    }
    return found;
}

} // namespace crosslogic::console
