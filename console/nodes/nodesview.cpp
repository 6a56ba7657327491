// Nodes: the fleet table, the selected node's health score over a picked range (daemon history), and the fleet actions.
#include "nodes/nodesview.h"

#include "adminclient/adminclient.h"
#include "common/actionrunner.h"
#include "common/tables.h"
#include "history/historypanel.h"
#include "detail/tablelinks.h"
#include "nodes/healthchart.h"
#include "nodes/launchnodedialog.h"
#include "nodes/nodetablemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace crosslogic::console {

NodesView::NodesView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("nodes"), tr("Nodes"), 5000, parent),
      m_model(new NodeTableModel(this)), m_history(new HistoryPanel(context.client, QStringLiteral("1h"), content())),
      m_chart(new HealthChart),
      m_summary(new QLabel(content())), m_drain(new QPushButton(tr("Drain"), content())),
      m_terminate(new QPushButton(tr("Terminate"), content())),
      m_drainStale(new QPushButton(tr("Drain stale nodes"), content())),
      m_launch(new QPushButton(tr("Launch node…"), content())), m_strategy(new QComboBox(content())),
      m_applyStrategy(new QPushButton(tr("Switch strategy"), content()))
{
    m_table = makeTable(m_model, content());
    m_table->setObjectName(QStringLiteral("nodesTable"));
    linkTable(m_table, m_ctx.navigator);
    m_drain->setObjectName(QStringLiteral("drainButton"));
    m_terminate->setObjectName(QStringLiteral("terminateButton"));
    m_drainStale->setObjectName(QStringLiteral("drainStaleButton"));
    m_launch->setObjectName(QStringLiteral("launchButton"));
    m_applyStrategy->setObjectName(QStringLiteral("routingButton"));
    auto *layout = new QVBoxLayout(content());
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(new QLabel(tr("Routing:"), content()));
    m_strategy->addItems({QStringLiteral("round_robin"), QStringLiteral("least_loaded"), QStringLiteral("least_latency"),
                          QStringLiteral("health_weighted")});
    bar->addWidget(m_strategy);
    bar->addWidget(m_applyStrategy);
    bar->addSpacing(16);
    bar->addWidget(m_drain);
    bar->addWidget(m_terminate);
    bar->addWidget(m_drainStale);
    bar->addWidget(m_launch);
    layout->addLayout(bar);
    auto *split = new QSplitter(Qt::Vertical, content());
    split->addWidget(m_table);
    m_history->addChart(m_chart);
    split->addWidget(m_history);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &NodesView::updateSelection);
    connect(m_history, &HistoryPanel::loaded, this, &NodesView::plotHealth);
    connect(m_drain, &QPushButton::clicked, this, &NodesView::drainSelected);
    connect(m_terminate, &QPushButton::clicked, this, [this] {
        nodeAction(QStringLiteral("terminate"), tr("Terminate node"), tr("Stops the node; in-flight requests fail."));
    });
    connect(m_drainStale, &QPushButton::clicked, this, [this] {
        m_ctx.actions->run({tr("Drain stale nodes"), tr("Marks active nodes without a recent heartbeat as draining (runbook §3.1)."),
                            "POST", QStringLiteral("/admin/nodes/drain-stale")},
                           this, [this](const AdminResponse &) { refresh(); });
    });
    connect(m_launch, &QPushButton::clicked, this, &NodesView::launchNode);
    connect(m_applyStrategy, &QPushButton::clicked, this, &NodesView::applyRouting);
    updateSelection();
}

void NodesView::applyRole()
{
    gate(m_drainStale, "nodes", tr("Drain stale nodes"));
    gate(m_launch, "nodes", tr("Launch a node"));
    gate(m_applyStrategy, "routing", tr("Switch the routing strategy"));
    gate(m_strategy, "routing", tr("Routing strategy"));
    updateSelection();
}

