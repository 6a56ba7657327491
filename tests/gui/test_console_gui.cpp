// The console against a real crosslogicd (PostgreSQL, Redis, a registered node): views load, models pass the tester,
// remediations go through the dry-run dialog and change server state, a support token sees SRE actions disabled,
// the disconnected banner appears and clears when the daemon comes back, and --url/--screenshot-dir renders PNGs.
#include "adminclient/adminclient.h"
#include "app/environmentbanner.h"
#include "app/mainwindow.h"
#include "common/actionrunner.h"
#include "common/dryrundialog.h"
#include "common/jsontree.h"
#include "common/resultdialog.h"
#include "audit/auditmodel.h"
#include "audit/auditview.h"
#include "keys/keysview.h"
#include "keys/keytablemodel.h"
#include "nodes/nodesview.h"
#include "nodes/nodetablemodel.h"
#include "support/adminapi.h"
#include "support/childprocess.h"
#include "support/daemonprocess.h"
#include "support/rawhttp.h"
#include "support/testdatabase.h"
#include "support/testenv.h"
#include "support/testredis.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QChartView>
#include <QComboBox>
#include <QHeaderView>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QtTest>
#include <memory>

using namespace crosslogic;
using namespace crosslogic::console;
using namespace crosslogic::test;

namespace {
// JSON fixtures are written with single quotes (moc cannot read raw string literals).
[[maybe_unused]] QByteArray j(const char *singleQuoted)
{
    return QByteArray(singleQuoted).replace('\'', '"');
}
const QByteArray kNodeToken = "node-token-for-console-tests-0123";
}

