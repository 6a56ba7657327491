// Loads one object's detail page from the admin API: several GETs at once, each filling its own section as it
// answers. Deleting the loader drops answers still on their way (the panel makes a new one per object).
#include "detail/detailloader.h"

#include "adminclient/adminclient.h"

#include <QJsonArray>

namespace crosslogic::console {

DetailLoader::DetailLoader(AdminClient *client, const ObjectRef &ref, QObject *parent)
    : QObject(parent), m_client(client), m_ref(ref), m_title(ref.label())
{
}

void DetailLoader::start()
{
    const QString &kind = m_ref.kind;
    if (kind == QLatin1String("key"))
        loadKeyDetail(this);
    else if (kind == QLatin1String("tenant"))
        loadTenantDetail(this);
    else if (kind == QLatin1String("environment"))
        loadEnvironmentDetail(this);
    else if (kind == QLatin1String("node"))
        loadNodeDetail(this);
    else if (kind == QLatin1String("model"))
        loadModelDetail(this);
    m_started = true;
    emit changed();
}

void DetailLoader::get(const QString &path, std::function<void(const AdminResponse &)> done, const QUrlQuery &query)
{
    ++m_pending;
    m_client->get(path, this, [this, done = std::move(done)](const AdminResponse &r) {
        --m_pending;
        done(r);
        emit changed();
    }, query);
}

void DetailLoader::setTitle(const QString &title)
{
    m_title = title;
}

void DetailLoader::setSection(Slot slot, const DetailSection &section)
{
    m_sections.insert(slot, section);
}

void DetailLoader::setActions(const QList<DetailAction> &actions)
{
    m_actions = actions;
}

void DetailLoader::setError(Slot slot, const QString &heading, const AdminResponse &r)
{
    setSection(slot, {heading, {{tr("Could not load"), r.forbidden() ? tr("your role may not read this (403)") : r.errorMessage(), {}, {}, StatusLevel::Fail}}});
}

void DetailLoader::loadAlertsAbout(const QList<ObjectRef> &objects)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("open"));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
    get(QStringLiteral("/admin/alerts"), [this, objects](const AdminResponse &r) {
        const QString heading = tr("Open alerts");
        if (!r.ok()) {
            setError(Alerts, heading, r);
            return;
        }
        DetailSection section{heading, {}};
        for (const QJsonValue &v : r.object().value(QLatin1String("data")).toArray()) {
            const QJsonObject alert = v.toObject();
            bool about = false;
            for (const QJsonValue &o : alert.value(QLatin1String("objects")).toArray())
                for (const ObjectRef &ref : objects)
                    about = about || (o[QLatin1String("kind")].toString() == ref.kind && o[QLatin1String("id")].toString() == ref.id);
            if (!about)
                continue;
            const QString severity = alert.value(QLatin1String("severity")).toString();
            DetailRow row{severity + QStringLiteral(" · ") + alert.value(QLatin1String("state")).toString(),
                          alert.value(QLatin1String("summary")).toString(), {}, QString::number(alert.value(QLatin1String("id")).toInteger())};
            row.level = severity == QLatin1String("critical") ? StatusLevel::Fail : StatusLevel::Warn;
            section.rows.append(row);
        }
        if (section.rows.isEmpty())
            section.rows.append({tr("None"), tr("no open alert names this object"), {}, {}, StatusLevel::Ok});
        setSection(Alerts, section);
    }, query);
}

} // namespace crosslogic::console
