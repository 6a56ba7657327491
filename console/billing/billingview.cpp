// Billing: recent usage records and billing events (failed highlighted), re-process failed events, backfill usage;
// and, on its second tab, a tenant's spend against its budgets, prepaid balance and credit ledger (SpendPanel).
#include "billing/billingview.h"

#include "adminclient/adminclient.h"
#include "billing/billingtablemodel.h"
#include "billing/retryverdict.h"
#include "billing/spendpanel.h"
#include "common/actionrunner.h"
#include "common/statuslevel.h"
#include "common/tables.h"
#include "detail/tablelinks.h"

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace crosslogic::console {

namespace {
// The list in an answer, whatever it is called: {"data":[…]}, {"events":[…]}, {"usage":[…]} or a bare array.
QJsonArray listOf(const AdminResponse &r)
{
    if (r.json.isArray())
        return r.json.array();
    const QJsonObject o = r.object();
    for (const char *key : {"data", "events", "usage", "records", "items"})
        if (o.value(QLatin1String(key)).isArray())
            return o.value(QLatin1String(key)).toArray();
    return {};
}
} // namespace

BillingView::BillingView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("billing"), tr("Billing"), 15000, parent),
      m_pages(new QTabWidget(content())), m_spend(new SpendPanel(context, m_pages)),
      m_usage(new BillingTableModel(this)), m_events(new BillingTableModel(this))
{
    // Two pages: what the runbook's §6 works with (usage records, Stripe events), and spend controls.
    auto *records = new QWidget(m_pages);
    m_usageLabel = new QLabel(records);
    m_eventsLabel = new QLabel(records);
    m_retry = new QPushButton(tr("Re-process failed events"), records);
    m_backfill = new QPushButton(tr("Backfill usage (last 24 h)"), records);
    m_pages->setObjectName(QStringLiteral("billingPages"));
    m_pages->addTab(records, tr("Usage && events"));
    m_pages->addTab(m_spend, tr("Spend && credit"));
    auto *outer = new QVBoxLayout(content());
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);
    connect(m_spend, &SpendPanel::changed, this, &BillingView::refresh);

    m_usageTable = makeTable(m_usage, records);
    m_eventsTable = makeTable(m_events, records);
    linkTable(m_usageTable, m_ctx.navigator);
    linkTable(m_eventsTable, m_ctx.navigator);
    auto *layout = new QVBoxLayout(records);
    auto *usageBox = new QGroupBox(tr("Recent usage records (runbook §6.1)"), records);
    auto *usageLayout = new QVBoxLayout(usageBox);
    usageLayout->addWidget(m_usageLabel);
    usageLayout->addWidget(m_usageTable, 1);
    auto *usageButtons = new QHBoxLayout;
    usageButtons->addStretch();
    usageButtons->addWidget(m_backfill);
    usageLayout->addLayout(usageButtons);
    layout->addWidget(usageBox, 1);
    auto *eventsBox = new QGroupBox(tr("Billing events (runbook §6.2) — failed ones in red"), records);
    auto *eventsLayout = new QVBoxLayout(eventsBox);
    eventsLayout->addWidget(m_eventsLabel);
    eventsLayout->addWidget(m_eventsTable, 1);
    auto *eventButtons = new QHBoxLayout;
    m_retryStatus = new QLabel(records);
    m_retryStatus->setObjectName(QStringLiteral("retryStatus"));
    m_retryStatus->setWordWrap(true);
    m_retryWatch = new QTimer(this);
    m_retryWatch->setInterval(2000);
    connect(m_retryWatch, &QTimer::timeout, this, &BillingView::watchRetry);
    eventButtons->addWidget(m_retryStatus, 1);
    eventButtons->addWidget(m_retry);
    eventsLayout->addLayout(eventButtons);
    layout->addWidget(eventsBox, 1);

    connect(m_retry, &QPushButton::clicked, this, [this] {
        m_ctx.actions->run({tr("Re-process failed billing events"), tr("Marks failed events unprocessed so the billing worker retries them."), "POST",
                            QStringLiteral("/admin/billing/events/retry")},
                           this, [this](const AdminResponse &r) {
                               refresh();
                               if (!r.ok())
                                   return;
                               // Accepted is not fixed: watch the requeued events until the worker has tried them.
                               m_retryIds.clear();
                               for (const QJsonValue &v : r.object().value(QLatin1String("event_ids")).toArray())
                                   m_retryIds << v.toString();
                               if (m_retryIds.isEmpty()) {
                                   m_retryStatus->setText(tr("No failed events to re-process."));
                                   return;
                               }
                               m_retryClock.start();
                               m_retryWatch->start();
                               watchRetry();
                           });
    });
    connect(m_backfill, &QPushButton::clicked, this, [this] {
        const QDateTime until = QDateTime::currentDateTimeUtc();
        const QJsonObject body{{QStringLiteral("since"), until.addDays(-1).toString(Qt::ISODate)}, {QStringLiteral("until"), until.toString(Qt::ISODate)}};
        m_ctx.actions->run({tr("Backfill usage"), tr("Creates missing usage records from the request logs of the last 24 hours."), "POST",
                            QStringLiteral("/admin/usage/backfill"), body},
                           this, [this](const AdminResponse &) { refresh(); });
    });
}

