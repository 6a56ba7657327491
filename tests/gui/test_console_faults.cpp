// The console against a real crosslogicd and node agent, with faults injected: a SIGKILLed agent appears on
// the Overview as an alert naming its node, Fix… previews the drain with the daemon's "last routable node"
// warning, and the console reports the alert's fate; a stopped daemon makes a dry run say "timed out"; a
// killed daemon leaves every view stale with its "last updated" time, the API tile "unreachable", and tab
// switches without ghosting (the window's backing store equals a fresh rendering, pixel for pixel).
#include "adminclient/adminclient.h"
#include "app/mainwindow.h"
#include "common/actionrunner.h"
#include "common/dryrundialog.h"
#include "common/resultdialog.h"
#include "common/statustile.h"
#include "nodes/nodesview.h"
#include "overview/alertlistmodel.h"
#include "overview/alertpanel.h"
#include "overview/overviewview.h"
#include "support/adminapi.h"
#include "support/agentprocess.h"
#include "support/daemonprocess.h"
#include "support/rawhttp.h"
#include "support/testdatabase.h"
#include "support/testenv.h"
#include "support/testredis.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QWindow>
#include <QtTest>
#include <csignal>
#include <memory>

using namespace crosslogic;
using namespace crosslogic::console;
using namespace crosslogic::test;

namespace {
const QByteArray kNodeToken = "node-token-for-console-faults-0123";

// The Fix… action called title in the panel's menu, after opening it.
QAction *fixAction(AlertPanel *panel, const QString &title)
{
    QTest::mouseClick(panel->fixButton(), Qt::LeftButton);
    for (QAction *a : panel->fixMenu()->actions())
        if (a->text() == title)
            return a;
    return nullptr;
}
} // namespace

