// A key's page: what the gateway answers it, its tenant and environment (linked), limits with live use, its last
// minute at the gateway, its budgets and spend, and the alerts about it; revoke/activate, clearing its auth cache
// and setting or raising its budget.
#include "adminclient/adminresponse.h"
#include "detail/detailformat.h"
#include "detail/detailloader.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace crosslogic::console {
using namespace detail;

namespace {
void showKey(DetailLoader *l, const QJsonObject &key)
{
    const QString id = l->ref().id;
    const QString prefix = str(key, "key_prefix");
    const QString name = str(key, "name");
    l->setTitle(QCoreApplication::translate("KeyDetail", "Key %1").arg(name.isEmpty() ? prefix : name + QStringLiteral(" · ") + prefix));
    const QString status = str(key, "status");
    l->setSection(DetailLoader::Main, {QCoreApplication::translate("KeyDetail", "Key"), {
        {QCoreApplication::translate("KeyDetail", "Name"), name},
        {QCoreApplication::translate("KeyDetail", "Prefix"), prefix},
        {QCoreApplication::translate("KeyDetail", "Id"), id, {}, id},
        {QCoreApplication::translate("KeyDetail", "Status"), status, {}, {}, statusLevel(status)},
        {QCoreApplication::translate("KeyDetail", "Expires"), timeText(key.value(QLatin1String("expires_at")), QCoreApplication::translate("KeyDetail", "never"))},
        {QCoreApplication::translate("KeyDetail", "Last used"), timeText(key.value(QLatin1String("last_used_at")), QCoreApplication::translate("KeyDetail", "never"))},
        {QCoreApplication::translate("KeyDetail", "Created"), timeText(key.value(QLatin1String("created_at")), QString())},
    }});

    const QJsonObject answer = key.value(QLatin1String("gateway_answer")).toObject();
    const int code = answer.value(QLatin1String("status")).toInt();
    DetailSection gateway{QCoreApplication::translate("KeyDetail", "What the gateway answers now"), {}};
    gateway.rows.append({QCoreApplication::translate("KeyDetail", "Answer"),
                         code == 200 ? QCoreApplication::translate("KeyDetail", "200 — key accepted (rate limits apply)")
                                     : QStringLiteral("%1 %2").arg(code).arg(str(answer, "code")),
                         {}, {}, code == 200 ? StatusLevel::Ok : StatusLevel::Fail});
    if (code != 200)
        gateway.rows.append({QCoreApplication::translate("KeyDetail", "Message"), str(answer, "message")});
    if (!str(answer, "reason").isEmpty())
        gateway.rows.append({QCoreApplication::translate("KeyDetail", "Reason"), str(answer, "reason"), {}, {}, StatusLevel::Fail});
    // gateway_answer is the answer before rate limits; the last minute says whether the limits refuse it now.
    const QJsonObject recent = key.value(QLatin1String("recent")).toObject();
    const double limited = recent.value(QLatin1String("429")).toDouble();
    if (code == 200 && limited > 0)
        gateway.rows.append({QCoreApplication::translate("KeyDetail", "Rate limited"),
                             QCoreApplication::translate("KeyDetail", "429 for %1 of its %2 requests in the last %3 s")
                                 .arg(number(limited), number(recent.value(QLatin1String("requests")).toDouble()))
                                 .arg(recent.value(QLatin1String("window_seconds")).toInt()),
                             {}, {}, StatusLevel::Fail});
    l->setSection(DetailLoader::Gateway, gateway);

    if (!recent.isEmpty()) {
        const double requests = recent.value(QLatin1String("requests")).toDouble();
        DetailSection section{QCoreApplication::translate("KeyDetail", "Last %1 s at the gateway").arg(recent.value(QLatin1String("window_seconds")).toInt()), {}};
        section.rows.append({QCoreApplication::translate("KeyDetail", "Requests"), number(requests)});
        for (const char *refused : {"429", "401", "403"}) {
            const double n = recent.value(QLatin1String(refused)).toDouble();
            section.rows.append({QCoreApplication::translate("KeyDetail", "Answered %1").arg(QLatin1String(refused)), number(n), {}, {},
                                 n > 0 ? StatusLevel::Fail : StatusLevel::Ok});
        }
        l->setSection(DetailLoader::Recent, section);
    }

    const ObjectRef tenant{QStringLiteral("tenant"), str(key, "tenant_id"), str(key, "tenant_name")};
    const ObjectRef environment{QStringLiteral("environment"), str(key, "environment_id"), str(key, "environment_name")};
    const QString tenantStatus = str(key, "tenant_status");
    DetailSection related{QCoreApplication::translate("KeyDetail", "Belongs to"), {
        {QCoreApplication::translate("KeyDetail", "Tenant"), QStringLiteral("%1 — %2").arg(tenant.name, tenantStatus), tenant, {}, statusLevel(tenantStatus)},
    }};
    if (!str(key, "tenant_status_reason").isEmpty())
        related.rows.append({QCoreApplication::translate("KeyDetail", "Tenant status reason"), str(key, "tenant_status_reason"), {}, {}, StatusLevel::Fail});
    const QString envStatus = str(key, "environment_status");
    related.rows.append({QCoreApplication::translate("KeyDetail", "Environment"), QStringLiteral("%1 — %2").arg(environment.name, envStatus), environment, {}, statusLevel(envStatus)});
    l->setSection(DetailLoader::Related, related);

    const bool active = status == QLatin1String("active");
    const QString label = prefix;
    QList<DetailAction> actions;
    if (active)
        actions.append({QCoreApplication::translate("KeyDetail", "&Revoke key"), "keys",
                        {QCoreApplication::translate("KeyDetail", "Revoke key %1").arg(label), QCoreApplication::translate("KeyDetail", "Requests with this key are rejected with 401 at once, on every replica."), "POST",
                         QStringLiteral("/admin/api-keys/%1/revoke").arg(id)}});
    else
        actions.append({QCoreApplication::translate("KeyDetail", "Ac&tivate key"), "keys",
                        {QCoreApplication::translate("KeyDetail", "Activate key %1").arg(label), QCoreApplication::translate("KeyDetail", "Accepts the key again (runbook §1.1)."), "POST",
                         QStringLiteral("/admin/api-keys/%1/activate").arg(id)}});
    actions.append({QCoreApplication::translate("KeyDetail", "Clear auth &cache"), "keys",
                    {QCoreApplication::translate("KeyDetail", "Clear auth cache of %1").arg(label), QCoreApplication::translate("KeyDetail", "Drops the cached validation everywhere; the next request re-validates."),
                     "DELETE", QStringLiteral("/admin/api-keys/%1/cache").arg(id)}});
    l->setActions(actions);
    // After setActions: the spend section appends its budget action to these.
    loadSpendDetail(l, QStringLiteral("key"), name.isEmpty() ? prefix : name, tenant.id,
                    {{QStringLiteral("key"), id}, {QStringLiteral("environment"), environment.id}, {QStringLiteral("tenant"), tenant.id}});
    l->loadAlertsAbout({l->ref(), tenant, environment});
}

void showLimits(DetailLoader *l, const QJsonObject &counters)
{
    const QJsonObject limits = counters.value(QLatin1String("limits")).toObject();
    const QJsonObject current = counters.value(QLatin1String("current")).toObject();
    const auto used = [&current](const char *window, const char *minute) {
        return current.contains(QLatin1String(window)) ? current.value(QLatin1String(window)).toDouble() : current.value(QLatin1String(minute)).toDouble();
    };
    DetailSection section{QCoreApplication::translate("KeyDetail", "Limits and live use"), {}};
    StatusLevel level;
    QString text = usageText(used("window_requests", "requests"), limits.value(QLatin1String("requests_per_min")), &level);
    section.rows.append({QCoreApplication::translate("KeyDetail", "Requests per minute"), text, {}, {}, level});
    text = usageText(used("window_tokens", "tokens"), limits.value(QLatin1String("tokens_per_min")), &level);
    section.rows.append({QCoreApplication::translate("KeyDetail", "Tokens per minute"), text, {}, {}, level});
    text = usageText(current.value(QLatin1String("concurrency")).toDouble(), limits.value(QLatin1String("concurrency")), &level);
    section.rows.append({QCoreApplication::translate("KeyDetail", "Concurrent requests"), text, {}, {}, level});
    section.rows.append({QCoreApplication::translate("KeyDetail", "Minute resets in"), QCoreApplication::translate("KeyDetail", "%1 s").arg(number(counters.value(QLatin1String("reset_in_ms")).toDouble() / 1000.0, 1))});
    l->setSection(DetailLoader::Limits, section);
}
} // namespace

void loadKeyDetail(DetailLoader *l)
{
    const QString id = l->ref().id;
    l->get(QStringLiteral("/admin/api-keys/%1").arg(id), [l](const AdminResponse &r) {
        if (r.ok())
            showKey(l, r.object());
        else
            l->setError(DetailLoader::Main, QCoreApplication::translate("KeyDetail", "Key"), r);
    });
    l->get(QStringLiteral("/admin/ratelimits/key/%1").arg(id), [l](const AdminResponse &r) {
        if (r.ok())
            showLimits(l, r.object());
        else
            l->setError(DetailLoader::Limits, QCoreApplication::translate("KeyDetail", "Limits and live use"), r);
    });
}

} // namespace crosslogic::console