void BillingView::watchRetry()
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    m_ctx.client->get(QStringLiteral("/admin/billing/events"), this, [this](const AdminResponse &r) {
        if (!r.ok() || m_retryIds.isEmpty())
            return;
        const RetryVerdict v = RetryVerdict::judge(m_retryIds, r.object().value(QLatin1String("data")).toArray(),
                                                   int(m_retryClock.elapsed() / 1000));
        m_retryStatus->setText(v.text);
        m_retryStatus->setStyleSheet(QStringLiteral("color: %1")
                                         .arg(statusColor(!v.settled ? StatusLevel::Unknown : v.fixed ? StatusLevel::Ok : StatusLevel::Fail).name()));
        if (v.settled) {
            m_retryWatch->stop();
            m_retryIds.clear();
            refresh();
        }
    }, query);
}

void BillingView::showSpend()
{
    m_pages->setCurrentWidget(m_spend);
}

void BillingView::applyRole()
{
    m_spend->setRole(role());
    gate(m_retry, "billing", m_retry->text());
    gate(m_backfill, "billing", m_backfill->text());
    const QString missing = tr("Not available on this server: the daemon has no such endpoint yet.");
    if (m_usageMissing) {
        m_backfill->setEnabled(false);
        m_backfill->setToolTip(missing);
    }
    if (m_eventsMissing) {
        m_retry->setEnabled(false);
        m_retry->setToolTip(missing);
    }
}

void BillingView::refresh()
{
    m_spend->refresh(); // its own requests: a tenant's spend does not hold up the view's round
    if (!beginRound(2))
        return;
    load(QStringLiteral("/admin/usage"), m_usage, m_usageTable, m_usageLabel, tr("Usage records"));
    load(QStringLiteral("/admin/billing/events"), m_events, m_eventsTable, m_eventsLabel, tr("Billing events"));
}

void BillingView::load(const QString &path, BillingTableModel *model, QTableView *table, QLabel *label, const QString &what)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("100"));
    m_ctx.client->get(path, this, [this, path, model, table, label, what](const AdminResponse &r) {
        if (r.reachable()) {
            const bool missing = r.notFound();
            (path.contains(QLatin1String("usage")) ? m_usageMissing : m_eventsMissing) = missing;
            applyRole();
        }
        if (r.ok()) {
            const QJsonArray rows = listOf(r);
            const bool first = model->columnCount() == 0;
            model->showRows(rows);
            if (first)
                fitColumns(table, 200);
            int failed = 0;
            for (const QJsonValue &v : rows)
                failed += BillingTableModel::isFailed(v.toObject());
            label->setText(failed > 0 ? tr("%1: %2 shown, %3 failed").arg(what).arg(rows.size()).arg(failed)
                                      : tr("%1: %2 shown").arg(what).arg(rows.size()));
            label->setStyleSheet(failed > 0 ? QStringLiteral("color: #c62828; font-weight: bold") : QString());
        } else if (r.notFound()) {
            model->showRows({});
            label->setText(tr("%1: not available on this server (%2).").arg(what, r.errorMessage()));
        } else if (r.forbidden()) {
            label->setText(tr("%1: your role lacks the permission (%2).").arg(what, r.errorMessage()));
        } else {
            label->setText(tr("%1: %2").arg(what, r.errorMessage()));
        }
        settle();
    }, query);
}

} // namespace crosslogic::console
