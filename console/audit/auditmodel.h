// The audit log (GET /admin/audit, newest first): who did what to which target, dry runs and errors marked.
#pragma once

#include "common/jsontablemodel.h"

namespace crosslogic::console {

class AuditModel : public JsonTableModel
{
    Q_OBJECT
public:
    explicit AuditModel(QObject *parent = nullptr);

protected:
    QVariant style(const QJsonObject &row, int column, int role) const override;
};

} // namespace crosslogic::console
