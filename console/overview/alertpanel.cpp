// Top of the Overview: the daemon's open alerts, live, with Fix…, Acknowledge and Silence 1 h, and the
// verdict of each applied fix.
#include "overview/alertpanel.h"

#include "adminclient/adminclient.h"
#include "adminclient/alertstream.h"
#include "common/actionrunner.h"
#include "common/statuslevel.h"
#include "common/tables.h"
#include "detail/tablelinks.h"
#include "overview/alertlistmodel.h"
#include "overview/fixwatcher.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace crosslogic::console {

namespace {
QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}
qint64 idOf(const QJsonObject &alert)
{
    return alert.value(QLatin1String("id")).toInteger(-1);
}
bool isFiringCritical(const QJsonObject &a)
{
    return str(a, "severity") == QLatin1String("critical") && str(a, "state") == QLatin1String("firing");
}
} // namespace

AlertPanel::AlertPanel(const ViewContext &context, QWidget *parent)
    : QWidget(parent), m_ctx(context), m_stream(new AlertStream(context.client, this)),
      m_model(new AlertListModel(this)), m_watcher(new FixWatcher(this)), m_headline(new QLabel(this)),
      m_fixStatus(new QLabel(this)), m_fix(new QPushButton(tr("Fix…"), this)),
      m_acknowledge(new QPushButton(tr("Acknowledge"), this)),
      m_silence(new QPushButton(tr("Silence 1 h"), this)), m_fixMenu(new QMenu(this))
{
    setObjectName(QStringLiteral("alertPanel"));
    m_table = makeTable(m_model, this, &m_proxy);
    m_table->setObjectName(QStringLiteral("alertTable"));
    linkTable(m_table, m_ctx.navigator);
    m_table->sortByColumn(AlertListModel::Severity, Qt::DescendingOrder);
    m_table->horizontalHeader()->resizeSection(AlertListModel::Severity, 110);
    m_table->horizontalHeader()->resizeSection(AlertListModel::Age, 70);
    m_table->horizontalHeader()->resizeSection(AlertListModel::What, 500);
    m_table->horizontalHeader()->resizeSection(AlertListModel::Objects, 240);
    m_table->horizontalHeader()->resizeSection(AlertListModel::Runbook, 80);
    m_table->setMinimumHeight(24 + 5 * 26); // five alerts without scrolling
    m_table->setAccessibleName(tr("Open alerts"));

    m_headline->setObjectName(QStringLiteral("alertHeadline"));
    QFont bold = m_headline->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    m_headline->setFont(bold);
    m_fix->setObjectName(QStringLiteral("fixButton"));
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeButton"));
    m_silence->setObjectName(QStringLiteral("silenceButton"));
    m_fixMenu->setObjectName(QStringLiteral("fixMenu"));
    m_fixMenu->setToolTipsVisible(true);
    m_fixStatus->setObjectName(QStringLiteral("fixStatus"));
    m_fixStatus->setWordWrap(true);
    m_fixStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_headline);
    layout->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_fix);
    buttons->addWidget(m_acknowledge);
    buttons->addWidget(m_silence);
    buttons->addWidget(m_fixStatus, 1);
    layout->addLayout(buttons);

    connect(m_stream, &AlertStream::snapshot, this, &AlertPanel::onSnapshot);
    connect(m_stream, &AlertStream::transition, this, &AlertPanel::onTransition);
    connect(m_stream, &AlertStream::streamingChanged, this, &AlertPanel::updateHeadline);
    connect(m_stream, &AlertStream::unavailable, this, [this](const QString &why) {
        m_unavailable = why;
        updateHeadline();
    });
    connect(m_watcher, &FixWatcher::verdict, this, [this](qint64, bool fixed, const QString &text) {
        setFixStatus(text, fixed ? int(StatusLevel::Ok) : int(StatusLevel::Fail));
        emit message(text);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &AlertPanel::updateButtons);
    connect(m_fix, &QPushButton::clicked, this, &AlertPanel::openFixMenu);
    connect(m_acknowledge, &QPushButton::clicked, this, [this] {
        const QJsonObject a = selectedAlert();
        runAlertAction(QStringLiteral("acknowledge"), tr("Acknowledge alert #%1").arg(idOf(a)),
                       tr("Records that you are working on it: %1").arg(str(a, "summary")), {});
    });
    connect(m_silence, &QPushButton::clicked, this, [this] {
        const QJsonObject a = selectedAlert();
        if (a.value(QLatin1String("silenced")).toBool())
            runAlertAction(QStringLiteral("unsilence"), tr("Unsilence alert #%1").arg(idOf(a)),
                           tr("Notifications of this alert resume: %1").arg(str(a, "summary")), {});
        else
            runAlertAction(
                QStringLiteral("silence"), tr("Silence alert #%1 for 1 h").arg(idOf(a)),
                tr("No firing notification for this alert during the next hour: %1").arg(str(a, "summary")),
                QJsonObject{{QStringLiteral("minutes"), 60}});
    });
    m_clock.setInterval(5000);
    connect(&m_clock, &QTimer::timeout, this,
            [this] { m_model->setNow(QDateTime::currentMSecsSinceEpoch()); });
    updateHeadline();
    updateButtons();
}

