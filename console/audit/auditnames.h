// Names of the objects audit rows point at, so the log reads "gpu-east-1" instead of a UUID: keys, their tenants and
// environments (GET /admin/api-keys) and nodes (GET /admin/nodes), reloaded at most once a minute.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

namespace crosslogic {
class AdminClient;
}

namespace crosslogic::console {

class AuditNames : public QObject
{
    Q_OBJECT
public:
    AuditNames(AdminClient *client, QObject *parent = nullptr);

    // Loads again unless the last load is younger than a minute.
    void refresh();
    // The object's name for a row's kind and target ("" when unknown).
    QString nameOf(const QString &kind, const QString &id) const;
    // The id of the one object with this name (any kind, case-insensitive); "" when none or several.
    QString idForName(const QString &name) const;

signals:
    void changed();

private:
    void add(const QString &kind, const QString &id, const QString &name);

    AdminClient *m_client;
    QHash<QString, QString> m_names; // "kind:id" -> name
    QElapsedTimer m_age;
    int m_outstanding = 0;
};

} // namespace crosslogic::console
