// The objects the command bar can jump to, read from the admin API when it opens: keys (by name or prefix),
// tenants, environments (from the keys), nodes and models (from the nodes).
#pragma once

#include "detail/objectref.h"

#include <QObject>

namespace crosslogic {
class AdminClient;
}

namespace crosslogic::console {

class ObjectIndex : public QObject
{
    Q_OBJECT
public:
    struct Entry
    {
        ObjectRef ref;
        QString detail; // "acme · active"
        QString haystack; // lower-case text searched
    };

    ObjectIndex(AdminClient *client, QObject *parent = nullptr);
    // Reads everything again; changed() after each answer.
    void refresh();
    // A key prefix (clsk_…) that may be beyond the listed keys: asked for on its own.
    void lookUpPrefix(const QString &prefix);
    // Entries whose name, prefix or id contains every word of query, names starting with it first.
    QList<Entry> match(const QString &query, int max = 30) const;
    bool isLoaded() const { return m_pending == 0 && m_loaded; }

signals:
    void changed();

private:
    void add(const Entry &entry);
    void addKeys(const QJsonArray &keys);

    AdminClient *m_client;
    QList<Entry> m_entries;
    int m_pending = 0;
    bool m_loaded = false;
};

} // namespace crosslogic::console
