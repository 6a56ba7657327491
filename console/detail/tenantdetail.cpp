// A tenant's page (status with its reason, environments, keys) and an environment's (its tenant and keys), with
// suspend/activate and disable/activate; both with their budgets and spend, and the tenant's prepaid credit.
#include "adminclient/adminresponse.h"
#include "billing/spenddialogs.h"
#include "detail/detailformat.h"
#include "detail/detailloader.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace crosslogic::console {
using namespace detail;

namespace {

// The keys section of a tenant or environment: GET /admin/api-keys?<filter>=<id>.
void loadKeysOf(DetailLoader *l, const char *filter)
{
    QUrlQuery query;
    query.addQueryItem(QLatin1String(filter), l->ref().id);
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("200"));
    l->get(QStringLiteral("/admin/api-keys"), [l](const AdminResponse &r) {
        if (!r.ok()) {
            l->setError(DetailLoader::Children, QCoreApplication::translate("TenantDetail", "Keys"), r);
            return;
        }
        const QJsonArray keys = r.object().value(QLatin1String("data")).toArray();
        DetailSection section{QCoreApplication::translate("TenantDetail", "Keys (%1)").arg(keys.size()), {}};
        for (const QJsonValue &v : keys) {
            const QJsonObject k = v.toObject();
            const QString name = str(k, "name").isEmpty() ? str(k, "key_prefix") : str(k, "name");
            const bool valid = k.value(QLatin1String("valid")).toBool();
            section.rows.append({str(k, "key_prefix"),
                                 QStringLiteral("%1 — %2").arg(name, valid ? QCoreApplication::translate("TenantDetail", "valid") : str(k, "invalid_reason")),
                                 {QStringLiteral("key"), str(k, "id"), name}, {}, valid ? StatusLevel::Ok : StatusLevel::Fail});
        }
        l->setSection(DetailLoader::Children, section);
    }, query);
}

DetailAction statusAction(const QString &text, const QString &title, const QString &description, const QString &path)
{
    return {text, "tenants", {title, description, "POST", path}};
}
} // namespace

void loadTenantDetail(DetailLoader *l)
{
    const QString id = l->ref().id;
    l->get(QStringLiteral("/admin/tenants/%1").arg(id), [l, id](const AdminResponse &r) {
        if (!r.ok()) {
            l->setError(DetailLoader::Main, QCoreApplication::translate("TenantDetail", "Tenant"), r);
            return;
        }
        const QJsonObject t = r.object();
        const QString name = str(t, "name");
        const QString status = str(t, "status");
        l->setTitle(QCoreApplication::translate("TenantDetail", "Tenant %1").arg(name));
        DetailSection main{QCoreApplication::translate("TenantDetail", "Tenant"), {
            {QCoreApplication::translate("TenantDetail", "Name"), name},
            {QCoreApplication::translate("TenantDetail", "Id"), id, {}, id},
            {QCoreApplication::translate("TenantDetail", "Email"), str(t, "email")},
            {QCoreApplication::translate("TenantDetail", "Status"), status, {}, {}, statusLevel(status)},
        }};
        if (!str(t, "status_reason").isEmpty())
            main.rows.append({QCoreApplication::translate("TenantDetail", "Status reason"), str(t, "status_reason"), {}, {}, StatusLevel::Fail});
        main.rows.append({QCoreApplication::translate("TenantDetail", "Created"), timeText(t.value(QLatin1String("created_at")), QString())});
        l->setSection(DetailLoader::Main, main);
        QList<DetailAction> actions;
        if (status == QLatin1String("active"))
            actions.append({statusAction(QCoreApplication::translate("TenantDetail", "&Suspend tenant"), QCoreApplication::translate("TenantDetail", "Suspend tenant %1").arg(name),
                                        QCoreApplication::translate("TenantDetail", "Every key of the tenant is refused with 403 tenant_suspended."),
                                        QStringLiteral("/admin/tenants/%1/suspend").arg(id))});
        else
            actions.append({statusAction(QCoreApplication::translate("TenantDetail", "Ac&tivate tenant"), QCoreApplication::translate("TenantDetail", "Activate tenant %1").arg(name),
                                        QCoreApplication::translate("TenantDetail", "Re-activates the tenant; all its keys are accepted again."),
                                        QStringLiteral("/admin/tenants/%1/activate").arg(id))});
        DetailAction credit{QCoreApplication::translate("TenantDetail", "Cr&edit balance…"), "billing",
                            {QCoreApplication::translate("TenantDetail", "Credit the balance of tenant %1").arg(name),
                             QCoreApplication::translate("TenantDetail", "Adds prepaid credit; previewed before it applies."), "POST",
                             QStringLiteral("/admin/tenants/%1/credit").arg(id)}};
        credit.ask = [id, name](QWidget *parent, std::function<void(const ActionRequest &)> run) {
            auto *dialog = new CreditDialog(id, name, parent);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            QObject::connect(dialog, &QDialog::accepted, dialog, [dialog, run] { run(dialog->request()); });
            dialog->open();
        };
        actions.append(credit);
        l->setActions(actions);
        loadSpendDetail(l, QStringLiteral("tenant"), name, id, {{QStringLiteral("tenant"), id}});
    });
    l->get(QStringLiteral("/admin/tenants/%1/environments").arg(id), [l](const AdminResponse &r) {
        if (!r.ok()) {
            l->setError(DetailLoader::Related, QCoreApplication::translate("TenantDetail", "Environments"), r);
            return;
        }
        DetailSection section{QCoreApplication::translate("TenantDetail", "Environments"), {}};
        for (const QJsonValue &v : r.object().value(QLatin1String("data")).toArray()) {
            const QJsonObject e = v.toObject();
            section.rows.append({str(e, "name"), str(e, "status"), {QStringLiteral("environment"), str(e, "id"), str(e, "name")}, {}, statusLevel(str(e, "status"))});
        }
        l->setSection(DetailLoader::Related, section);
    });
    loadKeysOf(l, "tenant_id");
    l->loadAlertsAbout({l->ref()});
}

