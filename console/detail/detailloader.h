// Loads one object's detail page from the admin API: several GETs at once, each filling its own section as it
// answers. Deleting the loader drops answers still on their way (the panel makes a new one per object).
#pragma once

#include "detail/detailpage.h"

#include <QMap>
#include <QObject>
#include <QUrlQuery>
#include <functional>

namespace crosslogic {
class AdminClient;
struct AdminResponse;
}

namespace crosslogic::console {

class DetailLoader : public QObject
{
    Q_OBJECT
public:
    // Section slots, in the order they are shown.
    enum Slot { Main, Gateway, Limits, Spend, Recent, Health, Related, Children, Alerts };

    DetailLoader(AdminClient *client, const ObjectRef &ref, QObject *parent = nullptr);
    void start();

    const ObjectRef &ref() const { return m_ref; }
    QString title() const { return m_title; }
    QList<DetailSection> sections() const { return m_sections.values(); }
    QList<DetailAction> actions() const { return m_actions; }
    // Every request answered.
    bool isComplete() const { return m_started && m_pending == 0; }

    // For the per-kind loaders (keydetail.cpp, ...).
    void get(const QString &path, std::function<void(const AdminResponse &)> done, const QUrlQuery &query = {});
    void setTitle(const QString &title);
    void setSection(Slot slot, const DetailSection &section);
    void setActions(const QList<DetailAction> &actions);
    // An "Alerts" section: the open alerts naming any of these objects.
    void loadAlertsAbout(const QList<ObjectRef> &objects);
    // "Could not load …: <error>" as the slot's section.
    void setError(Slot slot, const QString &heading, const AdminResponse &r);

signals:
    void changed();

private:
    AdminClient *m_client;
    ObjectRef m_ref;
    QString m_title;
    QMap<Slot, DetailSection> m_sections;
    QList<DetailAction> m_actions;
    int m_pending = 0;
    bool m_started = false;
};

// One per kind; each starts the requests of its page.
void loadKeyDetail(DetailLoader *loader);
void loadTenantDetail(DetailLoader *loader);
void loadEnvironmentDetail(DetailLoader *loader);
void loadNodeDetail(DetailLoader *loader);
void loadModelDetail(DetailLoader *loader);
// The "Budgets and spend" section of a key, environment or tenant (the budgets of every level that apply to it and
// the tenant's prepaid balance) and its "Set budget…" / "Raise budget…" action (spenddetail.cpp). level: key,
// environment or tenant; scopes: the ids of that object and of the levels above it that apply, by level.
void loadSpendDetail(DetailLoader *loader, const QString &level, const QString &name, const QString &tenantId,
                     const QMap<QString, QString> &scopes);

} // namespace crosslogic::console
