// Spend controls in the console against a real crosslogicd with a simulated engine: a tenant budget is set and the
// balance credited from Billing → "Spend & credit" through the dry-run preview (nothing changes until Apply, the
// result names the audit row), requests are served and billed, and the view shows spent / remaining, the balance
// and the ledger row; the budget is raised from the table; a key's detail panel lists the budgets that apply to it
// and sets the key's own budget, which the gateway then enforces; a support token reads spend but cannot credit.
#include "app/mainwindow.h"
#include "billing/billingview.h"
#include "billing/money.h"
#include "billing/spendchart.h"
#include "billing/spenddialogs.h"
#include "billing/spendpanel.h"
#include "common/actionrunner.h"
#include "common/dryrundialog.h"
#include "common/jsontablemodel.h"
#include "common/resultdialog.h"
#include "detail/detailpanel.h"
#include "support/teststack.h"

#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QtTest>
#include <memory>

using namespace crosslogic;
using namespace crosslogic::console;
using namespace crosslogic::test;

namespace {
// Output tokens only are priced, 50 micro-units each: a request with max_tokens 10 costs exactly 500 micro-units.
const QByteArray kChat = "{\"model\":\"console-spend-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":10}";
} // namespace

class TestConsoleSpend : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    TestKey m_key;
    QString m_tenantName;

    std::unique_ptr<MainWindow> window(const QByteArray &token = DaemonProcess::kAdminToken)
    {
        ConnectionProfile p;
        p.name = QStringLiteral("test");
        p.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_stack.port()));
        p.token = QString::fromLatin1(token);
        auto w = std::make_unique<MainWindow>(p, QString());
        w->show();
        return w;
    }
    qint64 number(const QString &sql) { return m_stack.db().scalar(sql).toLongLong(); }
    // The form the button opened, filled in and sent on to the preview.
    template <typename Dialog>
    Dialog *openedDialog(QWidget *within)
    {
        Dialog *found = nullptr;
        const bool shown = QTest::qWaitFor([&] { return (found = within->findChild<Dialog *>()) && found->isVisible(); }, 5000);
        return shown ? found : nullptr;
    }
    // The preview changed nothing (unchanged() still holds); Apply; the result names the audit row of action.
    void previewThenApply(MainWindow *w, const std::function<bool()> &unchanged, const QString &action, QString *preview = nullptr)
    {
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<DryRunDialog *>(w->actions()->currentDialog()), 10000);
        auto *dialog = qobject_cast<DryRunDialog *>(w->actions()->currentDialog());
        QVERIFY(unchanged());
        if (preview)
            *preview = dialog->findChild<QObject *>(QStringLiteral("dryRunDetail"))->property("plainText").toString();
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<ResultDialog *>(w->actions()->currentDialog()), 10000);
        auto *result = qobject_cast<ResultDialog *>(w->actions()->currentDialog());
        const QString auditId = m_stack.db().scalar(QStringLiteral("SELECT max(id) FROM audit_log WHERE action = '%1' AND NOT dry_run").arg(action)).toString();
        QVERIFY2(!auditId.isEmpty() && result->summary().contains(QStringLiteral("<b>%1</b>").arg(auditId)), qPrintable(result->summary()));
        QVERIFY2(w->statusText().contains(QStringLiteral("audit id %1").arg(auditId)), qPrintable(w->statusText()));
        result->accept();
    }
    int budgetRow(const JsonTableModel *model, const QString &level)
    {
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->rowObject(r).value(QLatin1String("level")).toString() == level)
                return r;
        return -1;
    }
    QString cell(const JsonTableModel *model, int row, const QString &header)
    {
        for (int c = 0; c < model->columnCount(); ++c)
            if (model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString() == header)
                return model->data(model->index(row, c), Qt::DisplayRole).toString();
        return QStringLiteral("<no column %1>").arg(header);
    }