void loadEnvironmentDetail(DetailLoader *l)
{
    const QString id = l->ref().id;
    l->get(QStringLiteral("/admin/environments/%1").arg(id), [l, id](const AdminResponse &r) {
        if (!r.ok()) {
            l->setError(DetailLoader::Main, QCoreApplication::translate("TenantDetail", "Environment"), r);
            return;
        }
        const QJsonObject e = r.object();
        const QString name = str(e, "name");
        const QString status = str(e, "status");
        l->setTitle(QCoreApplication::translate("TenantDetail", "Environment %1").arg(name));
        l->setSection(DetailLoader::Main, {QCoreApplication::translate("TenantDetail", "Environment"), {
            {QCoreApplication::translate("TenantDetail", "Name"), name},
            {QCoreApplication::translate("TenantDetail", "Id"), id, {}, id},
            {QCoreApplication::translate("TenantDetail", "Status"), status, {}, {}, statusLevel(status)},
        }});
        const ObjectRef tenant{QStringLiteral("tenant"), str(e, "tenant_id"), str(e, "tenant_name")};
        // The environment answer carries the tenant's id; its name comes from the tenant itself.
        l->get(QStringLiteral("/admin/tenants/%1").arg(tenant.id), [l, tenant](const AdminResponse &t) {
            ObjectRef named = tenant;
            if (t.ok())
                named.name = str(t.object(), "name");
            const QString tenantStatus = t.ok() ? str(t.object(), "status") : QString();
            l->setSection(DetailLoader::Related, {QCoreApplication::translate("TenantDetail", "Belongs to"), {
                {QCoreApplication::translate("TenantDetail", "Tenant"), QStringLiteral("%1 — %2").arg(named.name.isEmpty() ? named.id : named.name, tenantStatus),
                 named, {}, statusLevel(tenantStatus)}}});
        });
        l->setActions({status == QLatin1String("active")
                           ? statusAction(QCoreApplication::translate("TenantDetail", "D&isable environment"), QCoreApplication::translate("TenantDetail", "Disable environment %1").arg(name),
                                          QCoreApplication::translate("TenantDetail", "Every key of the environment is refused with 403 environment_disabled."),
                                          QStringLiteral("/admin/environments/%1/disable").arg(id))
                           : statusAction(QCoreApplication::translate("TenantDetail", "Ac&tivate environment"), QCoreApplication::translate("TenantDetail", "Activate environment %1").arg(name),
                                          QCoreApplication::translate("TenantDetail", "Re-activates the environment; its keys are accepted again."),
                                          QStringLiteral("/admin/environments/%1/activate").arg(id))});
        loadSpendDetail(l, QStringLiteral("environment"), name, tenant.id, {{QStringLiteral("environment"), id}, {QStringLiteral("tenant"), tenant.id}});
        l->loadAlertsAbout({l->ref(), tenant});
    });
    loadKeysOf(l, "environment_id");
}

} // namespace crosslogic::console