class TestConsoleGui : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<TestRedis> m_redis;
    std::unique_ptr<DaemonProcess> m_daemon;
    quint16 m_port = 0;
    QString m_nodeId;
    TestKey m_key;

    std::unique_ptr<MainWindow> window(const QByteArray &token, const QString &profile = QStringLiteral("test"))
    {
        ConnectionProfile p;
        p.name = profile;
        p.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
        p.token = QString::fromUtf8(token);
        auto w = std::make_unique<MainWindow>(p, QString());
        w->show();
        return w;
    }
    static bool allLoaded(const MainWindow &w)
    {
        for (const ConsoleView *v : w.views())
            if (!v->hasLoaded())
                return false;
        return w.role() != AdminRole::Unknown;
    }
    void startDaemon()
    {
        m_daemon = std::make_unique<DaemonProcess>(m_db->url(), m_redis->url());
        m_daemon->setEnv(QStringLiteral("NODE_REGISTRATION_TOKEN"), QString::fromLatin1(kNodeToken));
        if (m_port != 0)
            m_daemon->setEnv(QStringLiteral("SERVER_PORT"), QString::number(m_port)); // same port after a restart
        QVERIFY2(m_daemon->start(false), m_daemon->log().constData());
        if (m_port == 0)
            m_port = m_daemon->port();
        QTRY_VERIFY_WITH_TIMEOUT(RawHttp::get(m_port, "/ready").status == 200, 20000);
    }
    // Clicks "Apply" in the dry-run dialog the action opened; *summary gets the result dialog's text.
    void confirmAndWait(ActionRunner *actions, QString *summary)
    {
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<DryRunDialog *>(actions->currentDialog()), 10000);
        auto *dialog = qobject_cast<DryRunDialog *>(actions->currentDialog());
        QCOMPARE(QApplication::activeModalWidget(), dialog);
        auto *tree = dialog->findChild<JsonTree *>(QStringLiteral("wouldTree"));
        QVERIFY(tree && tree->topLevelItemCount() > 0);
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<ResultDialog *>(actions->currentDialog()), 10000);
        auto *result = qobject_cast<ResultDialog *>(actions->currentDialog());
        *summary = result->summary();
        result->accept();
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<TestDatabase>();
        m_redis = std::make_unique<TestRedis>();
        QVERIFY(m_redis->start());
        startDaemon();
        const auto reg = RawHttp::post(m_port, "/admin/nodes/register",
                                       j("{'cluster_name':'gpu-east-1','provider':'local','model_name':'console-model','endpoint_url':'http://127.0.0.1:9'}"),
                                       {{"X-Node-Token", kNodeToken}, {"Content-Type", "application/json"}});
        QCOMPARE(reg.status, 201);
        m_nodeId = QString::fromUtf8(reg.json("/id"));
        m_key = AdminApi(m_port).createKey();
        QVERIFY(!m_key.keyId.isEmpty());
    }

    void viewsLoadAndModelsPassTheTester()
    {
        auto w = window(DaemonProcess::kAdminToken);
        QTRY_VERIFY_WITH_TIMEOUT(allLoaded(*w), 20000);
        QCOMPARE(w->role(), AdminRole::Admin);
        QVERIFY(w->banner()->text().contains(QLatin1String("admin")));
        auto *nodes = w->view<NodesView>();
        QAbstractItemModelTester nodeTester(nodes->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *keys = w->view<KeysView>();
        QAbstractItemModelTester keyTester(keys->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester auditTester(w->view<AuditView>()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        // The testers watch a few live refreshes.
        nodes->refresh();
        keys->refresh();
        w->view<AuditView>()->refresh();
        QTest::qWait(1500);
        QVERIFY(keys->model()->rowOfId(QString::fromUtf8(m_key.keyId)) >= 0);
    }

    // What a screen reader says for each control of every view: tiles, buttons, tables, charts and fields all
    // have a name (their text, a buddy label or an accessible name), so the Overview can be read aloud.
    void everyControlHasAnAccessibleName()
    {
        auto w = window(DaemonProcess::kAdminToken);
        QTRY_VERIFY_WITH_TIMEOUT(allLoaded(*w), 20000);
        QStringList unnamed;
        int checked = 0;
        for (ConsoleView *view : w->views()) {
            w->showView(view);
            QCoreApplication::processEvents();
            const QList<QWidget *> widgets = view->findChildren<QWidget *>();
            for (QWidget *widget : widgets) {
                const bool control = qobject_cast<QAbstractButton *>(widget)
                                     || (qobject_cast<QAbstractItemView *>(widget) && !qobject_cast<QHeaderView *>(widget))
                                     || qobject_cast<QChartView *>(widget) || qobject_cast<QLineEdit *>(widget)
                                     || qobject_cast<QComboBox *>(widget) || widget->inherits("QAbstractSpinBox")
                                     || widget->inherits("crosslogic::console::StatusTile");
                if (!control || !widget->isVisibleTo(view) || qobject_cast<QAbstractButton *>(widget->parentWidget()))
                    continue;
                if (widget->inherits("QLineEdit") && (qobject_cast<QComboBox *>(widget->parentWidget())
                                                      || widget->parentWidget()->inherits("QAbstractSpinBox")))
                    continue; // an editable combo box's or a date/spin box's own line edit: the box itself is named
                ++checked;
                QAccessibleInterface *a = QAccessible::queryAccessibleInterface(widget);
                if (!a || a->text(QAccessible::Name).trimmed().isEmpty())
                    unnamed << QStringLiteral("%1: %2 '%3'").arg(view->viewId(), QString::fromLatin1(widget->metaObject()->className()), widget->objectName());
            }
        }
        QVERIFY(checked > 40);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
    }

    void nodesViewListsTheNode()
    {
        auto w = window(DaemonProcess::kAdminToken);
        auto *nodes = w->view<NodesView>();
        QTRY_VERIFY_WITH_TIMEOUT(nodes->model()->rowOfId(m_nodeId) >= 0, 15000);
        const int row = nodes->model()->rowOfId(m_nodeId);
        QCOMPARE(nodes->model()->data(nodes->model()->index(row, NodeTableModel::Cluster), Qt::DisplayRole).toString(), QStringLiteral("gpu-east-1"));
        QCOMPARE(nodes->model()->data(nodes->model()->index(row, NodeTableModel::Status), Qt::DisplayRole).toString(), QStringLiteral("active"));
        QCOMPARE(nodes->model()->data(nodes->model()->index(row, NodeTableModel::Model), Qt::DisplayRole).toString(), QStringLiteral("console-model"));
    }

    void drainNodeThroughTheDryRunDialog()
    {
        auto w = window(DaemonProcess::kAdminToken);
        auto *nodes = w->view<NodesView>();
        QTRY_VERIFY_WITH_TIMEOUT(nodes->selectNode(m_nodeId) && w->role() == AdminRole::Admin, 15000);
        w->showView(nodes);
        auto *drain = w->findChild<QPushButton *>(QStringLiteral("drainButton"));
        QTRY_VERIFY(drain->isEnabled());
        QTest::mouseClick(drain, Qt::LeftButton);
        // The dry run changed nothing.
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<DryRunDialog *>(w->actions()->currentDialog()), 10000);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM nodes WHERE id = '%1'").arg(m_nodeId)).toString(), QStringLiteral("active"));
        QString summary;
        confirmAndWait(w->actions(), &summary);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM nodes WHERE id = '%1'").arg(m_nodeId)).toString(), QStringLiteral("draining"));
        const QString auditId = m_db->scalar(QStringLiteral("SELECT max(id) FROM audit_log WHERE action = 'node.drain' AND NOT dry_run")).toString();
        QVERIFY2(summary.contains(QStringLiteral("<b>%1</b>").arg(auditId)), qPrintable(summary));
        // And the table follows.
        QTRY_COMPARE_WITH_TIMEOUT(nodes->model()->data(nodes->model()->index(nodes->model()->rowOfId(m_nodeId), NodeTableModel::Status), Qt::DisplayRole).toString(),
                                  QStringLiteral("draining"), 10000);
    }

    void revokeKeyThroughTheDryRunDialog()
    {
        auto w = window(DaemonProcess::kAdminToken);
        auto *keys = w->view<KeysView>();
        w->showView(keys);
        keys->lookUp(QString::fromUtf8(m_key.prefix));
        QTRY_VERIFY_WITH_TIMEOUT(keys->selectKey(QString::fromUtf8(m_key.keyId)) && w->role() == AdminRole::Admin, 15000);
        QTRY_VERIFY(keys->revokeButton()->isEnabled());
        QTest::mouseClick(keys->revokeButton(), Qt::LeftButton);
        QString summary;
        confirmAndWait(w->actions(), &summary);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(summary.contains(QLatin1String("audit log")), qPrintable(summary));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM api_keys WHERE id = '%1'").arg(QString::fromUtf8(m_key.keyId))).toString(),
                 QStringLiteral("revoked"));
        // The customer's key is rejected now, and the view says why.
        QCOMPARE(RawHttp::get(m_port, "/v1/models", bearer(m_key.key)).status, 401);
        QTRY_COMPARE_WITH_TIMEOUT(keys->model()->data(keys->model()->index(keys->model()->rowOfId(QString::fromUtf8(m_key.keyId)), KeyTableModel::Valid), Qt::DisplayRole).toString(),
                                  QStringLiteral("invalid: revoked"), 10000);
    }

    void supportTokenSeesSreActionsDisabled()
    {
        const HttpResult created = AdminApi(m_port).call("POST", "/admin/tokens", j("{'name':'s','role':'support'}"));
        QCOMPARE(created.status, 201);
        auto w = window(created.json("/token"));
        QTRY_COMPARE_WITH_TIMEOUT(w->role(), AdminRole::Support, 15000);
        QVERIFY(w->banner()->text().contains(QLatin1String("support")));
        for (const char *name : {"drainStaleButton", "launchButton", "routingButton", "vacuumButton"}) {
            auto *button = w->findChild<QPushButton *>(QLatin1String(name));
            QVERIFY2(button, name);
            QVERIFY2(!button->isEnabled(), name);
            QVERIFY2(button->toolTip().contains(QLatin1String("support role does not have")), qPrintable(button->toolTip()));
        }
        // Support may still fix keys.
        auto *keys = w->view<KeysView>();
        keys->lookUp(QString::fromUtf8(m_key.prefix));
        QTRY_VERIFY_WITH_TIMEOUT(keys->selectKey(QString::fromUtf8(m_key.keyId)), 15000);
        QTRY_VERIFY(w->findChild<QPushButton *>(QStringLiteral("activateKeyButton"))->isEnabled());
    }

    // The reason typed in the preview reaches the audit row; the result offers Undo, which runs the daemon's inverse
    // through its own preview. The key ends revoked, as the earlier tests left it.
    void reasonIsAuditedAndUndoPutsTheKeyBack()
    {
        auto w = window(DaemonProcess::kAdminToken);
        auto *keys = w->view<KeysView>();
        w->showView(keys);
        keys->lookUp(QString::fromUtf8(m_key.prefix));
        QTRY_VERIFY_WITH_TIMEOUT(keys->selectKey(QString::fromUtf8(m_key.keyId)) && w->role() == AdminRole::Admin, 15000);
        auto *activate = w->findChild<QPushButton *>(QStringLiteral("activateKeyButton"));
        QTRY_VERIFY(activate->isEnabled());
        QTest::mouseClick(activate, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<DryRunDialog *>(w->actions()->currentDialog()), 10000);
        auto *preview = qobject_cast<DryRunDialog *>(w->actions()->currentDialog());
        QVERIFY(preview->findChild<QLabel *>(QStringLiteral("reversibleNote")));
        QTest::keyClicks(preview->reasonEdit(), QStringLiteral("ticket 981: customer confirmed the rotation"));
        preview->reasonEdit()->insert(QStringLiteral(" — Schlüssel")); // QTest types ASCII only; the header carries UTF-8
        const QString reason = QStringLiteral("ticket 981: customer confirmed the rotation — Schlüssel");
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<ResultDialog *>(w->actions()->currentDialog()), 10000);
        auto *result = qobject_cast<ResultDialog *>(w->actions()->currentDialog());
        const QString keyStatus = QStringLiteral("SELECT status FROM api_keys WHERE id = '%1'").arg(QString::fromUtf8(m_key.keyId));
        QCOMPARE(m_db->scalar(keyStatus).toString(), QStringLiteral("active"));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT reason FROM audit_log WHERE action = 'api_key.activate' ORDER BY id DESC LIMIT 1")).toString(), reason);
        QCOMPARE(RawHttp::get(m_port, "/v1/models", bearer(m_key.key)).status, 200);

        QVERIFY(result->undoButton());
        QTest::mouseClick(result->undoButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<DryRunDialog *>(w->actions()->currentDialog()), 10000);
        auto *undoPreview = qobject_cast<DryRunDialog *>(w->actions()->currentDialog());
        QVERIFY2(undoPreview->windowTitle().contains(QLatin1String("Undo")), qPrintable(undoPreview->windowTitle()));
        QTest::mouseClick(undoPreview->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<ResultDialog *>(w->actions()->currentDialog()), 10000);
        QCOMPARE(m_db->scalar(keyStatus).toString(), QStringLiteral("revoked"));
        QCOMPARE(RawHttp::get(m_port, "/v1/models", bearer(m_key.key)).status, 401);
        w->actions()->currentDialog()->accept();
    }

    void screenshotsOfEveryViewFromTheCommandLine()
    {
        const QString dir = scratchDir() + QStringLiteral("/shots");
        QProcess console;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CROSSLOGIC_ADMIN_TOKEN"), QString::fromLatin1(DaemonProcess::kAdminToken));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        console.setProcessEnvironment(env);
        console.setProcessChannelMode(QProcess::MergedChannels);
        dieWithParent(console);
        console.start(QStringLiteral(CROSSLOGIC_CONSOLE_PATH),
                      {QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1").arg(m_port), QStringLiteral("--profile"),
                       QStringLiteral("staging"), QStringLiteral("--screenshot-dir"), dir});
        QVERIFY(console.waitForFinished(60000));
        QVERIFY2(console.exitCode() == 0, console.readAll().constData());
        const QStringList views = {QStringLiteral("overview"), QStringLiteral("nodes"), QStringLiteral("keys"), QStringLiteral("ratelimits"),
                                   QStringLiteral("database"), QStringLiteral("redis"), QStringLiteral("billing"), QStringLiteral("runbook"),
                                   QStringLiteral("escalation"), QStringLiteral("audit"), QStringLiteral("key-detail"),
                                   QStringLiteral("billing-spend")};
        for (const QString &v : views) {
            QImage image(dir + QLatin1Char('/') + v + QStringLiteral(".png"));
            QVERIFY2(!image.isNull(), qPrintable(v));
            QVERIFY(image.width() >= 1200 && image.height() >= 800);
            // The banner row, under the menu bar and toolbar, is the environment colour (green for a loopback
            // staging daemon), not blank.
            bool banner = false;
            for (int y = 0; y < 120 && !banner; ++y)
                banner = image.pixelColor(image.width() / 2, y).name() == QLatin1String("#2e7d32");
            QVERIFY2(banner, qPrintable(v));
        }
    }

    void disconnectedBannerAndRecovery()
    {
        auto w = window(DaemonProcess::kAdminToken);
        QTRY_VERIFY_WITH_TIMEOUT(allLoaded(*w), 20000);
        QVERIFY(!w->banner()->isDisconnected());
        m_daemon->kill();
        QVERIFY(m_daemon->waitForExit(5000));
        QTRY_VERIFY_WITH_TIMEOUT(w->banner()->isDisconnected(), 15000);
        QVERIFY(w->banner()->text().contains(QStringLiteral("Disconnected from")));
        QVERIFY(w->banner()->text().contains(QStringLiteral("127.0.0.1:%1").arg(m_port)));
        auto *nodes = w->view<NodesView>();
        QVERIFY(nodes->isStale());
        QVERIFY(nodes->model()->rowOfId(m_nodeId) >= 0); // last data kept, greyed
        startDaemon();
        QTRY_VERIFY_WITH_TIMEOUT(!w->banner()->isDisconnected(), 15000);
        QVERIFY(!nodes->isStale());
        QVERIFY(w->banner()->text().contains(QLatin1String("admin")));
    }
};

QTEST_MAIN(TestConsoleGui)
#include "test_console_gui.moc"
