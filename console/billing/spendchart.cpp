// A tenant's spend against each of its budgets (and its prepaid credit) as horizontal percent bars.
#include "billing/spendchart.h"

#include "billing/money.h"
#include "billing/spenddialogs.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalPercentBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace crosslogic::console {

// QChartView(QWidget*) would make a default chart that setChart() only releases, never deletes (LeakSanitizer).
SpendChart::SpendChart(QWidget *parent) : QChartView(new QChart, parent)
{
    setObjectName(QStringLiteral("spendChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    chart()->legend()->setAlignment(Qt::AlignBottom);
}

void SpendChart::setSpend(const QJsonArray &budgets, const QJsonValue &credit)
{
    QChart *c = chart();
    c->removeAllSeries();
    for (QAbstractAxis *axis : c->axes()) {
        c->removeAxis(axis); // the chart only releases a removed axis
        delete axis;
    }
    auto *spent = new QBarSet(tr("Spent"));
    spent->setColor(QColor(0xc6, 0x28, 0x28));
    auto *left = new QBarSet(tr("Remaining"));
    left->setColor(QColor(0x2e, 0x7d, 0x32));
    m_categories.clear();
    QStringList axisCategories; // short, bottom to top; the amounts are in m_categories and the table
    const auto add = [&](const QString &what, qint64 used, qint64 limit) {
        const qint64 rest = std::max<qint64>(0, limit - used);
        const qint64 shown = std::min(used, limit);
        const qint64 percent = limit > 0 ? used * 100 / limit : 0;
        *spent << double(shown);
        *left << double(rest);
        m_categories << tr("%1: %2 of %3 (%4 %)").arg(what, moneyText(used), moneyText(limit)).arg(percent);
        axisCategories << tr("%1 · %2 %").arg(what).arg(percent);
    };
    // Bottom to top in a horizontal bar chart: add the credit first so the budgets read from the top.
    if (credit.isObject()) {
        const QJsonObject cr = credit.toObject();
        add(tr("prepaid credit"), cr.value(QLatin1String("spent_micros")).toInteger(), cr.value(QLatin1String("credited_micros")).toInteger());
    }
    for (qsizetype i = budgets.size() - 1; i >= 0; --i) {
        const QJsonObject b = budgets.at(i).toObject();
        const BudgetScope scope{b.value(QLatin1String("level")).toString(), b.value(QLatin1String("scope_id")).toString(),
                                b.value(QLatin1String("scope_name")).toString()};
        add(tr("%1, %2").arg(scope.label(), periodName(b.value(QLatin1String("period")).toString())),
            b.value(QLatin1String("spent_micros")).toInteger(), b.value(QLatin1String("amount_micros")).toInteger());
    }
    std::reverse(m_categories.begin(), m_categories.end());
    setAccessibleDescription(m_categories.join(QLatin1Char('\n')));
    if (m_categories.isEmpty()) {
        delete spent;
        delete left;
        c->setTitle(tr("No budget and no prepaid credit: only rate limits apply to this tenant"));
        return;
    }
    auto *series = new QHorizontalPercentBarSeries;
    series->append(spent);
    series->append(left);
    c->addSeries(series);
    auto *names = new QBarCategoryAxis;
    names->append(axisCategories);
    auto *share = new QValueAxis;
    share->setRange(0, 100);
    share->setLabelFormat(QStringLiteral("%d"));
    share->setTitleText(tr("share of the limit (%)"));
    c->addAxis(names, Qt::AlignLeft);
    c->addAxis(share, Qt::AlignBottom);
    series->attachAxis(names);
    series->attachAxis(share);
    c->setTitle(tr("Spend this period against each budget"));
}

} // namespace crosslogic::console
