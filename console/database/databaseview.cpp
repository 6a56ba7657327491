// Database: connections by state and over a picked range, long-running queries (cancel/terminate), index check with one-click creation,
// VACUUM ANALYZE.
#include "database/databaseview.h"

#include "adminclient/adminclient.h"
#include "common/actionrunner.h"
#include "common/tables.h"
#include "database/connectionschart.h"
#include "database/connectionshistory.h"
#include "history/historypanel.h"
#include "database/indextablemodel.h"
#include "database/longquerymodel.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace crosslogic::console {

DatabaseView::DatabaseView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("database"), tr("Database"), 10000, parent),
      m_chart(new ConnectionsChart(content())), m_history(new HistoryPanel(context.client, QStringLiteral("1h"), content())),
      m_connectionsHistory(new ConnectionsHistory), m_queries(new LongQueryModel(this)),
      m_indexes(new IndexTableModel(this)), m_queriesLabel(new QLabel(content())),
      m_indexesLabel(new QLabel(content())), m_cancel(new QPushButton(tr("Cancel query"), content())),
      m_terminate(new QPushButton(tr("Terminate session"), content())),
      m_createIndex(new QPushButton(tr("Create index"), content())), m_vacuumTable(new QComboBox(content())),
      m_vacuum(new QPushButton(tr("VACUUM ANALYZE"), content()))
{
    m_queriesTable = makeTable(m_queries, content());
    m_indexesTable = makeTable(m_indexes, content());
    m_vacuum->setObjectName(QStringLiteral("vacuumButton"));
    auto *layout = new QVBoxLayout(content());
    auto *top = new QHBoxLayout;
    top->addWidget(m_chart, 3);
    auto *indexBox = new QGroupBox(tr("Index check (runbook §4.2)"), content());
    auto *indexLayout = new QVBoxLayout(indexBox);
    indexLayout->addWidget(m_indexesLabel);
    indexLayout->addWidget(m_indexesTable, 1);
    auto *indexButtons = new QHBoxLayout;
    indexButtons->addWidget(m_createIndex);
    indexButtons->addStretch();
    indexButtons->addWidget(new QLabel(tr("Table:"), indexBox));
    m_vacuumTable->addItems({QStringLiteral("usage_records"), QStringLiteral("request_logs"), QStringLiteral("api_keys"),
                             QStringLiteral("nodes"), QStringLiteral("billing_events"), QStringLiteral("audit_log")});
    indexButtons->addWidget(m_vacuumTable);
    indexButtons->addWidget(m_vacuum);
    indexLayout->addLayout(indexButtons);
    top->addWidget(indexBox, 4);
    layout->addLayout(top, 2);
    m_history->addChart(m_connectionsHistory);
    layout->addWidget(m_history, 2);
    connect(m_history, &HistoryPanel::loaded, this, [this](const HistorySnapshot &s) { m_connectionsHistory->plot(s, m_maxConnections); });

    auto *queryBox = new QGroupBox(tr("Long-running queries (runbook §4.1)"), content());
    auto *queryLayout = new QVBoxLayout(queryBox);
    queryLayout->addWidget(m_queriesLabel);
    queryLayout->addWidget(m_queriesTable, 1);
    auto *queryButtons = new QHBoxLayout;
    queryButtons->addStretch();
    queryButtons->addWidget(m_cancel);
    queryButtons->addWidget(m_terminate);
    queryLayout->addLayout(queryButtons);
    layout->addWidget(queryBox, 2);

    connect(m_cancel, &QPushButton::clicked, this, [this] { backendAction(QStringLiteral("cancel")); });
    connect(m_terminate, &QPushButton::clicked, this, [this] { backendAction(QStringLiteral("terminate")); });
    connect(m_createIndex, &QPushButton::clicked, this, [this] {
        const QJsonObject index = selectedRowObject(m_indexesTable);
        if (index.isEmpty())
            return;
        const QString name = index.value(QLatin1String("name")).toString();
        m_ctx.actions->run({tr("Create index %1").arg(name), tr("CREATE INDEX CONCURRENTLY; the table stays writable meanwhile."), "POST",
                            QStringLiteral("/admin/db/indexes/%1").arg(name)},
                           this, [this](const AdminResponse &) { refresh(); });
    });
    connect(m_vacuum, &QPushButton::clicked, this, [this] {
        const QString table = m_vacuumTable->currentText();
        m_ctx.actions->run({tr("VACUUM ANALYZE %1").arg(table), tr("Reclaims dead rows and refreshes planner statistics."), "POST",
                            QStringLiteral("/admin/db/vacuum/%1").arg(table)},
                           this, [this](const AdminResponse &) { refresh(); });
    });
    connect(m_indexesTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DatabaseView::applyRole);
    connect(m_queriesTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DatabaseView::applyRole);
    applyRole();
}

