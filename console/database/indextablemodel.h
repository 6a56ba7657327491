// The expected indexes of the hot tables (GET /admin/db/indexes) with their state; missing or invalid in red.
#pragma once

#include "common/jsontablemodel.h"

namespace crosslogic::console {

class IndexTableModel : public JsonTableModel
{
    Q_OBJECT
public:
    explicit IndexTableModel(QObject *parent = nullptr);

protected:
    QVariant style(const QJsonObject &row, int column, int role) const override;
};

} // namespace crosslogic::console
