// Console charts from the daemon's metrics history and the audit log view, against a real daemon: the range picker
// changes what is loaded, a gap in the history splits the series, rules' thresholds and alerts are drawn, the Redis
// view charts its trends and runs its runbook action, and the audit view filters by actor and action and opens the
// target of a remediation done through the API.
#include "app/mainwindow.h"
#include "audit/auditfilter.h"
#include "audit/auditmodel.h"
#include "audit/auditview.h"
#include "detail/detailpanel.h"
#include "common/actionrunner.h"
#include "common/dryrundialog.h"
#include "common/tables.h"
#include "database/connectionshistory.h"
#include "database/databaseview.h"
#include "common/resultdialog.h"
#include "history/historypanel.h"
#include "nodes/healthchart.h"
#include "nodes/nodesview.h"
#include "overview/overviewview.h"
#include "overview/trafficchart.h"
#include "redis/redistrendchart.h"
#include "redis/redisview.h"
#include "support/adminapi.h"
#include "support/daemonprocess.h"
#include "support/rawhttp.h"
#include "support/testdatabase.h"
#include "support/testenv.h"
#include "support/testredis.h"

#include <QComboBox>
#include <QDateTime>
#include <QInputDialog>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>
#include <memory>

using namespace crosslogic;
using namespace crosslogic::console;
using namespace crosslogic::test;

namespace {
[[maybe_unused]] QByteArray j(const char *singleQuoted)
{
    return QByteArray(singleQuoted).replace('\'', '"');
}
const QByteArray kNodeToken = "node-token-for-console-tests-0123";

// The line segments of a chart's series key, each as its points.
QList<QList<QPointF>> segmentsOf(const QChartView *chart, const QString &key)
{
    QList<QList<QPointF>> out;
    for (QAbstractSeries *s : chart->chart()->series())
        if (s->objectName() == QStringLiteral("series:") + key)
            out.append(qobject_cast<QLineSeries *>(s)->points());
    return out;
}

double earliestX(const QChartView *chart, const QString &key)
{
    double first = 0;
    for (const QList<QPointF> &run : segmentsOf(chart, key))
        for (const QPointF &p : run)
            first = first == 0 ? p.x() : std::min(first, p.x());
    return first;
}
} // namespace

