// The console driven by the keyboard alone (QTest key events, no mouse) against a real crosslogicd: every view is
// reached with Ctrl+1..9 and with Ctrl+Tab from inside its widgets, a key is found by typing its name into the
// command bar and opens in the detail panel (its tenant one Enter away, Alt+Left back), and the key is revoked and
// activated again through the dry-run preview with Alt+R / Alt+T and Enter, the daemon's state checked each time.
#include "app/commandbar.h"
#include "app/mainwindow.h"
#include "app/shortcutsdialog.h"
#include "common/actionrunner.h"
#include "common/dryrundialog.h"
#include "common/resultdialog.h"
#include "detail/detailpanel.h"
#include "nodes/nodesview.h"
#include "support/adminapi.h"
#include "support/daemonprocess.h"
#include "support/rawhttp.h"
#include "support/testdatabase.h"
#include "support/testredis.h"

#include <QAbstractItemView>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QtTest>
#include <memory>

using namespace crosslogic;
using namespace crosslogic::console;
using namespace crosslogic::test;

namespace {
const QByteArray kNodeToken = "node-token-for-keyboard-tests-0123";

QWidget *focused(QWidget *fallback)
{
    return QApplication::focusWidget() ? QApplication::focusWidget() : fallback;
}

// One key press where the focus is, as a keyboard would deliver it.
void press(QWidget *window, Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QTest::keyClick(focused(window), key, modifiers);
}
} // namespace

