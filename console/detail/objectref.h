// One object the console can open in the detail panel: its kind, id and the name shown for it.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace crosslogic::console {

struct ObjectRef
{
    QString kind; // key, tenant, environment, node or model (a model's id is its name)
    QString id;
    QString name;

    bool isValid() const { return !kind.isEmpty() && !id.isEmpty(); }
    bool operator==(const ObjectRef &o) const { return kind == o.kind && id == o.id; }
    // "Key", "Tenant", ... in the operator's language.
    static QString kindTitle(const QString &kind);
    // The kinds the detail panel opens.
    static bool isOpenable(const QString &kind);
    QString label() const { return kindTitle(kind) + QStringLiteral(" ") + (name.isEmpty() ? id : name); }
};

// The objects a table row of the admin API names, the row's own object first: a key row also names its tenant
// and environment, a node row its model, an alert row its objects.
QList<ObjectRef> rowRefs(const QJsonObject &row);

} // namespace crosslogic::console

Q_DECLARE_METATYPE(crosslogic::console::ObjectRef)