private slots:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // "0.0025" whatever the machine's locale
        QVERIFY(m_stack.start());
        m_stack.db().scalar(QStringLiteral("INSERT INTO models (name, input_price_micros_per_mtok, output_price_micros_per_mtok)"
                                           " VALUES ('console-spend-model', 0, 50000000)"));
        QVERIFY(m_stack.startEngineNode(QStringLiteral("console-spend-model"), "--ttft-ms 0", QStringLiteral("spend")));
        QVERIFY(m_stack.addDaemon({{"RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN", "0"}}).start());
        m_key = m_stack.admin().createKey();
        QVERIFY(TestStack::waitForModel(m_stack.port(), m_key.key, "console-spend-model"));
        m_tenantName = QString::fromUtf8(m_stack.admin().call("GET", "/admin/tenants/" + m_key.tenantId).json("/name"));
        // Keep clear of UTC midnight: the daily period must not change between spending and reading.
        const QTime t = QDateTime::currentDateTimeUtc().time();
        if (t.hour() == 23 && t.minute() >= 58)
            QTest::qWait((86400 - t.msecsSinceStartOfDay()) + 1000);
    }

    void budgetAndCreditFromTheBillingView()
    {
        const QString tenant = QString::fromUtf8(m_key.tenantId);
        auto w = window();
        auto *billing = w->view<BillingView>();
        SpendPanel *spend = billing->spendPanel();
        w->showView(billing);
        billing->showSpend();
        QTRY_VERIFY_WITH_TIMEOUT(w->role() == AdminRole::Admin && spend->selectTenant(tenant), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(spend->hasSpend(), 10000);
        QCOMPARE(spend->budgets()->rowCount(), 0);
        QVERIFY2(spend->balance()->text().contains(QLatin1String("Postpaid")), qPrintable(spend->balance()->text()));

        // Set the tenant's budget: $0.05 a day.
        QTRY_VERIFY(spend->setBudgetButton()->isEnabled());
        QTest::mouseClick(spend->setBudgetButton(), Qt::LeftButton);
        auto *form = openedDialog<BudgetDialog>(w.get());
        QVERIFY(form);
        form->amountEdit()->setText(QStringLiteral("0.05"));
        QTest::mouseClick(form->reviewButton(), Qt::LeftButton);
        const QString budgets = QStringLiteral("SELECT count(*) FROM budgets WHERE level = 'tenant' AND scope_id = '%1'").arg(tenant);
        QString preview;
        previewThenApply(w.get(), [&] { return number(budgets) == 0; }, QStringLiteral("budget.set"), &preview);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(preview.contains(QLatin1String("\"amount_micros\": 50000")) && preview.contains(QLatin1String("\"dry_run\": true")), qPrintable(preview));
        QCOMPARE(number(QStringLiteral("SELECT amount_micros FROM budgets WHERE level = 'tenant' AND scope_id = '%1'").arg(tenant)), 50000);

        // Credit $1.00 with a reference.
        QTRY_VERIFY(spend->creditButton()->isEnabled());
        QTest::mouseClick(spend->creditButton(), Qt::LeftButton);
        auto *credit = openedDialog<CreditDialog>(w.get());
        QVERIFY(credit);
        credit->amountEdit()->setText(QStringLiteral("1.00"));
        credit->referenceEdit()->setText(QStringLiteral("PO-4711"));
        QTest::mouseClick(credit->reviewButton(), Qt::LeftButton);
        const QString ledger = QStringLiteral("SELECT count(*) FROM credit_ledger WHERE tenant_id = '%1'").arg(tenant);
        previewThenApply(w.get(), [&] { return number(ledger) == 0; }, QStringLiteral("tenant.credit"));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(number(ledger), 1);

        // Five requests at 500 micro-units each, billed.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(RawHttp::post(m_stack.port(), "/v1/chat/completions", kChat, bearer(m_key.key)).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(number(QStringLiteral("SELECT coalesce(sum(cost_micros), 0) FROM usage_records WHERE tenant_id = '%1'").arg(tenant)), 2500, 15000);

        // What the operator reads: spent 0.0025 and 0.0475 left of 0.05 a day, the balance, the ledger row, the chart.
        spend->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(budgetRow(spend->budgets(), QStringLiteral("tenant")) >= 0
                                     && cell(spend->budgets(), budgetRow(spend->budgets(), QStringLiteral("tenant")), QStringLiteral("Spent")) == QLatin1String("0.0025"),
                                 10000);
        const int row = budgetRow(spend->budgets(), QStringLiteral("tenant"));
        QCOMPARE(cell(spend->budgets(), row, QStringLiteral("Applies to")), m_tenantName);
        QCOMPARE(cell(spend->budgets(), row, QStringLiteral("Period")), QStringLiteral("daily"));
        QCOMPARE(cell(spend->budgets(), row, QStringLiteral("Limit")), QStringLiteral("0.05"));
        QCOMPARE(cell(spend->budgets(), row, QStringLiteral("Remaining")), QStringLiteral("0.0475"));
        QCOMPARE(cell(spend->budgets(), row, QStringLiteral("Used")), QStringLiteral("5 %"));
        const QDate tomorrow = QDateTime::currentDateTimeUtc().date().addDays(1);
        QVERIFY2(cell(spend->budgets(), row, QStringLiteral("Resets")).contains(QDateTime(tomorrow, QTime(0, 0), Qt::UTC).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                 qPrintable(cell(spend->budgets(), row, QStringLiteral("Resets"))));
        QVERIFY2(spend->balance()->text().contains(QLatin1String("<b>0.9975</b>")) && spend->balance()->text().contains(QLatin1String("1.00 credited")),
                 qPrintable(spend->balance()->text()));
        QCOMPARE(spend->ledger()->rowCount(), 1);
        QCOMPARE(cell(spend->ledger(), 0, QStringLiteral("Amount")), QStringLiteral("1.00"));
        QCOMPARE(cell(spend->ledger(), 0, QStringLiteral("Reference")), QStringLiteral("PO-4711"));
        QCOMPARE(cell(spend->ledger(), 0, QStringLiteral("Source")), QStringLiteral("admin"));
        QCOMPARE(cell(spend->ledger(), 0, QStringLiteral("Balance after")), QStringLiteral("1.00"));
        QCOMPARE(spend->chart()->categories(), QStringList({QStringLiteral("tenant %1, daily: 0.0025 of 0.05 (5 %)").arg(m_tenantName),
                                                            QStringLiteral("prepaid credit: 0.0025 of 1.00 (0 %)")}));

        // Raise the selected budget to 0.10; the preview's "before" is the old one.
        QVERIFY(!spend->raiseBudgetButton()->isEnabled()); // nothing selected yet
        spend->budgetsTable()->selectRow(row);
        QTRY_VERIFY(spend->raiseBudgetButton()->isEnabled());
        QTest::mouseClick(spend->raiseBudgetButton(), Qt::LeftButton);
        auto *raise = openedDialog<BudgetDialog>(w.get());
        QVERIFY(raise);
        QCOMPARE(raise->amountEdit()->text(), QStringLiteral("0.05"));
        raise->amountEdit()->setText(QStringLiteral("0.10"));
        QVERIFY2(raise->request().title.startsWith(QLatin1String("Raise budget of tenant")), qPrintable(raise->request().title));
        QTest::mouseClick(raise->reviewButton(), Qt::LeftButton);
        const QString amount = QStringLiteral("SELECT amount_micros FROM budgets WHERE level = 'tenant' AND scope_id = '%1'").arg(tenant);
        previewThenApply(w.get(), [&] { return number(amount) == 50000; }, QStringLiteral("budget.set"));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(number(amount), 100000);
        QTRY_VERIFY_WITH_TIMEOUT(cell(spend->budgets(), budgetRow(spend->budgets(), QStringLiteral("tenant")), QStringLiteral("Remaining")) == QLatin1String("0.0975"), 10000);
    }

    void keyDetailShowsAndSetsItsBudget()
    {
        auto w = window();
        QTRY_VERIFY_WITH_TIMEOUT(w->role() == AdminRole::Admin, 20000);
        DetailPanel *panel = w->detailPanel();
        panel->open({QStringLiteral("key"), QString::fromUtf8(m_key.keyId), QString()});
        QTRY_VERIFY_WITH_TIMEOUT(panel->isComplete() && panel->text().contains(QLatin1String("Budgets and spend")), 10000);
        QVERIFY2(panel->text().contains(QLatin1String("Tenant budget (daily): 0.0025 of 0.10 spent (2 %), 0.0975 left")), qPrintable(panel->text()));
        QVERIFY2(panel->text().contains(QLatin1String("Prepaid balance: 0.9975 of 1.00 credited")), qPrintable(panel->text()));
        QVERIFY2(!panel->text().contains(QLatin1String("Key budget")), qPrintable(panel->text()));
        QPushButton *set = nullptr;
        for (QPushButton *b : panel->actionButtons())
            if (b->text() == QStringLiteral("Set &budget…"))
                set = b;
        QStringList buttons;
        for (QPushButton *b : panel->actionButtons())
            buttons << b->text() + (b->isEnabled() ? QString() : QStringLiteral(" (disabled: %1)").arg(b->toolTip()));
        QVERIFY2(set && set->isEnabled(), qPrintable(buttons.join(QStringLiteral(", "))));
        QTest::mouseClick(set, Qt::LeftButton);
        auto *form = openedDialog<BudgetDialog>(w.get());
        QVERIFY(form);
        // A lifetime budget of 0.0004 for the key, below what one request may cost (0.0005): the key is cut off.
        form->amountEdit()->setText(QStringLiteral("0.0004"));
        form->periodBox()->setCurrentIndex(form->periodBox()->findData(QStringLiteral("lifetime")));
        QTest::mouseClick(form->reviewButton(), Qt::LeftButton);
        const QString budgets = QStringLiteral("SELECT count(*) FROM budgets WHERE level = 'key' AND scope_id = '%1'").arg(QString::fromUtf8(m_key.keyId));
        previewThenApply(w.get(), [&] { return number(budgets) == 0; }, QStringLiteral("budget.set"));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(number(budgets), 1);
        QTRY_VERIFY_WITH_TIMEOUT(panel->isComplete() && panel->text().contains(QLatin1String("Key budget (lifetime): 0.0025 of 0.0004 spent (625 %), 0.00 left")),
                                 10000);
        QVERIFY2(panel->text().contains(QLatin1String("never resets")), qPrintable(panel->text()));
        QTRY_VERIFY(!panel->actionButtons().isEmpty() && panel->actionButtons().last()->text() == QStringLiteral("Raise &budget…"));
        // The gateway enforces what the console set.
        const HttpResult refused = RawHttp::post(m_stack.port(), "/v1/chat/completions", kChat, bearer(m_key.key));
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.json("/error/code"), QByteArray("insufficient_quota"));
    }

    // Support may set budgets (limits) and read spend (usage) but not credit (billing): the button says why.
    void supportSeesSpendButCannotCredit()
    {
        const QByteArray token = m_stack.admin().createToken("spend-support", "support");
        QVERIFY(!token.isEmpty());
        auto w = window(token);
        SpendPanel *spend = w->view<BillingView>()->spendPanel();
        QTRY_VERIFY_WITH_TIMEOUT(w->role() == AdminRole::Support && spend->selectTenant(QString::fromUtf8(m_key.tenantId)), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(spend->hasSpend() && spend->budgets()->rowCount() == 2, 10000);
        QTRY_VERIFY(spend->setBudgetButton()->isEnabled());
        QVERIFY(!spend->creditButton()->isEnabled());
        QVERIFY2(spend->creditButton()->toolTip().contains(QLatin1String("'billing'")) && spend->creditButton()->toolTip().contains(QLatin1String("support")),
                 qPrintable(spend->creditButton()->toolTip()));
    }
};

QTEST_MAIN(TestConsoleSpend)
#include "test_console_spend.moc"
