// Runbook: the Quick Reference symptom table as entry point; a symptom runs its diagnostics and offers its
// remediations, each through the confirm-with-dry-run helper.
#include "runbook/runbookview.h"

#include "adminclient/adminclient.h"
#include "common/daemontext.h"
#include "common/actionrunner.h"
#include "common/jsontree.h"
#include "common/statuslevel.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace crosslogic::console {

RunbookView::RunbookView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("runbook"), tr("Runbook"), 30000, parent),
      m_symptoms(SymptomCatalogue::all()), m_table(new QTableWidget(content())),
      m_prefix(new QLineEdit(content())), m_heading(new QLabel(content())),
      m_findings(new JsonTree(content()))
{
    auto *layout = new QVBoxLayout(content());
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(new QLabel(tr("Customer's key prefix (for 401/429):"), content()));
    m_prefix->setPlaceholderText(QStringLiteral("clsk_live_xx"));
    keyRow->addWidget(m_prefix, 1);
    layout->addLayout(keyRow);

    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Symptom"), tr("Likely cause"), tr("Quick fix")});
    m_table->setRowCount(int(m_symptoms.size()));
    for (int i = 0; i < m_symptoms.size(); ++i) {
        m_table->setItem(i, 0, new QTableWidgetItem(m_symptoms[i].symptom));
        m_table->setItem(i, 1, new QTableWidgetItem(m_symptoms[i].likelyCause));
        m_table->setItem(i, 2, new QTableWidgetItem(m_symptoms[i].quickFix));
        QFont bold = m_table->item(i, 0)->font();
        bold.setBold(true);
        m_table->item(i, 0)->setFont(bold);
    }
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setMaximumHeight(m_table->horizontalHeader()->height() + 5 * 30 + 6);
    m_table->verticalHeader()->setDefaultSectionSize(30);
    layout->addWidget(m_table);

    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_heading->setFont(big);
    m_heading->setText(tr("Choose a symptom: its diagnostics run at once."));
    layout->addWidget(m_heading);

    auto *split = new QHBoxLayout;
    auto *findingsBox = new QGroupBox(tr("Diagnostics"), content());
    (new QVBoxLayout(findingsBox))->addWidget(m_findings);
    split->addWidget(findingsBox, 3);
    auto *fixBox = new QGroupBox(tr("Remediations (each shows a dry run first)"), content());
    m_remediations = new QVBoxLayout(fixBox);
    split->addWidget(fixBox, 2);
    layout->addLayout(split, 1);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_table->selectionModel()->selectedRows();
        if (!rows.isEmpty() && rows.first().row() != m_current)
            chooseSymptom(rows.first().row());
    });
    connect(m_prefix, &QLineEdit::returnPressed, this, &RunbookView::runDiagnostics);
    markLoaded();
}

void RunbookView::applyRole()
{
    updateButtons();
}

void RunbookView::refresh()
{
    if (m_current >= 0)
        runDiagnostics();
}

void RunbookView::chooseSymptom(int index)
{
    if (index < 0 || index >= m_symptoms.size())
        return;
    m_current = index;
    m_table->selectRow(index);
    const Symptom &s = m_symptoms[index];
    m_heading->setText(tr("%1 — %2 (runbook %3)").arg(s.symptom, s.likelyCause, s.section));
    qDeleteAll(m_buttons);
    m_buttons.clear();
    for (const Remediation &fix : s.remediations) {
        auto *button = new QPushButton(fix.label, m_remediations->parentWidget());
        button->setMinimumHeight(32);
        m_remediations->addWidget(button);
        m_buttons.append(button);
        connect(button, &QPushButton::clicked, this, [this, fix] {
            QJsonObject body;
            for (auto it = fix.body.begin(); it != fix.body.end(); ++it)
                body.insert(it.key(), it.value().isString() ? QJsonValue(fill(it.value().toString())) : it.value());
            m_ctx.actions->run({fix.label, fix.description, fix.method, fill(fix.path), body}, this,
                               [this](const AdminResponse &) { runDiagnostics(); });
        });
    }
    m_remediations->addStretch(1);
    runDiagnostics();
}