void NodesView::refresh()
{
    m_history->refresh();
    m_ctx.client->get(QStringLiteral("/admin/nodes"), this, [this](const AdminResponse &r) {
        if (!r.ok()) {
            m_summary->setText(r.forbidden() ? tr("Your role cannot list nodes (needs 'nodes').") : tr("Could not load nodes: %1").arg(r.errorMessage()));
            if (r.reachable())
                markLoaded();
            return;
        }
        const QString selected = selectedNode().value(QLatin1String("id")).toString();
        const QJsonArray nodes = r.object().value(QLatin1String("nodes")).toArray();
        m_model->setRows(nodes);
        int active = 0, stale = 0;
        for (const QJsonValue &v : nodes) {
            const QJsonObject n = v.toObject();
            active += n.value(QLatin1String("status")).toString() == QLatin1String("active");
            stale += n.value(QLatin1String("stale")).toBool();
        }
        m_summary->setText(tr("%n node(s), %1 active, %2 stale", nullptr, int(nodes.size())).arg(active).arg(stale));
        if (!hasLoaded())
            fitColumns(m_table);
        if (!selected.isEmpty())
            selectNode(selected);
        else if (!nodes.isEmpty())
            m_table->selectRow(0);
        updateSelection();
        markLoaded();
    });
    m_ctx.client->get(QStringLiteral("/admin/routing"), this, [this](const AdminResponse &r) {
        if (!r.ok())
            return;
        const QString strategy = r.object().value(QLatin1String("strategy")).toString();
        if (strategy != m_currentStrategy) {
            m_currentStrategy = strategy;
            m_strategy->setCurrentText(strategy);
        }
    });
}

bool NodesView::selectNode(const QString &id)
{
    return selectRowOfId(m_table, id);
}

QJsonObject NodesView::selectedNode() const
{
    return selectedRowObject(m_table);
}

void NodesView::updateSelection()
{
    const QJsonObject node = selectedNode();
    const bool any = !node.isEmpty();
    gate(m_drain, "nodes", tr("Drain the selected node"));
    gate(m_terminate, "nodes", tr("Terminate the selected node"));
    if (!any) {
        m_drain->setEnabled(false);
        m_terminate->setEnabled(false);
        if (!m_plotted.isEmpty())
            plotHealth();
        return;
    }
    if (node.value(QLatin1String("id")).toString() != m_plotted)
        plotHealth();
}

void NodesView::plotHealth()
{
    const QJsonObject node = selectedNode();
    m_plotted = node.value(QLatin1String("id")).toString();
    m_chart->plot(m_history->snapshot(), m_plotted, node.value(QLatin1String("cluster_name")).toString(),
                  node.value(QLatin1String("model_name")).toString());
}

void NodesView::drainSelected()
{
    nodeAction(QStringLiteral("drain"), tr("Drain node"), tr("Stops routing new requests to the node; in-flight requests finish."));
}

void NodesView::nodeAction(const QString &verb, const QString &title, const QString &description)
{
    const QJsonObject node = selectedNode();
    if (node.isEmpty())
        return;
    const QString id = node.value(QLatin1String("id")).toString();
    ActionRequest request{title + QStringLiteral(" ") + node.value(QLatin1String("cluster_name")).toString(), description, "POST",
                          QStringLiteral("/admin/nodes/%1/%2").arg(id, verb)};
    m_ctx.actions->run(request, this, [this](const AdminResponse &) { refresh(); });
}

void NodesView::launchNode()
{
    const QString model = selectedNode().value(QLatin1String("model_name")).toString();
    auto *dialog = new LaunchNodeDialog(model, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_ctx.actions->run({tr("Launch node"), tr("Starts a new inference node; it registers once its engine is up."), "POST",
                            QStringLiteral("/admin/nodes/launch"), dialog->body()},
                           this, [this](const AdminResponse &) { refresh(); });
    });
    dialog->open();
}

void NodesView::applyRouting()
{
    const QString strategy = m_strategy->currentText();
    m_ctx.actions->run({tr("Switch routing to %1").arg(strategy), tr("Changes how the gateway picks a node for each request."), "PUT",
                        QStringLiteral("/admin/routing"), QJsonObject{{QStringLiteral("strategy"), strategy}}},
                       this, [this](const AdminResponse &) { refresh(); });
}

} // namespace crosslogic::console
