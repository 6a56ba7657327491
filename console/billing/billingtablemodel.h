// Usage records or billing events as a table whose columns come from the answer (the shapes are still settling);
// failed billing events are highlighted.
#pragma once

#include "common/jsontablemodel.h"

namespace crosslogic::console {

class BillingTableModel : public JsonTableModel
{
    Q_OBJECT
public:
    explicit BillingTableModel(QObject *parent = nullptr);
    // Picks columns from the first rows (scalar fields, preferred ones first) and shows the rows.
    void showRows(const QJsonArray &rows);
    static bool isFailed(const QJsonObject &row);

protected:
    QVariant style(const QJsonObject &row, int column, int role) const override;
};

} // namespace crosslogic::console
