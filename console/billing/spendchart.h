// A tenant's spend against each of its budgets (and its prepaid credit) as horizontal bars: the spent share of the
// limit in red, the rest in green, each labelled with what it is and the share used.
#pragma once

#include <QChartView>
#include <QJsonArray>
#include <QJsonObject>

namespace crosslogic::console {

class SpendChart : public QChartView
{
    Q_OBJECT
public:
    explicit SpendChart(QWidget *parent = nullptr);
    // budgets: GET /admin/tenants/{id}/spend's budgets, each with a "scope_name"; credit: its credit (null: postpaid).
    void setSpend(const QJsonArray &budgets, const QJsonValue &credit);
    // Each bar as "what: spent of limit (share)", top to bottom (tests; the chart's accessible description).
    QStringList categories() const { return m_categories; }

private:
    QStringList m_categories;
};

} // namespace crosslogic::console
