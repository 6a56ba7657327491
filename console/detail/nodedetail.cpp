// A node's page (status, health score and its last hour, the gateway's breaker and failures, its model linked,
// the alerts about it; drain) and a model's (its nodes, routing strategy, alerts).
#include "adminclient/adminresponse.h"
#include "detail/detailformat.h"
#include "detail/detailloader.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace crosslogic::console {
using namespace detail;

namespace {
// Health scores as a one-line sparkline of block characters; a gap (no sample) as a space.
QString sparkline(const QList<double> &scores)
{
    static const QString blocks = QStringLiteral("▁▂▃▄▅▆▇█");
    QString line;
    for (double s : scores)
        line += s < 0 ? QChar(u' ') : blocks.at(std::clamp(int(s / 100.0 * 7.999), 0, 7));
    return line;
}

void showHealthHistory(DetailLoader *l, const QJsonObject &history)
{
    const QString id = l->ref().id;
    QList<double> scores;
    double low = 101, high = -1;
    for (const QJsonValue &v : history.value(QLatin1String("points")).toArray()) {
        const QJsonValue node = v.toObject().value(QLatin1String("nodes")).toObject().value(id);
        const double s = node.isObject() ? node.toObject().value(QLatin1String("health")).toDouble(-1) : -1;
        scores.append(s);
        if (s >= 0) {
            low = std::min(low, s);
            high = std::max(high, s);
        }
    }
    DetailSection section{QCoreApplication::translate("NodeDetail", "Health, last hour"), {}};
    if (high < 0) {
        section.rows.append({QCoreApplication::translate("NodeDetail", "History"), QCoreApplication::translate("NodeDetail", "no samples yet")});
    } else {
        // At most 60 characters: one per minute of the hour.
        QList<double> perMinute;
        const qsizetype step = std::max<qsizetype>(1, scores.size() / 60);
        for (qsizetype i = 0; i < scores.size(); i += step)
            perMinute.append(*std::min_element(scores.begin() + i, scores.begin() + std::min(scores.size(), i + step)));
        section.rows.append({QCoreApplication::translate("NodeDetail", "History"), sparkline(perMinute)});
        section.rows.append({QCoreApplication::translate("NodeDetail", "Lowest / highest"), QStringLiteral("%1 / %2").arg(number(low, 1), number(high, 1)), {}, {},
                             low < 50 ? StatusLevel::Fail : low < 80 ? StatusLevel::Warn : StatusLevel::Ok});
    }
    l->setSection(DetailLoader::Health, section);
}

void showNode(DetailLoader *l, const QJsonObject &n)
{
    const QString id = l->ref().id;
    const QString name = str(n, "cluster_name");
    const QString status = str(n, "status");
    const double health = n.value(QLatin1String("health_score")).toDouble();
    const bool stale = n.value(QLatin1String("stale")).toBool();
    l->setTitle(QCoreApplication::translate("NodeDetail", "Node %1").arg(name));
    DetailSection main{QCoreApplication::translate("NodeDetail", "Node"), {
        {QCoreApplication::translate("NodeDetail", "Name"), name},
        {QCoreApplication::translate("NodeDetail", "Id"), id, {}, id},
        {QCoreApplication::translate("NodeDetail", "Status"), status, {}, {}, statusLevel(status)},
        {QCoreApplication::translate("NodeDetail", "Health score"), number(health, 1), {}, {}, health < 50 ? StatusLevel::Fail : health < 80 ? StatusLevel::Warn : StatusLevel::Ok},
        {QCoreApplication::translate("NodeDetail", "Last heartbeat"), timeText(n.value(QLatin1String("last_heartbeat_at")), QCoreApplication::translate("NodeDetail", "never")) +
                                                                       (stale ? QCoreApplication::translate("NodeDetail", " — stale") : QString()),
         {}, {}, stale ? StatusLevel::Fail : StatusLevel::Ok},
        {QCoreApplication::translate("NodeDetail", "Where"), QStringLiteral("%1 · %2 · %3").arg(str(n, "provider"), str(n, "region"), str(n, "instance_type"))},
        {QCoreApplication::translate("NodeDetail", "Endpoint"), str(n, "endpoint_url")},
    }};
    l->setSection(DetailLoader::Main, main);

    const QJsonObject routing = n.value(QLatin1String("routing")).toObject();
    DetailSection errors{QCoreApplication::translate("NodeDetail", "Gateway's view and recent errors"), {}};
    if (!str(n, "status_message").isEmpty())
        errors.rows.append({QCoreApplication::translate("NodeDetail", "Status message"), str(n, "status_message"), {}, {}, StatusLevel::Warn});
    if (routing.isEmpty()) {
        errors.rows.append({QCoreApplication::translate("NodeDetail", "Circuit breaker"), QCoreApplication::translate("NodeDetail", "not routed (only active nodes are)")});
    } else {
        const QString breaker = str(routing, "circuit_breaker");
        errors.rows.append({QCoreApplication::translate("NodeDetail", "Circuit breaker"), breaker, {}, {},
                            breaker == QLatin1String("closed") ? StatusLevel::Ok : breaker == QLatin1String("half_open") ? StatusLevel::Warn : StatusLevel::Fail});
        const double failures = routing.value(QLatin1String("failures")).toDouble();
        errors.rows.append({QCoreApplication::translate("NodeDetail", "Failures / requests"),
                            QStringLiteral("%1 / %2").arg(number(failures), number(routing.value(QLatin1String("requests")).toDouble())), {}, {},
                            failures > 0 ? StatusLevel::Warn : StatusLevel::Ok});
        errors.rows.append({QCoreApplication::translate("NodeDetail", "Consecutive failures"), number(routing.value(QLatin1String("consecutive_failures")).toDouble())});
        errors.rows.append({QCoreApplication::translate("NodeDetail", "Effective health"), number(routing.value(QLatin1String("effective_health")).toDouble(), 1)});
        errors.rows.append({QCoreApplication::translate("NodeDetail", "Routing strategy"), str(routing, "strategy")});
    }
    l->setSection(DetailLoader::Recent, errors);

    const ObjectRef model{QStringLiteral("model"), str(n, "model_name"), str(n, "model_name")};
    l->setSection(DetailLoader::Related, {QCoreApplication::translate("NodeDetail", "Serves"), {{QCoreApplication::translate("NodeDetail", "Model"), model.name, model}}});
    if (status == QLatin1String("active"))
        l->setActions({{QCoreApplication::translate("NodeDetail", "&Drain node"), "nodes",
                        {QCoreApplication::translate("NodeDetail", "Drain node %1").arg(name),
                         QCoreApplication::translate("NodeDetail", "Stops routing new requests to the node; in-flight requests finish."), "POST",
                         QStringLiteral("/admin/nodes/%1/drain").arg(id)}}});
    l->loadAlertsAbout({l->ref(), model});
}
} // namespace