void DatabaseView::applyRole()
{
    for (QPushButton *b : {m_cancel, m_terminate, m_createIndex, m_vacuum})
        gate(b, "database", b->text());
    const QJsonObject query = selectedRowObject(m_queriesTable);
    if (query.isEmpty() || query.value(QLatin1String("daemon_connection")).toBool()) {
        m_cancel->setEnabled(false);
        m_terminate->setEnabled(false);
    }
    const QJsonObject index = selectedRowObject(m_indexesTable);
    if (index.value(QLatin1String("state")).toString() == QLatin1String("present") || index.isEmpty())
        m_createIndex->setEnabled(false);
}

void DatabaseView::refresh()
{
    if (!beginRound(3))
        return;
    m_history->refresh();
    m_ctx.client->get(QStringLiteral("/admin/db/connections"), this, [this](const AdminResponse &r) {
        if (r.ok()) {
            m_chart->setConnections(r.object());
            const int max = r.object().value(QLatin1String("max_connections")).toInt();
            if (max != m_maxConnections) {
                m_maxConnections = max;
                m_connectionsHistory->plot(m_history->snapshot(), m_maxConnections);
            }
        }
        settle(r.reachable());
    });
    m_ctx.client->get(QStringLiteral("/admin/db/long-queries"), this, [this](const AdminResponse &r) {
        if (r.ok()) {
            const QJsonArray rows = r.object().value(QLatin1String("queries")).toArray();
            m_queries->setRows(rows);
            m_queriesLabel->setText(rows.isEmpty() ? tr("No query has been running longer than %1 s.").arg(r.object().value(QLatin1String("min_seconds")).toDouble())
                                                   : tr("%n session(s) running long; the daemon's own pool connections cannot be terminated here.", nullptr, int(rows.size())));
        } else {
            m_queriesLabel->setText(r.forbidden() ? tr("Your role cannot see database sessions (needs 'database').") : r.errorMessage());
        }
        settle(r.reachable());
    });
    m_ctx.client->get(QStringLiteral("/admin/db/indexes"), this, [this](const AdminResponse &r) {
        if (r.ok()) {
            const QJsonObject o = r.object();
            const bool first = m_indexes->rowCount() == 0;
            m_indexes->setRows(o.value(QLatin1String("expected")).toArray());
            if (first)
                fitColumns(m_indexesTable, 200);
            const int missing = int(o.value(QLatin1String("missing")).toArray().size() + o.value(QLatin1String("invalid")).toArray().size());
            m_indexesLabel->setText(missing == 0 ? tr("All expected indexes are present.") : tr("%n index(es) missing or invalid — select one and create it.", nullptr, missing));
        } else {
            m_indexesLabel->setText(r.forbidden() ? tr("Your role cannot check indexes (needs 'database').") : r.errorMessage());
        }
        settle(r.reachable());
    });
}

void DatabaseView::backendAction(const QString &verb)
{
    const QJsonObject query = selectedRowObject(m_queriesTable);
    if (query.isEmpty())
        return;
    const int pid = query.value(QLatin1String("pid")).toInt();
    const bool terminate = verb == QLatin1String("terminate");
    m_ctx.actions->run({terminate ? tr("Terminate session %1").arg(pid) : tr("Cancel query of session %1").arg(pid),
                        terminate ? tr("pg_terminate_backend: the session ends and its transaction rolls back.")
                                  : tr("pg_cancel_backend: the running statement stops; the session stays."),
                        "POST", QStringLiteral("/admin/db/%1/%2").arg(verb).arg(pid)},
                       this, [this](const AdminResponse &) { refresh(); });
}

} // namespace crosslogic::console