class TestConsoleKeyboard : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<TestRedis> m_redis;
    std::unique_ptr<DaemonProcess> m_daemon;
    quint16 m_port = 0;
    QString m_nodeId;
    QString m_keyId;
    QString m_tenantName;

    std::unique_ptr<MainWindow> window()
    {
        ConnectionProfile p;
        p.name = QStringLiteral("test");
        p.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
        p.token = QString::fromLatin1(DaemonProcess::kAdminToken);
        auto w = std::make_unique<MainWindow>(p, QString());
        w->show();
        QApplication::setActiveWindow(w.get());
        return w;
    }
    static bool ready(const MainWindow &w)
    {
        for (const ConsoleView *v : w.views())
            if (!v->hasLoaded())
                return false;
        return w.role() == AdminRole::Admin;
    }
    QString keyStatus() const
    {
        return QString::fromUtf8(AdminApi(m_port).call("GET", "/admin/api-keys/" + m_keyId.toUtf8()).json("/status"));
    }
    // The dry-run dialog the action opened: nothing changed yet; Enter applies, and Escape closes the result.
    void confirmWithKeyboard(MainWindow *w, const QString &statusBefore)
    {
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<DryRunDialog *>(w->actions()->currentDialog()), 10000);
        QCOMPARE(keyStatus(), statusBefore);
        QTRY_COMPARE(QApplication::activeModalWidget(), w->actions()->currentDialog());
        press(w->actions()->currentDialog(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<ResultDialog *>(w->actions()->currentDialog()), 10000);
        auto *result = qobject_cast<ResultDialog *>(w->actions()->currentDialog());
        QVERIFY2(result->summary().contains(QLatin1String("audit")), qPrintable(result->summary()));
        QTRY_COMPARE(QApplication::activeModalWidget(), result);
        press(result, Qt::Key_Escape);
        QTRY_VERIFY(!QApplication::activeModalWidget());
        // What a window manager does when a dialog closes (the offscreen platform has none): its parent is active.
        w->activateWindow();
        QTRY_COMPARE(QApplication::activeWindow(), w);
    }
    // Tab until the focus is in a table or list of the current view; false when the view has none reachable.
    static bool tabIntoItemView(MainWindow *w, QWidget *view)
    {
        for (int i = 0; i < 40; ++i) {
            QWidget *f = QApplication::focusWidget();
            if (qobject_cast<QAbstractItemView *>(f) && view->isAncestorOf(f))
                return true;
            press(w, Qt::Key_Tab);
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<TestDatabase>();
        m_redis = std::make_unique<TestRedis>();
        QVERIFY(m_redis->start());
        m_daemon = std::make_unique<DaemonProcess>(m_db->url(), m_redis->url());
        m_daemon->setEnv(QStringLiteral("NODE_REGISTRATION_TOKEN"), QString::fromLatin1(kNodeToken));
        QVERIFY2(m_daemon->start(false), m_daemon->log().constData());
        m_port = m_daemon->port();
        QTRY_VERIFY_WITH_TIMEOUT(RawHttp::get(m_port, "/ready").status == 200, 20000);
        const auto reg = RawHttp::post(m_port, "/admin/nodes/register",
                                       "{\"cluster_name\":\"gpu-kb-1\",\"provider\":\"local\",\"model_name\":\"kb-model\",\"endpoint_url\":\"http://127.0.0.1:9\"}",
                                       {{"X-Node-Token", kNodeToken}, {"Content-Type", "application/json"}});
        QCOMPARE(reg.status, 201);
        m_nodeId = QString::fromUtf8(reg.json("/id"));
        const AdminApi api(m_port);
        const TestKey owner = api.createKey();
        m_tenantName = QString::fromUtf8(api.call("GET", "/admin/tenants/" + owner.tenantId).json("/name"));
        const HttpResult named = api.call("POST", "/admin/api-keys", "{\"tenant_id\":\"" + owner.tenantId + "\",\"environment_id\":\"" + owner.environmentId
                                                                         + "\",\"name\":\"checkout-service\",\"rate_limit_requests_per_min\":600}");
        QCOMPARE(named.status, 201);
        m_keyId = QString::fromUtf8(named.json("/id"));
        QCOMPARE(keyStatus(), QStringLiteral("active"));
    }

    void everyViewIsReachedFromTheKeyboard()
    {
        auto w = window();
        QTRY_VERIFY_WITH_TIMEOUT(ready(*w), 20000);
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        auto *tabs = w->findChild<QTabWidget *>();
        const QList<ConsoleView *> views = w->views();
        QVERIFY(views.size() >= 9);
        // Ctrl+1..9, from wherever the focus is.
        for (int i = 0; i < 9; ++i) {
            press(w.get(), Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(tabs->currentWidget(), views[i]);
        }
        // Ctrl+Tab through all of them, each time from inside the view's table when it has one (QTabWidget alone
        // sees Ctrl+Tab only while it has the focus itself).
        press(w.get(), Qt::Key_1, Qt::ControlModifier);
        int fromTables = 0;
        for (qsizetype i = 1; i <= views.size(); ++i) {
            fromTables += tabIntoItemView(w.get(), views[i - 1]);
            press(w.get(), Qt::Key_Tab, Qt::ControlModifier);
            QCOMPARE(tabs->currentWidget(), views[i % views.size()]);
        }
        QVERIFY2(fromTables >= 5, qPrintable(QString::number(fromTables)));
        press(w.get(), Qt::Key_Tab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tabs->currentWidget(), views.last());
        press(w.get(), Qt::Key_PageDown, Qt::ControlModifier);
        QCOMPARE(tabs->currentWidget(), views.first());
        press(w.get(), Qt::Key_PageUp, Qt::ControlModifier);
        QCOMPARE(tabs->currentWidget(), views.last());
        // Help → Keyboard shortcuts lists every shortcut of the menus.
        press(w.get(), Qt::Key_F1);
        QTRY_VERIFY(w->findChild<ShortcutsDialog *>());
        const QString listed = w->findChild<ShortcutsDialog *>()->text();
        int shortcuts = 0;
        for (QAction *menu : w->menuBar()->actions())
            for (QAction *action : menu->menu()->actions())
                for (const QKeySequence &k : action->shortcuts()) {
                    ++shortcuts;
                    QVERIFY2(listed.contains(k.toString(QKeySequence::NativeText)), qPrintable(k.toString() + QStringLiteral(" missing in\n") + listed));
                }
        QVERIFY(shortcuts >= 15);
        QVERIFY(QTest::qWaitForWindowActive(w->findChild<ShortcutsDialog *>()));
        QTRY_COMPARE(QApplication::activeWindow(), w->findChild<ShortcutsDialog *>());
        press(w->findChild<ShortcutsDialog *>(), Qt::Key_Escape);
        QTRY_VERIFY(!w->findChild<ShortcutsDialog *>() || !w->findChild<ShortcutsDialog *>()->isVisible());
    }

    void commandBarOpensAKeyAndItIsRevokedAndActivated()
    {
        auto w = window();
        QTRY_VERIFY_WITH_TIMEOUT(ready(*w), 20000);
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        CommandBar *bar = w->commandBar();
        DetailPanel *panel = w->detailPanel();
        // ':' outside a text field opens the bar, Escape closes it; inside the key-prefix field it is just a colon.
        press(w.get(), Qt::Key_3, Qt::ControlModifier);
        QVERIFY(tabIntoItemView(w.get(), w->views().at(2)));
        QTest::keyClick(focused(w.get()), ':');
        QTRY_VERIFY(bar->isVisible() && bar->input()->hasFocus());
        press(w.get(), Qt::Key_Escape);
        QTRY_VERIFY(!bar->isVisible());
        for (int i = 0; i < 20 && !qobject_cast<QLineEdit *>(QApplication::focusWidget()); ++i) {
            press(w.get(), Qt::Key_Tab, Qt::ShiftModifier);
        }
        auto *field = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(field);
        QTest::keyClick(field, ':');
        QCOMPARE(field->text().right(1), QStringLiteral(":"));
        QVERIFY(!bar->isVisible());
        press(w.get(), Qt::Key_Backspace);
        // Ctrl+K, the key's name, Enter: the key's page with its tenant, limits and the gateway's answer.
        press(w.get(), Qt::Key_K, Qt::ControlModifier);
        QTRY_VERIFY(bar->isVisible() && bar->input()->hasFocus());
        QTest::keyClicks(bar->input(), QStringLiteral("checkout"));
        QTRY_VERIFY_WITH_TIMEOUT(bar->list()->currentItem() && bar->list()->currentItem()->text().contains(QLatin1String("checkout-service")), 10000);
        press(w.get(), Qt::Key_Return);
        QTRY_VERIFY(panel->isVisible() && !bar->isVisible());
        QCOMPARE(panel->current().kind, QStringLiteral("key"));
        QCOMPARE(panel->current().id, m_keyId);
        QTRY_VERIFY_WITH_TIMEOUT(panel->isComplete(), 10000);
        QTRY_VERIFY(panel->tree()->hasFocus());
        const QString page = panel->text();
        QVERIFY2(page.contains(QLatin1String("checkout-service")) && page.contains(m_tenantName) && page.contains(QLatin1String("Requests per minute"))
                     && page.contains(QLatin1String("of 600")) && page.contains(QStringLiteral("200 — key accepted")),
                 qPrintable(page));
        // Down to the tenant row, Enter: the tenant's page lists the key; Alt+Left returns.
        for (int i = 0; i < 40 && panel->tree()->currentItem()->text(0) != QLatin1String("Tenant"); ++i)
            press(w.get(), Qt::Key_Down);
        QCOMPARE(panel->tree()->currentItem()->text(0), QStringLiteral("Tenant"));
        press(w.get(), Qt::Key_Return);
        QTRY_COMPARE(panel->current().kind, QStringLiteral("tenant"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->isComplete() && panel->text().contains(QLatin1String("checkout-service")), 10000);
        press(w.get(), Qt::Key_Left, Qt::AltModifier);
        QTRY_COMPARE(panel->current().id, m_keyId);
        QTRY_VERIFY_WITH_TIMEOUT(panel->isComplete() && !panel->actionButtons().isEmpty(), 10000);
        QTRY_VERIFY(panel->actionButtons().first()->isVisible() && panel->actionButtons().first()->isEnabled());

        // Alt+R: revoke, through the preview; the daemon refuses the key now and the page says so.
        press(w.get(), Qt::Key_R, Qt::AltModifier);
        confirmWithKeyboard(w.get(), QStringLiteral("active"));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(keyStatus(), QStringLiteral("revoked"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->isComplete() && panel->text().contains(QLatin1String("401 api_key_revoked")), 10000);
        QTRY_VERIFY(panel->actionButtons().first()->text().contains(QLatin1String("Ac&tivate")) && panel->actionButtons().first()->isVisible());
        // Alt+T: activate again.
        press(w.get(), Qt::Key_T, Qt::AltModifier);
        confirmWithKeyboard(w.get(), QStringLiteral("revoked"));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(keyStatus(), QStringLiteral("active"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->isComplete() && panel->text().contains(QStringLiteral("200 — key accepted")), 10000);
    }

    void enterInTheNodesTableOpensTheNodeAndItsModel()
    {
        auto w = window();
        QTRY_VERIFY_WITH_TIMEOUT(ready(*w), 20000);
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        auto *nodes = w->view<NodesView>();
        const int index = int(w->views().indexOf(nodes));
        QVERIFY(index >= 0 && index < 9);
        press(w.get(), Qt::Key(Qt::Key_1 + index), Qt::ControlModifier);
        QVERIFY(tabIntoItemView(w.get(), nodes));
        QTRY_VERIFY(nodes->selectNode(m_nodeId));
        press(w.get(), Qt::Key_Return);
        DetailPanel *panel = w->detailPanel();
        QTRY_COMPARE(panel->current().id, m_nodeId);
        QTRY_VERIFY_WITH_TIMEOUT(panel->isComplete(), 10000);
        QVERIFY2(panel->text().contains(QLatin1String("gpu-kb-1")) && panel->text().contains(QLatin1String("Circuit breaker")), qPrintable(panel->text()));
        for (int i = 0; i < 40 && panel->tree()->currentItem()->text(0) != QLatin1String("Model"); ++i)
            press(w.get(), Qt::Key_Down);
        press(w.get(), Qt::Key_Return);
        QTRY_COMPARE(panel->current().kind, QStringLiteral("model"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->isComplete() && panel->text().contains(QLatin1String("gpu-kb-1")), 10000);
        QVERIFY2(panel->text().contains(QLatin1String("kb-model")), qPrintable(panel->text()));
    }
};

QTEST_MAIN(TestConsoleKeyboard)
#include "test_console_keyboard.moc"