void loadNodeDetail(DetailLoader *l)
{
    l->get(QStringLiteral("/admin/nodes/%1").arg(l->ref().id), [l](const AdminResponse &r) {
        if (r.ok())
            showNode(l, r.object());
        else
            l->setError(DetailLoader::Main, QCoreApplication::translate("NodeDetail", "Node"), r);
    });
    QUrlQuery range;
    range.addQueryItem(QStringLiteral("range"), QStringLiteral("1h"));
    l->get(QStringLiteral("/admin/metrics/history"), [l](const AdminResponse &r) {
        if (r.ok())
            showHealthHistory(l, r.object());
        else
            l->setError(DetailLoader::Health, QCoreApplication::translate("NodeDetail", "Health, last hour"), r);
    }, range);
}

void loadModelDetail(DetailLoader *l)
{
    const QString model = l->ref().id;
    l->setTitle(QCoreApplication::translate("NodeDetail", "Model %1").arg(model));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("model"), model);
    l->get(QStringLiteral("/admin/nodes"), [l, model](const AdminResponse &r) {
        if (!r.ok()) {
            l->setError(DetailLoader::Children, QCoreApplication::translate("NodeDetail", "Nodes"), r);
            return;
        }
        const QJsonArray nodes = r.object().value(QLatin1String("nodes")).toArray();
        int routable = 0;
        DetailSection section{QCoreApplication::translate("NodeDetail", "Nodes (%1)").arg(nodes.size()), {}};
        for (const QJsonValue &v : nodes) {
            const QJsonObject n = v.toObject();
            const QString status = str(n, "status");
            const bool stale = n.value(QLatin1String("stale")).toBool();
            routable += status == QLatin1String("active") && !stale;
            section.rows.append({str(n, "cluster_name"),
                                 QCoreApplication::translate("NodeDetail", "%1, health %2%3").arg(status, number(n.value(QLatin1String("health_score")).toDouble(), 1),
                                                                                               stale ? QCoreApplication::translate("NodeDetail", ", stale") : QString()),
                                 {QStringLiteral("node"), str(n, "id"), str(n, "cluster_name")}, {}, stale ? StatusLevel::Fail : statusLevel(status)});
        }
        l->setSection(DetailLoader::Children, section);
        l->setSection(DetailLoader::Main, {QCoreApplication::translate("NodeDetail", "Model"), {
            {QCoreApplication::translate("NodeDetail", "Name"), model, {}, model},
            {QCoreApplication::translate("NodeDetail", "Routable nodes"), number(routable), {}, {}, routable == 0 ? StatusLevel::Fail : routable == 1 ? StatusLevel::Warn : StatusLevel::Ok},
        }});
    }, query);
    l->loadAlertsAbout({l->ref()});
}

} // namespace crosslogic::console