void AlertPanel::start()
{
    if (m_clock.isActive())
        return;
    m_clock.start();
    m_stream->start();
}

void AlertPanel::setRole(AdminRole role)
{
    m_role = role;
    updateButtons();
}

void AlertPanel::onSnapshot(const QList<QJsonObject> &alerts)
{
    m_unavailable.clear();
    m_model->setNow(QDateTime::currentMSecsSinceEpoch());
    m_model->setAlerts(alerts);
    m_watcher->onSnapshot(alerts);
    QSet<qint64> firing;
    for (const QJsonObject &a : alerts)
        if (isFiringCritical(a)) {
            firing.insert(idOf(a));
            // The first load only takes stock: what fired before the console started is no news.
            if (m_loaded && !m_firingCritical.contains(idOf(a)))
                emit criticalAlert(a);
        }
    m_firingCritical = firing;
    if (!m_table->selectionModel()->hasSelection() && m_proxy->rowCount() > 0)
        m_table->selectRow(0);
    const bool first = !m_loaded;
    m_loaded = true;
    updateHeadline();
    if (first)
        emit loaded();
}

void AlertPanel::onTransition(const QString &transition, const QJsonObject &alert)
{
    m_model->apply(transition, alert);
    m_watcher->onTransition(transition, alert);
    if (transition == QLatin1String("firing") && isFiringCritical(alert) &&
        !m_firingCritical.contains(idOf(alert))) {
        m_firingCritical.insert(idOf(alert));
        emit criticalAlert(alert);
    } else if (transition == QLatin1String("resolved")) {
        m_firingCritical.remove(idOf(alert));
    }
    if (!m_table->selectionModel()->hasSelection() && m_proxy->rowCount() > 0)
        m_table->selectRow(0);
    updateHeadline();
}

QString AlertPanel::headline() const
{
    return m_headline->text();
}

QString AlertPanel::fixStatus() const
{
    return m_fixStatus->text();
}

void AlertPanel::updateHeadline()
{
    const int critical = m_model->count(QStringLiteral("critical"), true);
    const int warning = m_model->count(QStringLiteral("warning"), true);
    const int info = m_model->count(QStringLiteral("info"), true);
    const int firing = critical + warning + info;
    const int pending = m_model->rowCount() - firing;
    QString text;
    StatusLevel level = StatusLevel::Ok;
    if (!m_unavailable.isEmpty()) {
        text = tr("Alerts unavailable: %1").arg(m_unavailable);
        level = StatusLevel::Unknown;
    } else if (!m_loaded) {
        text = tr("Loading alerts…");
        level = StatusLevel::Unknown;
    } else if (m_model->rowCount() == 0) {
        text = tr("No open alerts: none of the daemon's checks finds a problem.");
    } else {
        text = tr("%n alert(s) firing", nullptr, firing);
        QStringList parts;
        if (critical)
            parts << tr("%n critical", nullptr, critical);
        if (warning)
            parts << tr("%n warning", nullptr, warning);
        if (info)
            parts << tr("%n info", nullptr, info);
        if (!parts.isEmpty())
            text += QStringLiteral(" (") + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
        if (pending)
            text += tr(", %n pending", nullptr, pending);
        level = critical ? StatusLevel::Fail : firing ? StatusLevel::Warn : StatusLevel::Unknown;
    }
    text += m_stream->isStreaming() ? tr(" · live") : tr(" · stream down, polling every 3 s");
    m_headline->setText(text);
    m_headline->setStyleSheet(
        QStringLiteral("QLabel#alertHeadline { color: %1; }").arg(statusColor(level).name()));
}

