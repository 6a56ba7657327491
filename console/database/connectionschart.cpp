// Database connections by state (GET /admin/db/connections) as a bar chart, with the pool usage in its title.
#include "database/connectionschart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QJsonArray>
#include <QMap>
#include <QValueAxis>

namespace crosslogic::console {

// QChartView(QWidget*) would make a default chart that setChart() only releases, never deletes (LeakSanitizer).
ConnectionsChart::ConnectionsChart(QWidget *parent) : QChartView(new QChart, parent)
{
    chart()->legend()->hide();
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
}

void ConnectionsChart::setConnections(const QJsonObject &answer)
{
    QMap<QString, int> byState;
    for (const QJsonValue &v : answer.value(QLatin1String("groups")).toArray()) {
        const QJsonObject g = v.toObject();
        const QString state = g.value(QLatin1String("state")).isString() ? g.value(QLatin1String("state")).toString() : tr("(background)");
        byState[state] += g.value(QLatin1String("connections")).toInt();
    }
    QChart *c = chart();
    c->removeAllSeries();
    for (QAbstractAxis *axis : c->axes()) {
        c->removeAxis(axis); // the chart only releases a removed axis
        delete axis;
    }
    auto *set = new QBarSet(tr("Connections"));
    set->setColor(QColor(0x15, 0x65, 0xc0));
    set->setLabelColor(Qt::black);
    QStringList categories;
    int top = 1;
    for (auto it = byState.cbegin(); it != byState.cend(); ++it) {
        categories << it.key();
        *set << it.value();
        top = std::max(top, it.value());
    }
    auto *series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    c->addSeries(series);
    auto *states = new QBarCategoryAxis;
    states->append(categories);
    auto *count = new QValueAxis;
    count->setRange(0, top + 1);
    count->setLabelFormat(QStringLiteral("%d"));
    count->setTickCount(std::min(top + 2, 11));
    c->addAxis(states, Qt::AlignLeft);
    c->addAxis(count, Qt::AlignBottom);
    series->attachAxis(states);
    series->attachAxis(count);
    const QJsonObject pool = answer.value(QLatin1String("pool")).toObject();
    c->setTitle(tr("%1 of %2 connections in use by state · daemon pool: %3 busy of %4, %5 queued")
                    .arg(answer.value(QLatin1String("total")).toInt())
                    .arg(answer.value(QLatin1String("max_connections")).toInt())
                    .arg(pool.value(QLatin1String("busy")).toInt())
                    .arg(pool.value(QLatin1String("size")).toInt())
                    .arg(pool.value(QLatin1String("queued")).toInt()));
}

} // namespace crosslogic::console
