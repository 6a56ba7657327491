// Keys & tenants: look a key up by prefix, see why it is (in)valid, and fix it (revoke/activate, tenant, cache, limits).
#include "keys/keysview.h"

#include "adminclient/adminclient.h"
#include "common/actionrunner.h"
#include "common/statuslevel.h"
#include "common/tables.h"
#include "detail/tablelinks.h"
#include "keys/keytablemodel.h"
#include "keys/limitsdialog.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace crosslogic::console {

KeysView::KeysView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("keys"), tr("Keys && tenants"), 10000, parent),
      m_model(new KeyTableModel(this)), m_prefix(new QLineEdit(content())), m_verdict(new QLabel(content())),
      m_detail(new QLabel(content())), m_revoke(new QPushButton(tr("Revoke key"), content())),
      m_activate(new QPushButton(tr("Activate key"), content())),
      m_activateTenant(new QPushButton(tr("Activate tenant"), content())),
      m_activateEnvironment(new QPushButton(tr("Activate environment"), content())),
      m_clearCache(new QPushButton(tr("Clear auth cache"), content())),
      m_limits(new QPushButton(tr("Edit limits…"), content()))
{
    m_table = makeTable(m_model, content());
    m_table->setObjectName(QStringLiteral("keysTable"));
    linkTable(m_table, m_ctx.navigator);
    m_revoke->setObjectName(QStringLiteral("revokeKeyButton"));
    m_activate->setObjectName(QStringLiteral("activateKeyButton"));
    m_prefix->setPlaceholderText(tr("Key prefix, e.g. clsk_live_xx (the first 12 characters the customer sees)"));
    m_prefix->setClearButtonEnabled(true);
    auto *find = new QPushButton(tr("Look up"), content());
    auto *layout = new QVBoxLayout(content());
    auto *search = new QHBoxLayout;
    search->addWidget(m_prefix, 1);
    search->addWidget(find);
    layout->addLayout(search);
    layout->addWidget(m_table, 1);

    auto *box = new QGroupBox(tr("Why this key is accepted or rejected"), content());
    auto *grid = new QGridLayout(box);
    QFont big = m_verdict->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_verdict->setFont(big);
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::RichText);
    grid->addWidget(m_verdict, 0, 0, 1, 3);
    grid->addWidget(m_detail, 1, 0, 1, 3);
    grid->addWidget(m_revoke, 2, 0);
    grid->addWidget(m_activate, 2, 1);
    grid->addWidget(m_clearCache, 2, 2);
    grid->addWidget(m_activateTenant, 3, 0);
    grid->addWidget(m_activateEnvironment, 3, 1);
    grid->addWidget(m_limits, 3, 2);
    layout->addWidget(box);

    connect(find, &QPushButton::clicked, this, [this] { lookUp(m_prefix->text()); });
    connect(m_prefix, &QLineEdit::returnPressed, this, [this] { lookUp(m_prefix->text()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &KeysView::updateDetail);
    connect(m_revoke, &QPushButton::clicked, this, [this] {
        keyAction(QStringLiteral("/admin/api-keys/%1/revoke"), "POST", tr("Revoke key"), tr("Requests with this key are rejected with 401 at once, on every replica."));
    });
    connect(m_activate, &QPushButton::clicked, this, [this] {
        keyAction(QStringLiteral("/admin/api-keys/%1/activate"), "POST", tr("Activate key"), tr("Accepts the key again (runbook §1.1)."));
    });
    connect(m_clearCache, &QPushButton::clicked, this, [this] {
        keyAction(QStringLiteral("/admin/api-keys/%1/cache"), "DELETE", tr("Clear auth cache"), tr("Drops the cached validation everywhere; the next request re-validates."));
    });
    connect(m_activateTenant, &QPushButton::clicked, this, [this] {
        const QString tenant = selectedKey().value(QLatin1String("tenant_id")).toString();
        m_ctx.actions->run({tr("Activate tenant"), tr("Re-activates the tenant; all its keys are accepted again."), "POST",
                            QStringLiteral("/admin/tenants/%1/activate").arg(tenant)},
                           this, [this](const AdminResponse &) { refresh(); });
    });
    connect(m_activateEnvironment, &QPushButton::clicked, this, [this] {
        const QString env = selectedKey().value(QLatin1String("environment_id")).toString();
        m_ctx.actions->run({tr("Activate environment"), tr("Re-activates the environment; its keys are accepted again."), "POST",
                            QStringLiteral("/admin/environments/%1/activate").arg(env)},
                           this, [this](const AdminResponse &) { refresh(); });
    });
    connect(m_limits, &QPushButton::clicked, this, [this] {
        auto *dialog = new LimitsDialog(selectedKey(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog] {
            keyAction(QStringLiteral("/admin/api-keys/%1"), "PATCH", tr("Change key limits"), tr("New limits apply to the next request."), dialog->changes());
        });
        dialog->open();
    });
    updateDetail();
}

void KeysView::applyRole()
{
    updateDetail();
}

void KeysView::lookUp(const QString &prefix)
{
    m_query = prefix.trimmed();
    m_prefix->setText(m_query);
    refresh();
}

void KeysView::refresh()
{
    QUrlQuery query;
    if (!m_query.isEmpty())
        query.addQueryItem(QStringLiteral("prefix"), m_query.left(12));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("200"));
    m_ctx.client->get(QStringLiteral("/admin/api-keys"), this, [this](const AdminResponse &r) {
        if (!r.ok()) {
            m_verdict->setText(tr("Could not look keys up"));
            m_detail->setText(r.errorMessage().toHtmlEscaped());
            if (r.reachable())
                markLoaded();
            return;
        }
        const QString selected = selectedKey().value(QLatin1String("id")).toString();
        m_model->setRows(r.object().value(QLatin1String("data")).toArray());
        if (!hasLoaded())
            fitColumns(m_table, 220);
        if (selected.isEmpty() || !selectKey(selected))
            m_table->selectRow(0);
        updateDetail();
        markLoaded();
    }, query);
}