void AlertPanel::updateButtons()
{
    const QJsonObject a = selectedAlert();
    const bool any = !a.isEmpty();
    const bool allowed = adminRoleHas(m_role, "alerts");
    const QString why = allowed ? QString()
                                : tr("Needs the 'alerts' permission, which the %1 role does not have.")
                                      .arg(adminRoleName(m_role));
    const bool hasFix = !a.value(QLatin1String("remediations")).toArray().isEmpty();
    m_fix->setEnabled(any && hasFix);
    m_fix->setToolTip(!any     ? tr("Select an alert first")
                      : hasFix ? tr("The fixes the daemon lists for this alert, each previewed by a dry run")
                               : tr("The daemon lists no fix for this alert: see its runbook section"));
    m_acknowledge->setEnabled(any && allowed);
    m_acknowledge->setToolTip(why.isEmpty() ? tr("Record that you are on it (audited)") : why);
    const bool silenced = a.value(QLatin1String("silenced")).toBool();
    m_silence->setText(silenced ? tr("Unsilence") : tr("Silence 1 h"));
    m_silence->setEnabled(any && allowed);
    m_silence->setToolTip(why.isEmpty() ? tr("No firing notification for an hour (audited)") : why);
}

bool AlertPanel::selectAlert(qint64 id)
{
    return selectRowOfId(m_table, QString::number(id));
}

QJsonObject AlertPanel::selectedAlert() const
{
    return selectedRowObject(m_table);
}

void AlertPanel::openFixMenu()
{
    const QJsonObject alert = selectedAlert();
    m_fixMenu->clear();
    for (const QJsonValue &v : alert.value(QLatin1String("remediations")).toArray()) {
        const QJsonObject remediation = v.toObject();
        const QString method = str(remediation, "method");
        QAction *action = m_fixMenu->addAction(str(remediation, "title"));
        action->setData(str(remediation, "path"));
        if (method == QLatin1String("GET")) {
            // A look-up, not a change: nothing to preview or confirm.
            action->setEnabled(false);
            action->setToolTip(tr("A look-up (GET %1): see the matching view").arg(str(remediation, "path")));
            continue;
        }
        const QByteArray permission = permissionForPath(str(remediation, "path"));
        if (!permission.isEmpty() && m_role != AdminRole::Unknown && !adminRoleHas(m_role, permission.constData())) {
            // The daemon would refuse it (403): say so here instead of after a click.
            action->setEnabled(false);
            action->setToolTip(tr("Needs the '%1' permission, which the %2 role does not have.")
                                   .arg(QString::fromLatin1(permission), adminRoleName(m_role)));
            continue;
        }
        action->setToolTip(QStringLiteral("%1 %2").arg(method, str(remediation, "path")));
        connect(action, &QAction::triggered, this,
                [this, alert, remediation] { runRemediation(alert, remediation); });
    }
    m_fixMenu->popup(m_fix->mapToGlobal(QPoint(0, m_fix->height())));
}

void AlertPanel::runRemediation(const QJsonObject &alert, const QJsonObject &remediation)
{
    const QString title = str(remediation, "title");
    const ActionRequest request(title,
                                tr("Fix for alert #%1 (runbook §%2): %3")
                                    .arg(idOf(alert))
                                    .arg(str(alert, "section"), str(alert, "summary")),
                                str(remediation, "method").toLatin1(), str(remediation, "path"),
                                remediation.value(QLatin1String("body")).toObject());
    const qint64 id = idOf(alert);
    QPointer<AlertPanel> self(this);
    m_ctx.actions->run(request, this, [self, id, alert, title](const AdminResponse &r) {
        if (!self || !r.ok())
            return;
        // Watch the alert as it is now (its latest summary), not as it was when the menu opened.
        const QJsonObject current = self->m_model->alertById(id);
        self->m_watcher->watch(current.isEmpty() ? alert : current, title);
        self->setFixStatus(tr("%1 applied: watching alert #%2 until it resolves…").arg(title).arg(id),
                           int(StatusLevel::Unknown));
    });
}

void AlertPanel::runAlertAction(const QString &what, const QString &title, const QString &description,
                                const QJsonObject &body)
{
    const qint64 id = idOf(selectedAlert());
    if (id < 0)
        return;
    const ActionRequest request(title, description, "POST",
                                QStringLiteral("/admin/alerts/%1/%2").arg(id).arg(what), body);
    QPointer<AlertPanel> self(this);
    m_ctx.actions->run(request, this, [self, what](const AdminResponse &r) {
        // The answer carries the changed alert; the stream's "acknowledged"/"silenced"/"unsilenced" event
        // follows.
        if (self && r.ok())
            self->onTransition(what + QStringLiteral("d"),
                               r.object().value(QLatin1String("alert")).toObject());
    });
}

void AlertPanel::setFixStatus(const QString &text, int level)
{
    m_fixStatus->setText(text);
    const QColor c = statusColor(StatusLevel(level));
    m_fixStatus->setStyleSheet(
        level == int(StatusLevel::Unknown)
            ? QString()
            : QStringLiteral("QLabel#fixStatus { color: %1; font-weight: bold; }").arg(c.name()));
}

} // namespace crosslogic::console
