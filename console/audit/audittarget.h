// Which object an audit row is about: its kind from the action (api_key.revoke -> key) and the target id, and the
// console view that holds objects of that kind.
#pragma once

#include <QJsonObject>
#include <QString>

namespace crosslogic::console {

// "key", "tenant", "environment", "node", "alert", "redis", "database", …; the action's prefix when unknown.
QString auditTargetKind(const QString &action);
// The viewId of the view that shows kind's objects ("keys", "nodes", …); empty when none does.
QString viewIdForTarget(const QString &kind);

} // namespace crosslogic::console