QString RunbookView::fill(const QString &text) const
{
    QString out = text;
    for (auto it = m_vars.cbegin(); it != m_vars.cend(); ++it)
        out.replace(QLatin1Char('{') + it.key() + QLatin1Char('}'), it.value());
    return out;
}

void RunbookView::learn(const QJsonObject &answer)
{
    const QJsonArray keys = answer.value(QLatin1String("data")).toArray();
    if (!keys.isEmpty() && keys.first().toObject().contains(QLatin1String("key_prefix"))) {
        const QJsonObject k = keys.first().toObject();
        m_vars.insert(QStringLiteral("key_id"), k.value(QLatin1String("id")).toString());
        m_vars.insert(QStringLiteral("tenant_id"), k.value(QLatin1String("tenant_id")).toString());
        m_vars.insert(QStringLiteral("environment_id"), k.value(QLatin1String("environment_id")).toString());
    }
    const QJsonArray nodes = answer.value(QLatin1String("nodes")).toArray();
    if (!nodes.isEmpty())
        m_vars.insert(QStringLiteral("model"), nodes.first().toObject().value(QLatin1String("model_name")).toString());
}

QString RunbookView::summarize(const AdminResponse &r) const
{
    if (!r.ok())
        return r.notFound() && r.errorMessage().startsWith(QLatin1String("no route")) ? tr("not available on this server") : r.errorMessage();
    const QJsonObject o = r.object();
    if (o.contains(QLatin1String("checks")))
        return tr("overall: %1").arg(o.value(QLatin1String("status")).toString());
    const QJsonArray data = o.value(QLatin1String("data")).toArray();
    if (!data.isEmpty() && data.first().toObject().contains(QLatin1String("valid"))) {
        const QJsonObject k = data.first().toObject();
        return k.value(QLatin1String("valid")).toBool() ? tr("key is valid")
                                                         : tr("key rejected: %1").arg(k.value(QLatin1String("invalid_reason")).toString());
    }
    if (o.contains(QLatin1String("nodes")))
        return tr("%n node(s)", nullptr, int(o.value(QLatin1String("nodes")).toArray().size()));
    if (o.contains(QLatin1String("strategy")))
        return tr("strategy: %1").arg(o.value(QLatin1String("strategy")).toString());
    if (o.contains(QLatin1String("data")))
        return tr("%n record(s)", nullptr, int(data.size()));
    return tr("answered");
}

QJsonValue RunbookView::digest(const QJsonObject &answer)
{
    QJsonObject out;
    const auto text = [](const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toVariant().toString(); };
    if (answer.contains(QLatin1String("checks"))) {
        const QJsonObject checks = answer.value(QLatin1String("checks")).toObject();
        for (auto it = checks.begin(); it != checks.end(); ++it) {
            const QJsonObject c = it.value().toObject();
            out.insert(it.key(), QString(DaemonText::status(text(c, "status")).toUpper() + QStringLiteral(" — ") + DaemonText::healthDetail(it.key(), c)));
        }
        return out;
    }
    if (answer.contains(QLatin1String("nodes"))) {
        for (const QJsonValue &v : answer.value(QLatin1String("nodes")).toArray()) {
            const QJsonObject n = v.toObject();
            out.insert(text(n, "cluster_name") + QStringLiteral(" (") + text(n, "id").left(8) + QLatin1Char(')'),
                       tr("%1, health %2, heartbeat %3 s ago%4, %5")
                           .arg(DaemonText::status(text(n, "status")), text(n, "health_score"), text(n, "heartbeat_age_s"),
                                n.value(QLatin1String("stale")).toBool() ? tr(" (stale)") : QString(), text(n, "model_name")));
        }
        return out;
    }
    const QJsonArray data = answer.value(QLatin1String("data")).toArray();
    if (!data.isEmpty() && data.at(0).toObject().contains(QLatin1String("key_prefix"))) {
        for (const QJsonValue &v : data) {
            const QJsonObject k = v.toObject();
            out.insert(text(k, "key_prefix") + QStringLiteral(" ") + text(k, "name"),
                       tr("key %1, tenant %2, environment %3, %4")
                           .arg(text(k, "status"), text(k, "tenant_status"), text(k, "environment_status"),
                                k.value(QLatin1String("valid")).toBool() ? tr("valid") : tr("invalid: %1").arg(text(k, "invalid_reason"))));
        }
        return out;
    }
    return answer;
}

