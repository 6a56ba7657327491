// Long-running queries (GET /admin/db/long-queries): pid, duration, state, application, query text.
#pragma once

#include "common/jsontablemodel.h"

namespace crosslogic::console {

class LongQueryModel : public JsonTableModel
{
    Q_OBJECT
public:
    explicit LongQueryModel(QObject *parent = nullptr);

protected:
    QVariant style(const QJsonObject &row, int column, int role) const override;
};

} // namespace crosslogic::console
