// Health score of the selected node from the daemon's metrics history, with threshold and the node's alerts.
#include "nodes/healthchart.h"

namespace crosslogic::console {

namespace {
// Alerts about this node, or about its model (e.g. model_without_node).
QJsonArray alertsAbout(const QJsonArray &alerts, const QString &nodeId, const QString &model)
{
    QJsonArray out;
    for (const QJsonValue &v : alerts) {
        for (const QJsonValue &o : v.toObject().value(QLatin1String("objects")).toArray()) {
            const QJsonObject object = o.toObject();
            const QString kind = object.value(QLatin1String("kind")).toString();
            const QString id = object.value(QLatin1String("id")).toString();
            if ((kind == QLatin1String("node") && id == nodeId)
                || (kind == QLatin1String("model") && !model.isEmpty() && (id == model || object.value(QLatin1String("name")).toString() == model))) {
                out.append(v);
                break;
            }
        }
    }
    return out;
}
} // namespace

HealthChart::HealthChart(QWidget *parent) : HistoryChart(tr("Health score"), tr("score"), {}, parent)
{
    setObjectName(QStringLiteral("healthChart"));
    setLeftMaximum(100); // a score
}

void HealthChart::plot(const HistorySnapshot &s, const QString &nodeId, const QString &nodeName, const QString &model)
{
    begin(s);
    if (nodeId.isEmpty()) {
        chart()->setTitle(tr("Select a node to see its health score"));
        finish();
        return;
    }
    chart()->setTitle(tr("Health score of %1").arg(nodeName));
    setAccessibleName(tr("Health score of %1").arg(nodeName));
    addSeries(QStringLiteral("health"), tr("Health score"),
              s.segments([nodeId](const QJsonObject &p) {
                  return historyNumber(p.value(QLatin1String("nodes")).toObject().value(nodeId).toObject(), QStringLiteral("health"));
              }),
              QColor(0x2e, 0x7d, 0x32));
    if (const auto low = s.ruleParameter(QStringLiteral("node_health_low"), QStringLiteral("threshold")))
        addThreshold(QStringLiteral("node_health_low"), tr("Low health alert"), *low, Axis::Left, true);
    addAlertMarkers(alertsAbout(s.alerts, nodeId, model));
    finish();
}

} // namespace crosslogic::console