class TestConsoleHistory : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<TestRedis> m_redis;
    std::unique_ptr<DaemonProcess> m_daemon;
    quint16 m_port = 0;
    QString m_nodeId;
    qint64 m_nowMs = 0;

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
                                       j("{'cluster_name':'gpu-hist-1','provider':'local','model_name':'hist-model','endpoint_url':'http://127.0.0.1:9'}"),
                                       {{"X-Node-Token", kNodeToken}, {"Content-Type", "application/json"}});
        QCOMPARE(reg.status, 201);
        m_nodeId = QString::fromUtf8(reg.json("/id"));
        // History from before the console started: 14-9 min ago and 6-2 min ago (nothing sampled in between: a
        // gap), and one bucket 40 min ago that only the 1 h range reaches.
        const QString sample = QStringLiteral(
            "jsonb_build_object('requests', jsonb_build_object('total', 50, '2xx', 44, '429', 5, '5xx', 1),"
            " 'db_connections', 7, 'pool', jsonb_build_object('busy', 2, 'size', 10, 'queued', 1, 'max_wait_ms', 30),"
            " 'nodes', jsonb_build_object('%1', jsonb_build_object('name', 'gpu-hist-1', 'health', 80)),"
            " 'redis', jsonb_build_object('used_memory', 3145728, 'maxmemory', 0, 'ops_per_sec', 12, 'keys', 40))").arg(m_nodeId);
        QVERIFY(m_db->scalar(QStringLiteral(
            "WITH n AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / 10) * 10) AS t),"
            " i AS (INSERT INTO metrics_history (ts, sample) SELECT n.t - make_interval(secs => s), %1"
            "  FROM n, generate_series(0, 2400, 10) s WHERE s BETWEEN 540 AND 840 OR s BETWEEN 120 AND 360 OR s = 2400"
            "  ON CONFLICT (ts) DO NOTHING RETURNING 1) SELECT count(*) FROM i").arg(sample)).toInt() > 50);
        // An alert about the node that fired 5 minutes ago and resolved since.
        QVERIFY(m_db->scalar(QStringLiteral(
            "INSERT INTO alerts (rule, fingerprint, severity, state, section, summary, objects, started_at, firing_at,"
            " resolved_at, last_true_at, updated_at) VALUES ('node_health_low', 'node_health_low:%1', 'warning', 'resolved',"
            " '3.3', 'health 20 below 50', '[{\"kind\":\"node\",\"id\":\"%1\",\"name\":\"gpu-hist-1\"}]',"
            " now() - interval '6 min', now() - interval '5 min', now() - interval '4 min', now() - interval '4 min', now())"
            " RETURNING id").arg(m_nodeId)).isValid());
        m_nowMs = QDateTime::currentMSecsSinceEpoch();
    }

    void overviewChartShowsHistoryWithGapsThresholdAndAlerts()
    {
        QCOMPARE(AdminApi(m_port).call("PATCH", "/admin/alerts/rules/rate_limited_share", j("{'threshold':0.35}")).status, 200);
        auto w = window();
        auto *overview = w->view<OverviewView>();
        TrafficChart *chart = overview->trafficChart();
        QTRY_COMPARE_WITH_TIMEOUT(overview->history()->loadedRange(), QStringLiteral("15m"), 20000);
        // Reaches back before the console started, and a gap stays a gap: no segment spans 9 to 6 min ago.
        QVERIFY(earliestX(chart, QStringLiteral("requests")) <= double(m_nowMs - 800 * 1000));
        const auto segments = segmentsOf(chart, QStringLiteral("requests"));
        QVERIFY2(segments.size() >= 2, qPrintable(QString::number(segments.size())));
        for (const QList<QPointF> &run : segments)
            for (qsizetype i = 1; i < run.size(); ++i)
                QVERIFY2(run[i].x() - run[i - 1].x() <= 15000, "a segment draws a line across a gap");
        QCOMPARE(segments.first().first().y(), 5.0); // 50 requests in a 10 s bucket
        QVERIFY(chart->description().contains(QStringLiteral("gap")));
        QVERIFY(!chart->accessibleName().isEmpty());
        // The rule's threshold, as changed through the API, is the dashed line (in percent).
        QCOMPARE(chart->thresholdValue(QStringLiteral("rate_limited_share")).value_or(-1), 35.0);
        QVERIFY(chart->alertMarkerCount() >= 1);

        // The range picker loads the longer range from the daemon: the bucket of 40 min ago appears.
        QVERIFY(earliestX(chart, QStringLiteral("requests")) > double(m_nowMs - 30 * 60000));
        QComboBox *range = overview->history()->rangePicker();
        range->setCurrentIndex(range->findData(QStringLiteral("1h")));
        QTRY_COMPARE_WITH_TIMEOUT(overview->history()->loadedRange(), QStringLiteral("1h"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(earliestX(chart, QStringLiteral("requests")) <= double(m_nowMs - 39 * 60000), 10000);
        QCOMPARE(overview->history()->snapshot().toMs - overview->history()->snapshot().fromMs, qint64(3600000));
    }

    void nodeHealthChartHasThresholdAndTheNodesAlert()
    {
        auto w = window();
        auto *nodes = w->view<NodesView>();
        w->showView(nodes);
        QTRY_VERIFY_WITH_TIMEOUT(nodes->selectNode(m_nodeId), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!nodes->history()->loadedRange().isEmpty(), 15000);
        HealthChart *chart = nodes->healthChart();
        QTRY_VERIFY_WITH_TIMEOUT(chart->segmentCount(QStringLiteral("health")) >= 2, 10000);
        QCOMPARE(chart->thresholdValue(QStringLiteral("node_health_low")).value_or(-1), 50.0);
        QCOMPARE(chart->alertMarkerCount(), 1);
        QVERIFY(chart->accessibleName().contains(QStringLiteral("gpu-hist-1")));
    }

    void databaseChartHasPoolAndConnectionThresholds()
    {
        auto w = window();
        auto *database = w->view<DatabaseView>();
        w->showView(database);
        const double max = m_db->scalar(QStringLiteral("SELECT setting::int FROM pg_settings WHERE name = 'max_connections'")).toDouble();
        QVERIFY(max > 0);
        ConnectionsHistory *chart = database->connectionsHistory();
        QTRY_VERIFY_WITH_TIMEOUT(chart->thresholdValue(QStringLiteral("db_connections_exhausted")).has_value(), 15000);
        QCOMPARE(*chart->thresholdValue(QStringLiteral("db_connections_exhausted")), 0.9 * max);
        QCOMPARE(chart->thresholdValue(QStringLiteral("db_pool_saturated")).value_or(-1), 1000.0);
        QVERIFY(chart->segmentCount(QStringLiteral("pool_queued")) >= 2);
    }

    void redisViewChartsTrendsAndClearsCounters()
    {
        auto w = window();
        auto *redis = w->view<RedisView>();
        w->showView(redis);
        QTRY_VERIFY_WITH_TIMEOUT(!redis->history()->loadedRange().isEmpty(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(redis->memoryChart()->segmentCount(QStringLiteral("used_memory")) >= 2, 10000);
        QVERIFY(redis->activityChart()->segmentCount(QStringLiteral("ops_per_sec")) >= 2);
        QVERIFY(redis->activityChart()->segmentCount(QStringLiteral("keys")) >= 2);
        // Runbook §5.2 through the dry-run preview.
        QTRY_VERIFY_WITH_TIMEOUT(redis->clearLimitsButton()->isEnabled(), 15000);
        QTest::mouseClick(redis->clearLimitsButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<DryRunDialog *>(w->actions()->currentDialog()), 10000);
        QTest::mouseClick(qobject_cast<DryRunDialog *>(w->actions()->currentDialog())->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<ResultDialog *>(w->actions()->currentDialog()), 10000);
        qobject_cast<ResultDialog *>(w->actions()->currentDialog())->accept();
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'redis.clear_ratelimits' AND NOT dry_run")).toInt(), 1);

        // FLUSHDB is guarded: a mistyped confirmation runs nothing; the right word leads to the preview, which can
        // still be cancelled.
        QTest::mouseClick(redis->flushButton(), Qt::LeftButton);
        QInputDialog *ask = nullptr;
        QTRY_VERIFY((ask = redis->findChild<QInputDialog *>(QStringLiteral("flushdbConfirm"))) && ask->isVisible());
        ask->setTextValue(QStringLiteral("flush"));
        ask->accept();
        QTest::qWait(1000);
        QVERIFY(!qobject_cast<DryRunDialog *>(w->actions()->currentDialog()));
        QVERIFY(w->statusText().contains(QStringLiteral("FLUSHDB not run")));
        QTRY_VERIFY(!redis->findChild<QInputDialog *>(QStringLiteral("flushdbConfirm")));
        QTest::mouseClick(redis->flushButton(), Qt::LeftButton);
        QTRY_VERIFY((ask = redis->findChild<QInputDialog *>(QStringLiteral("flushdbConfirm"))) && ask->isVisible());
        ask->setTextValue(QStringLiteral("FLUSHDB"));
        ask->accept();
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<DryRunDialog *>(w->actions()->currentDialog()), 10000);
        qobject_cast<DryRunDialog *>(w->actions()->currentDialog())->reject();
        QTest::qWait(500);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'redis.flushdb' AND NOT dry_run")).toInt(), 0);
    }

    void auditViewFiltersAndOpensTheTarget()
    {
        // A remediation through the API by another operator's token.
        const HttpResult created = AdminApi(m_port).call("POST", "/admin/tokens", j("{'name':'sre-anna','role':'sre'}"));
        QCOMPARE(created.status, 201);
        const QByteArray path = "/admin/nodes/" + m_nodeId.toUtf8() + "/drain";
        QCOMPARE(RawHttp::post(m_port, path, "{}", {{"X-Admin-Token", created.json("/token")}, {"Content-Type", "application/json"}}).status, 200);

        auto w = window();
        auto *audit = w->view<AuditView>();
        w->showView(audit);
        QTRY_VERIFY_WITH_TIMEOUT(audit->hasLoaded() && audit->model()->rowCount() >= 3, 15000);
        QTest::keyClicks(audit->filter()->actorEdit(), QStringLiteral("sre-anna"));
        QTest::keyClicks(audit->filter()->actionEdit(), QStringLiteral("node.*"));
        QTest::keyClick(audit->filter()->actionEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(audit->shownQuery().contains(QStringLiteral("token_name=sre-anna"))
                                     && audit->shownQuery().contains(QStringLiteral("action=node.*")), 10000);
        QCOMPARE(audit->model()->rowCount(), 1);
        QTableView *table = audit->table();
        QCOMPARE(table->model()->index(0, 4).data().toString(), QStringLiteral("node.drain"));
        QCOMPARE(table->model()->index(0, 2).data().toString(), QStringLiteral("sre-anna"));
        QCOMPARE(table->model()->index(0, 7).data().toString(), m_nodeId);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->index(0, 6).data().toString(), QStringLiteral("gpu-hist-1"), 10000);

        // Enter on the row opens the node in the detail panel, named.
        table->setFocus();
        table->selectRow(0);
        QTest::keyClick(table, Qt::Key_Return);
        DetailPanel *panel = w->detailPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), 5000);
        QCOMPARE(panel->current().kind, QStringLiteral("node"));
        QCOMPARE(panel->current().id, m_nodeId);
        QCOMPARE(panel->current().name, QStringLiteral("gpu-hist-1"));

        // The target filter takes the object's name too.
        audit->filter()->actorEdit()->clear();
        audit->filter()->actionEdit()->clear();
        QTest::keyClicks(audit->filter()->targetEdit(), QStringLiteral("gpu-hist-1"));
        QTest::keyClick(audit->filter()->targetEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(audit->shownQuery().contains(QStringLiteral("target=") + m_nodeId), 10000);
        // The node's whole story: its registration (audited as node-agent) and the drain, newest first.
        QCOMPARE(audit->model()->rowCount(), 2);
        QCOMPARE(table->model()->index(0, 4).data().toString(), QStringLiteral("node.drain"));
        QCOMPARE(table->model()->index(1, 4).data().toString(), QStringLiteral("node.register"));
        audit->filter()->targetEdit()->clear();

        // Another actor: nothing; the console's own Redis action under redis.*.
        audit->filter()->actorEdit()->clear();
        QTest::keyClicks(audit->filter()->actorEdit(), QStringLiteral("nobody"));
        QTest::keyClick(audit->filter()->actorEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(audit->shownQuery().contains(QStringLiteral("token_name=nobody")), 10000);
        QCOMPARE(audit->model()->rowCount(), 0);
        audit->filter()->actorEdit()->clear();
        audit->filter()->actionEdit()->clear();
        QTest::keyClicks(audit->filter()->actionEdit(), QStringLiteral("redis.*"));
        QTest::keyClick(audit->filter()->actionEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(audit->shownQuery() == QStringLiteral("action=redis.*&limit=500"), 10000);
        QVERIFY(audit->model()->rowCount() >= 1);
        for (int r = 0; r < audit->model()->rowCount(); ++r)
            QVERIFY(table->model()->index(r, 4).data().toString().startsWith(QStringLiteral("redis.")));
    }
};

QTEST_MAIN(TestConsoleHistory)
#include "test_console_history.moc"