bool KeysView::selectKey(const QString &id)
{
    return selectRowOfId(m_table, id);
}

QJsonObject KeysView::selectedKey() const
{
    return selectedRowObject(m_table);
}

void KeysView::updateDetail()
{
    const QJsonObject key = selectedKey();
    const bool any = !key.isEmpty();
    for (QPushButton *b : {m_revoke, m_activate, m_clearCache, m_limits, m_activateTenant, m_activateEnvironment})
        gate(b, b == m_activateTenant || b == m_activateEnvironment ? "tenants" : b == m_limits ? "limits" : "keys", b->text());
    if (!any) {
        m_verdict->setText(m_model->rowCount() == 0 && !m_query.isEmpty() ? tr("No key starts with %1").arg(m_query) : tr("Select a key"));
        m_verdict->setStyleSheet(QString());
        m_detail->clear();
        for (QPushButton *b : {m_revoke, m_activate, m_clearCache, m_limits, m_activateTenant, m_activateEnvironment})
            b->setEnabled(false);
        return;
    }
    const bool valid = key.value(QLatin1String("valid")).toBool();
    m_verdict->setText(valid ? tr("%1 is valid — the gateway accepts it").arg(key.value(QLatin1String("key_prefix")).toString())
                             : tr("%1 is rejected (401): %2").arg(key.value(QLatin1String("key_prefix")).toString(), KeyTableModel::verdict(key)));
    m_verdict->setStyleSheet(QStringLiteral("color: %1").arg(statusColor(valid ? StatusLevel::Ok : StatusLevel::Fail).name()));
    const auto state = [&](const char *field) {
        const QString s = key.value(QLatin1String(field)).toString();
        return QStringLiteral("<span style='color:%1'><b>%2</b></span>").arg(statusColor(statusLevel(s)).name(), s.toHtmlEscaped());
    };
    const QString expires = key.value(QLatin1String("expires_at")).isString() ? key.value(QLatin1String("expires_at")).toString() : tr("never");
    m_detail->setText(tr("Key <b>%1</b>: %2 &nbsp;·&nbsp; expires %3<br>Tenant <b>%4</b>: %5 &nbsp;·&nbsp; Environment <b>%6</b>: %7")
                          .arg(key.value(QLatin1String("name")).toString().toHtmlEscaped(), state("status"), expires.toHtmlEscaped(),
                               key.value(QLatin1String("tenant_name")).toString().toHtmlEscaped(), state("tenant_status"),
                               key.value(QLatin1String("environment_name")).toString().toHtmlEscaped(), state("environment_status")));
    const bool revoked = key.value(QLatin1String("status")).toString() != QLatin1String("active");
    if (revoked)
        m_revoke->setEnabled(false);
    else
        m_activate->setEnabled(false);
    if (key.value(QLatin1String("tenant_status")).toString() == QLatin1String("active"))
        m_activateTenant->setEnabled(false);
    if (key.value(QLatin1String("environment_status")).toString() == QLatin1String("active"))
        m_activateEnvironment->setEnabled(false);
    emit keySelected(key.value(QLatin1String("id")).toString());
}

void KeysView::keyAction(const QString &path, const QByteArray &method, const QString &title, const QString &description, const QJsonObject &body)
{
    const QJsonObject key = selectedKey();
    if (key.isEmpty())
        return;
    const QString id = key.value(QLatin1String("id")).toString();
    ActionRequest request{title + QStringLiteral(" ") + key.value(QLatin1String("key_prefix")).toString(), description, method, path.arg(id), body};
    m_ctx.actions->run(request, this, [this](const AdminResponse &) { refresh(); });
}

} // namespace crosslogic::console