void RunbookView::runDiagnostics()
{
    if (m_current < 0 || m_outstanding > 0)
        return;
    m_vars.insert(QStringLiteral("prefix"), m_prefix->text().trimmed());
    m_findings->clear();
    const Symptom &s = m_symptoms[m_current];
    // Sequential, so a later diagnostic can use what an earlier one found (the key id from the prefix lookup).
    // The function holds itself only weakly (a strong self-capture is a cycle LeakSanitizer reports); the pending
    // request's callback holds it strongly until the next step runs.
    auto step = std::make_shared<std::function<void(int)>>();
    *step = [this, weakStep = std::weak_ptr<std::function<void(int)>>(step), diagnostics = s.diagnostics](int i) {
        const auto self = weakStep.lock();
        if (!self)
            return;
        if (i >= diagnostics.size()) {
            m_outstanding = 0;
            updateButtons();
            return;
        }
        const Diagnostic d = diagnostics[i];
        const QString path = fill(d.path);
        if (path.contains(QLatin1Char('{')) || path.endsWith(QLatin1Char('='))) {
            m_findings->addSection(d.label, tr("needs the customer's key prefix"), QJsonValue(), statusColor(StatusLevel::Unknown));
            (*self)(i + 1);
            return;
        }
        const qsizetype q = path.indexOf(QLatin1Char('?'));
        const QUrlQuery query(q < 0 ? QString() : path.mid(q + 1));
        m_ctx.client->get(q < 0 ? path : path.left(q), this, [this, self, d, i](const AdminResponse &r) {
            if (r.ok())
                learn(r.object());
            const QJsonObject firstRow = r.object().value(QLatin1String("data")).toArray().at(0).toObject();
            const bool bad = !r.ok() || r.object().value(QLatin1String("status")).toString() == QLatin1String("fail")
                             || (firstRow.contains(QLatin1String("valid")) && !firstRow.value(QLatin1String("valid")).toBool());
            m_findings->addSection(d.label, summarize(r), r.ok() ? digest(r.object()) : QJsonValue(),
                                   statusColor(bad ? StatusLevel::Fail : StatusLevel::Ok));
            (*self)(i + 1);
        }, query);
    };
    m_outstanding = 1;
    (*step)(0);
}

void RunbookView::updateButtons()
{
    if (m_current < 0)
        return;
    const QList<Remediation> &fixes = m_symptoms[m_current].remediations;
    for (int i = 0; i < m_buttons.size() && i < fixes.size(); ++i) {
        gate(m_buttons[i], fixes[i].permission, fixes[i].description);
        const QString path = fill(fixes[i].path);
        bool missing = path.contains(QLatin1Char('{'));
        for (auto it = fixes[i].body.begin(); it != fixes[i].body.end(); ++it)
            missing = missing || fill(it.value().toString()).contains(QLatin1Char('{'));
        if (missing && m_buttons[i]->isEnabled()) {
            m_buttons[i]->setEnabled(false);
            m_buttons[i]->setToolTip(tr("Needs what the diagnostics find first (a key by its prefix, or a node's model)."));
        }
    }
}

} // namespace crosslogic::console