class TestConsoleFaults : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<TestRedis> m_redis;
    std::unique_ptr<DaemonProcess> m_daemon;
    quint16 m_port = 0;

    std::unique_ptr<MainWindow> window()
    {
        ConnectionProfile p;
        p.name = QStringLiteral("test");
        p.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
        p.token = QString::fromLatin1(DaemonProcess::kAdminToken);
        auto w = std::make_unique<MainWindow>(p, QString());
        w->resize(1280, 800);
        w->show();
        return w;
    }
    static bool allLoaded(const MainWindow &w)
    {
        for (const ConsoleView *v : w.views())
            if (!v->hasLoaded())
                return false;
        return w.role() != AdminRole::Unknown && w.view<OverviewView>()->alerts()->hasLoaded();
    }
    void startDaemon()
    {
        m_daemon = std::make_unique<DaemonProcess>(m_db->url(), m_redis->url());
        m_daemon->setEnv(QStringLiteral("NODE_REGISTRATION_TOKEN"), QString::fromLatin1(kNodeToken));
        m_daemon->setEnv(QStringLiteral("ALERT_EVAL_INTERVAL_MS"), QStringLiteral("500"));
        m_daemon->setEnv(QStringLiteral("NODE_HEARTBEAT_INTERVAL_SECONDS"), QStringLiteral("1"));
        m_daemon->setEnv(QStringLiteral("NODE_STALE_SECONDS"), QStringLiteral("300"));
        if (m_port != 0)
            m_daemon->setEnv(QStringLiteral("SERVER_PORT"),
                             QString::number(m_port)); // same port after a restart
        QVERIFY2(m_daemon->start(false), m_daemon->log().constData());
        if (m_port == 0)
            m_port = m_daemon->port();
        QTRY_VERIFY_WITH_TIMEOUT(RawHttp::get(m_port, "/ready").status == 200, 20000);
    }
    // The alert of rule about an object whose name is name, or an empty object.
    static QJsonObject listedAlert(AlertListModel *model, const QString &rule, const QString &name)
    {
        for (int row = 0; row < model->rowCount(); ++row) {
            const QJsonObject a = model->alertAt(row);
            if (a.value(QLatin1String("rule")).toString() == rule &&
                model->data(model->index(row, AlertListModel::Objects), Qt::DisplayRole)
                    .toString()
                    .contains(name))
                return a;
        }
        return {};
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<TestDatabase>();
        m_redis = std::make_unique<TestRedis>();
        QVERIFY(m_redis->start());
        startDaemon();
        // Quicker firing and resolving for a test's time scale (audited, as an operator would do it).
        for (const char *rule : {"node_heartbeat_late", "model_without_node"}) {
            const HttpResult r = AdminApi(m_port).call("PATCH", QByteArray("/admin/alerts/rules/") + rule,
                                                       "{\"for_seconds\":0,\"clear_seconds\":2}");
            QVERIFY2(r.status == 200, r.body.constData());
        }
    }

    void killedAgentIsAnAlertAndItsFixIsJudged()
    {
        const QString dir = scratchDir() + QStringLiteral("/agent-console");
        AgentProcess agent(QStringLiteral("http://127.0.0.1:%1").arg(m_port), dir, kNodeToken,
                           {QStringLiteral("--simulate"), QStringLiteral("--port"), QStringLiteral("0"),
                            QStringLiteral("--model"), QStringLiteral("console-solo"),
                            QStringLiteral("--cluster-name"), QStringLiteral("gpu-console-1")});
        QVERIFY(agent.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(
            m_db->scalar(QStringLiteral("SELECT status FROM nodes WHERE model_name = 'console-solo'"))
                .toString(),
            QStringLiteral("active"), 15000);
        const QString nodeId =
            m_db->scalar(QStringLiteral("SELECT id FROM nodes WHERE model_name = 'console-solo'")).toString();
        auto w = window();
        auto *overview = w->view<OverviewView>();
        AlertPanel *panel = overview->alerts();
        QTRY_VERIFY_WITH_TIMEOUT(allLoaded(*w), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(panel->headline().contains(QLatin1String("live")),
                                 10000); // the SSE stream is up
        QVERIFY(listedAlert(panel->model(), QStringLiteral("node_heartbeat_late"),
                            QStringLiteral("gpu-console-1"))
                    .isEmpty());

        QElapsedTimer sinceKill;
        agent.kill();
        sinceKill.start();
        // Late after 3 heartbeat intervals (3 s); on the Overview within that + 15 s, by the node's name.
        QTRY_VERIFY_WITH_TIMEOUT(!listedAlert(panel->model(), QStringLiteral("node_heartbeat_late"),
                                              QStringLiteral("gpu-console-1"))
                                      .isEmpty(),
                                 3000 + 15000);
        qInfo("late-heartbeat alert on the Overview %lld ms after SIGKILL", sinceKill.elapsed());
        const QJsonObject late = listedAlert(panel->model(), QStringLiteral("node_heartbeat_late"),
                                             QStringLiteral("gpu-console-1"));
        const qint64 alertId = late.value(QLatin1String("id")).toInteger();
        const int row = panel->model()->rowOfId(alertId);
        const QString objects =
            panel->model()
                ->data(panel->model()->index(row, AlertListModel::Objects), Qt::DisplayRole)
                .toString();
        QVERIFY2(objects.contains(QLatin1String("node gpu-console-1")) && !objects.contains(nodeId),
                 qPrintable(objects));
        QVERIFY(panel->model()
                    ->data(panel->model()->index(row, AlertListModel::Objects), Qt::ToolTipRole)
                    .toString()
                    .contains(nodeId));
        QCOMPARE(panel->model()
                     ->data(panel->model()->index(row, AlertListModel::Runbook), Qt::DisplayRole)
                     .toString(),
                 QStringLiteral("§3.1"));

        // Fix… → "Drain the node": the dry run's preview warns that this is the model's last routable node.
        QVERIFY(panel->selectAlert(alertId));
        QTRY_VERIFY(panel->fixButton()->isEnabled());
        QAction *drain = fixAction(panel, QStringLiteral("Drain the node"));
        QVERIFY2(drain, "no 'Drain the node' in the Fix… menu");
        panel->fixMenu()->close();
        drain->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<DryRunDialog *>(w->actions()->currentDialog()), 10000);
        auto *preview = qobject_cast<DryRunDialog *>(w->actions()->currentDialog());
        QVERIFY2(
            preview->consequencesText().contains(QLatin1String("last routable node for model console-solo")),
            qPrintable(preview->consequencesText()));
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT status FROM nodes WHERE id = '%1'").arg(nodeId)).toString(),
            QStringLiteral("active"));
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<ResultDialog *>(w->actions()->currentDialog()), 10000);
        auto *result = qobject_cast<ResultDialog *>(w->actions()->currentDialog());
        QVERIFY2(result->summary().contains(QLatin1String("Done")), qPrintable(result->summary()));
        result->accept();
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT status FROM nodes WHERE id = '%1'").arg(nodeId)).toString(),
            QStringLiteral("draining"));

        // The console watches the alert and reports its fate: a drained node is no longer late (clear after 2
        // s).
        QTRY_VERIFY_WITH_TIMEOUT(panel->fixStatus().startsWith(QLatin1String("fixed: ")) ||
                                     panel->fixStatus().startsWith(QLatin1String("still failing")),
                                 65000);
        const QString verdict = panel->fixStatus();
        qInfo("verdict: %s", qPrintable(verdict));
        static const QRegularExpression fixed(
            QStringLiteral("^fixed: node gpu-console-1 .* — resolved after \\d+ s$"));
        QVERIFY2(fixed.match(verdict).hasMatch(), qPrintable(verdict));
        QCOMPARE(w->statusText(), verdict); // and in the status bar
        QCOMPARE(panel->model()->rowOfId(alertId), -1);
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT state FROM alerts WHERE id = %1").arg(alertId)).toString(),
            QStringLiteral("resolved"));
    }

    void timedOutDryRunSaysTimedOut()
    {
        auto w = window();
        QTRY_VERIFY_WITH_TIMEOUT(allLoaded(*w), 20000);
        w->client()->setTimeout(1500);
        // A stopped (not dead) daemon accepts connections and never answers.
        QCOMPARE(::kill(pid_t(m_daemon->pid()), SIGSTOP), 0);
        w->actions()->run(ActionRequest(QStringLiteral("Drain stale nodes"), QString(), "POST",
                                        QStringLiteral("/admin/nodes/drain-stale")),
                          w.get());
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<ResultDialog *>(w->actions()->currentDialog()), 10000);
        const QString summary = qobject_cast<ResultDialog *>(w->actions()->currentDialog())->summary();
        QCOMPARE(::kill(pid_t(m_daemon->pid()), SIGCONT), 0);
        QVERIFY2(summary.contains(QLatin1String("timed out")) &&
                     !summary.contains(QLatin1String("Operation canceled")) &&
                     !summary.contains(QLatin1String("refused")),
                 qPrintable(summary));
        QVERIFY2(w->statusText().contains(QLatin1String("timed out")), qPrintable(w->statusText()));
        QVERIFY(!w->statusText().contains(QLatin1String("Reconnected")));
    }

    void stoppedDaemonLeavesEveryViewStaleWithoutGhosting()
    {
        auto w = window();
        QTRY_VERIFY_WITH_TIMEOUT(allLoaded(*w), 20000);
        auto *overview = w->view<OverviewView>();
        w->showView(overview);
        QTRY_COMPARE_WITH_TIMEOUT(overview->tile(QStringLiteral("api"))->level(), StatusLevel::Ok, 10000); // "Up", or the check's "OK"
        m_daemon->kill();
        QVERIFY(m_daemon->waitForExit(5000));
        const QList<ConsoleView *> views = w->views();
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(views.begin(), views.end(), [](const ConsoleView *v) { return v->isStale(); }),
            15000);
        QTest::qWait(2500); // a few more failed refreshes: nothing may claim to be up or reconnected
        static const QRegularExpression lastUpdated(QStringLiteral("last updated (\\d\\d:\\d\\d:\\d\\d)"));
        for (ConsoleView *v : views) {
            auto *label = v->findChild<QLabel *>(QStringLiteral("staleLabel"));
            QVERIFY2(label && label->isVisibleTo(v), qPrintable(v->viewId()));
            const auto match = lastUpdated.match(label->text());
            QVERIFY2(match.hasMatch(), qPrintable(v->viewId() + QStringLiteral(": ") + label->text()));
            QCOMPARE(match.captured(1), v->lastUpdated().toString(QStringLiteral("HH:mm:ss")));
            QVERIFY(v->lastUpdated().secsTo(QDateTime::currentDateTime()) >= 2); // from before the kill
        }
        QCOMPARE(overview->tile(QStringLiteral("api"))->value(), QStringLiteral("unreachable"));
        QCOMPARE(overview->tile(QStringLiteral("api"))->level(), StatusLevel::Fail);
        QVERIFY2(w->statusText().startsWith(QLatin1String("Disconnected from")), qPrintable(w->statusText()));

        // Tab switches while disconnected: what the window shows (its backing store) is exactly a fresh
        // rendering of the new tab; before, the opacity effect let the previous tab show through.
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        ConsoleView *previous = overview;
        for (ConsoleView *v : views) {
            if (v == overview)
                continue;
            w->showView(v);
            QTest::qWait(200);
            QVERIFY(!previous->isVisible());
            const QRect area(v->mapTo(w.get(), QPoint(0, 0)), v->size());
            const QImage shown = w->windowHandle()
                                     ->screen()
                                     ->grabWindow(w->winId())
                                     .toImage()
                                     .copy(area)
                                     .convertToFormat(QImage::Format_RGB32);
            const QImage fresh = w->grab().toImage().copy(area).convertToFormat(QImage::Format_RGB32);
            QCOMPARE(shown.size(), fresh.size());
            int differing = 0;
            for (int y = 0; y < shown.height(); ++y)
                for (int x = 0; x < shown.width(); ++x)
                    differing += shown.pixel(x, y) != fresh.pixel(x, y);
            if (differing > 0) {
                shown.save(scratchDir() + QStringLiteral("/ghost-%1-shown.png").arg(v->viewId()));
                fresh.save(scratchDir() + QStringLiteral("/ghost-%1-fresh.png").arg(v->viewId()));
            }
            QVERIFY2(differing == 0, qPrintable(QStringLiteral("%1: %2 pixels differ from a fresh rendering")
                                                    .arg(v->viewId())
                                                    .arg(differing)));
            previous = v;
        }

        // Back: the stale marks go, and the status bar names the request that proved it.
        startDaemon();
        QTRY_VERIFY_WITH_TIMEOUT(
            std::none_of(views.begin(), views.end(), [](const ConsoleView *v) { return v->isStale(); }),
            15000);
        QVERIFY2(w->statusText().startsWith(QLatin1String("Reconnected to")) &&
                     w->statusText().contains(QLatin1String("answered")),
                 qPrintable(w->statusText()));
        QTRY_COMPARE_WITH_TIMEOUT(overview->tile(QStringLiteral("api"))->level(), StatusLevel::Ok, 10000); // "Up", or the check's "OK"
        QVERIFY(!views.last()->findChild<QLabel *>(QStringLiteral("staleLabel"))->isVisibleTo(views.last()));
    }
};

QTEST_MAIN(TestConsoleFaults)
#include "test_console_faults.moc"
