// The console's alert pieces without a daemon: the SSE decoder however the bytes are chunked, the alert list
// model (QAbstractItemModelTester; names not ids; late snapshots do not undo the stream), the fix verdicts,
// the critical- alert cue and the desktop notifier's decision, the dry run's consequences and the gateway's
// status classes.
#include "adminclient/adminclient.h"
#include "adminclient/adminrole.h"
#include "adminclient/alertstream.h"
#include "app/desktopnotifier.h"
#include "billing/retryverdict.h"
#include "common/actionrunner.h"
#include "common/dryrundialog.h"
#include "overview/alertlistmodel.h"
#include "overview/alertpanel.h"
#include "overview/fixwatcher.h"
#include "overview/trafficsampler.h"
#include "ratelimits/ratelimitsview.h"
#include "sse/sseparser.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>

#include <QtTest>

using namespace crosslogic;
using namespace crosslogic::console;

namespace {
// JSON fixtures are written with single quotes (moc cannot read raw string literals).
QByteArray j(const char *singleQuoted)
{
    return QByteArray(singleQuoted).replace('\'', '"');
}
QJsonObject object(const char *singleQuoted)
{
    return QJsonDocument::fromJson(j(singleQuoted)).object();
}
QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
// A node_heartbeat_late alert for node gpu-a1, opened secondsAgo before now.
QJsonObject lateHeartbeat(qint64 id, qint64 nowMs, int secondsAgo, const char *severity = "warning",
                          const char *state = "firing")
{
    QJsonObject a =
        object("{'rule':'node_heartbeat_late','title':'A node\\u0027s heartbeat is late','section':'3.1',"
               " 'summary':'node gpu-a1 (llama) sent no heartbeat for 43 s',"
               " 'runbook':{'section':'3.1','title':'3.1 No Healthy Nodes Available (503)'},"
               " 'objects':[{'kind':'node','id':'6f1c0000-0000-0000-0000-000000000001','name':'gpu-a1'},{'"
               "kind':'model','id':'llama','name':'llama'}],"
               " 'remediations':[{'title':'Drain the "
               "node','method':'POST','path':'/admin/nodes/6f1c/drain','body':{'reason':'heartbeat late'}},"
               "                 {'title':'Find long-running "
               "queries','method':'GET','path':'/admin/db/long-queries'}],"
               " 'acknowledged_by':null,'silenced_until':null,'silenced':false,'remediated_by_audit':null}");
    a.insert(QStringLiteral("id"), id);
    a.insert(QStringLiteral("severity"), QString::fromLatin1(severity));
    a.insert(QStringLiteral("state"), QString::fromLatin1(state));
    a.insert(QStringLiteral("since"), iso(nowMs - secondsAgo * 1000LL));
    a.insert(QStringLiteral("updated_at"), iso(nowMs - secondsAgo * 1000LL));
    return a;
}
QString cell(const AlertListModel &m, qint64 id, int column, int role = Qt::DisplayRole)
{
    return m.data(m.index(m.rowOfId(id), column), role).toString();
}
} // namespace

class TestConsoleAlerts : public QObject
{
    Q_OBJECT

private slots:
    void sseDecoderSplitsEventsHoweverChunked_data()
    {
        QTest::addColumn<int>("chunk");
        QTest::addColumn<bool>("crlf");
        for (int chunk : {1, 2, 5, 17, 100000}) {
            QTest::addRow("LF, %d-byte chunks", chunk) << chunk << false;
            QTest::addRow("CRLF, %d-byte chunks", chunk) << chunk << true;
        }
    }
    void sseDecoderSplitsEventsHoweverChunked()
    {
        QFETCH(int, chunk);
        QFETCH(bool, crlf);
        QByteArray stream = "retry: 3000\n\nevent: snapshot\ndata: {\"alerts\":[]}\n\n: keep-alive\n\n"
                            "event: alert\nid: 9\ndata: {\"transition\":\"firing\",\ndata: "
                            "\"n\":1}\n\nevent: alert\nid: 10\ndata: x\n\n";
        if (crlf)
            stream.replace("\n", "\r\n");
        SseParser decoder;
        std::vector<SseParser::Event> all;
        for (qsizetype i = 0; i < stream.size(); i += chunk)
            QVERIFY(decoder.feed(stream.mid(i, chunk), all));
        // The retry-only and comment-only blocks are read (the gateway forwards them) but not dispatched.
        QCOMPARE(all.size(), size_t(5));
        std::vector<SseParser::Event> events;
        std::copy_if(all.begin(), all.end(), std::back_inserter(events), [](const SseParser::Event &e) { return e.dispatch; });
        QCOMPARE(events.size(), size_t(3));
        QCOMPARE(events[0].name, QByteArray("snapshot"));
        QCOMPARE(events[0].data, QByteArray("{\"alerts\":[]}"));
        QCOMPARE(events[1].name, QByteArray("alert"));
        QCOMPARE(events[1].id, QByteArray("9"));
        QCOMPARE(events[1].data, QByteArray("{\"transition\":\"firing\",\n\"n\":1}"));
        QCOMPARE(events[2].id, QByteArray("10"));
        QCOMPARE(decoder.retryMs(), 3000);
    }

    void sseDecoderRefusesAnEndlessEvent()
    {
        SseParser decoder(1024);
        std::vector<SseParser::Event> events;
        QVERIFY(!decoder.feed("data: " + QByteArray(2048, 'x'), events));
    }

    void alertListShowsNamesAgeAndState()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        AlertListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setNow(now);
        QJsonObject a = lateHeartbeat(1, now, 185);
        a.insert(QStringLiteral("acknowledged_by"), QStringLiteral("alice"));
        const qint64 until = now + 3600 * 1000;
        a.insert(QStringLiteral("silenced_until"), iso(until));
        model.setAlerts({a, lateHeartbeat(2, now, 20, "critical")});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 1, AlertListModel::Severity), QStringLiteral("warning"));
        QCOMPARE(cell(model, 1, AlertListModel::Age), QStringLiteral("3 min"));
        QCOMPARE(cell(model, 2, AlertListModel::Age), QStringLiteral("20 s"));
        QCOMPARE(cell(model, 1, AlertListModel::Objects), QStringLiteral("node gpu-a1, model llama"));
        QVERIFY(cell(model, 1, AlertListModel::Objects, Qt::ToolTipRole)
                    .contains(QLatin1String("6f1c0000-0000-0000-0000-000000000001")));
        QCOMPARE(cell(model, 1, AlertListModel::Runbook), QStringLiteral("§3.1"));
        QCOMPARE(cell(model, 1, AlertListModel::State),
                 QStringLiteral("firing, acknowledged by alice, silenced until %1")
                     .arg(QDateTime::fromMSecsSinceEpoch(until).toString(QStringLiteral("HH:mm"))));
        // Severity is text and colour.
        QCOMPARE(model.data(model.index(model.rowOfId(2), AlertListModel::Severity), Qt::BackgroundRole)
                     .value<QColor>(),
                 QColor(0xc6, 0x28, 0x28));
        // Critical first, whatever the insertion order.
        QVERIFY(model.data(model.index(model.rowOfId(2), 0), AlertListModel::SortRole).toDouble() >
                model.data(model.index(model.rowOfId(1), 0), AlertListModel::SortRole).toDouble());
        QCOMPARE(model.count(QStringLiteral("critical"), true), 1);
    }

    void streamTransitionsAreNotUndoneByALateSnapshot()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        AlertListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QJsonObject before = lateHeartbeat(1, now, 60);
        model.setAlerts({before, lateHeartbeat(2, now, 30)});
        QJsonObject acknowledged = before;
        acknowledged.insert(QStringLiteral("acknowledged_by"), QStringLiteral("bob"));
        acknowledged.insert(QStringLiteral("updated_at"), iso(now));
        model.apply(QStringLiteral("acknowledged"), acknowledged);
        QVERIFY(cell(model, 1, AlertListModel::State).contains(QLatin1String("acknowledged by bob")));
        QJsonObject resolved = lateHeartbeat(2, now, 30);
        resolved.insert(QStringLiteral("state"), QStringLiteral("resolved"));
        model.apply(QStringLiteral("resolved"), resolved);
        QCOMPARE(model.rowOfId(2), -1);
        // A poll answered after those events still lists the old state of both.
        model.setAlerts({before, lateHeartbeat(2, now, 30), lateHeartbeat(3, now, 1)});
        QCOMPARE(model.rowOfId(2), -1);
        QVERIFY(cell(model, 1, AlertListModel::State).contains(QLatin1String("acknowledged by bob")));
        QVERIFY(model.rowOfId(3) >= 0);
        // A snapshot without an alert closes it.
        model.setAlerts({lateHeartbeat(3, now, 1)});
        QCOMPARE(model.rowCount(), 1);
    }

    void fixWatcherSaysFixedOrStillFailing()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        FixWatcher watcher;
        watcher.setDeadlines(300, 5000);
        QSignalSpy verdicts(&watcher, &FixWatcher::verdict);
        watcher.watch(lateHeartbeat(1, now, 10), QStringLiteral("Drain the node"));
        watcher.watch(lateHeartbeat(2, now, 10), QStringLiteral("Drain the node"));
        QJsonObject resolved = lateHeartbeat(1, now, 10);
        resolved.insert(QStringLiteral("state"), QStringLiteral("resolved"));
        watcher.onTransition(QStringLiteral("resolved"), resolved);
        QCOMPARE(verdicts.size(), 1);
        QCOMPARE(verdicts[0][0].toLongLong(), 1);
        QVERIFY(verdicts[0][1].toBool());
        QCOMPARE(
            verdicts[0][2].toString(),
            QStringLiteral("fixed: node gpu-a1 (llama) sent no heartbeat for 43 s — resolved after 0 s"));
        // Alert 2 stays open past the deadline.
        QTRY_COMPARE_WITH_TIMEOUT(verdicts.size(), 2, 3000);
        QVERIFY(!verdicts[1][1].toBool());
        static const QRegularExpression stillFailing(QStringLiteral(
            "^still failing after \\d+ s: node gpu-a1 .* \\(Drain the node did not resolve it\\)$"));
        QVERIFY2(stillFailing.match(verdicts[1][2].toString()).hasMatch(),
                 qPrintable(verdicts[1][2].toString()));
        QVERIFY(watcher.isWatching(2)); // a late resolution is still reported
        watcher.onSnapshot({lateHeartbeat(3, now, 1)});
        QCOMPARE(verdicts.size(), 3);
        QVERIFY(verdicts[2][1].toBool());
        QVERIFY(!watcher.isWatching(2));
    }

    void panelAnnouncesNewCriticalAlertsOnly()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        AdminClient client;
        ActionRunner actions(&client);
        AlertPanel panel(ViewContext{&client, &actions});
        QSignalSpy critical(&panel, &AlertPanel::criticalAlert);
        // The first load only takes stock.
        emit panel.stream()->snapshot({lateHeartbeat(1, now, 60, "critical")});
        QVERIFY(panel.hasLoaded());
        QCOMPARE(critical.size(), 0);
        QVERIFY2(panel.headline().startsWith(QLatin1String("1 alert(s) firing (1 critical)")),
                 qPrintable(panel.headline()));
        // A warning is no cue; a new critical one is, once (stream event, then the next poll).
        emit panel.stream()->transition(QStringLiteral("firing"), lateHeartbeat(2, now, 1, "warning"));
        emit panel.stream()->transition(QStringLiteral("firing"), lateHeartbeat(3, now, 1, "critical"));
        emit panel.stream()->snapshot({lateHeartbeat(1, now, 60, "critical"), lateHeartbeat(2, now, 1),
                                       lateHeartbeat(3, now, 1, "critical")});
        QCOMPARE(critical.size(), 1);
        QCOMPARE(critical[0][0].toJsonObject().value(QLatin1String("id")).toInteger(), 3);
        // Pending critical alerts are not news yet; when one fires in a poll, it is.
        emit panel.stream()->snapshot(
            {lateHeartbeat(1, now, 60, "critical"), lateHeartbeat(4, now, 1, "critical", "pending")});
        QCOMPARE(critical.size(), 1);
        emit panel.stream()->snapshot(
            {lateHeartbeat(1, now, 60, "critical"), lateHeartbeat(4, now, 1, "critical")});
        QCOMPARE(critical.size(), 2);
        // The selected alert's Fix… lists its remediations; a GET is a look-up, not offered as a change.
        QVERIFY(panel.selectAlert(1));
        QVERIFY(panel.fixButton()->isEnabled());
        panel.fixButton()->click();
        const QList<QAction *> fixes = panel.fixMenu()->actions();
        QCOMPARE(fixes.size(), 2);
        QCOMPARE(fixes[0]->text(), QStringLiteral("Drain the node"));
        QVERIFY(fixes[0]->isEnabled());
        QVERIFY(!fixes[1]->isEnabled());
        panel.fixMenu()->close();
        // A support token may not drain nodes: the fix is offered disabled, saying which permission it needs.
        panel.setRole(AdminRole::Support);
        panel.fixButton()->click();
        const QAction *drain = panel.fixMenu()->actions().at(0);
        QVERIFY(!drain->isEnabled());
        QVERIFY2(drain->toolTip().contains(QLatin1String("'nodes'")) && drain->toolTip().contains(QLatin1String("support")),
                 qPrintable(drain->toolTip()));
        panel.fixMenu()->close();
        QCOMPARE(permissionForPath(QStringLiteral("/admin/redis/flushdb")), QByteArray("emergency"));
        QCOMPARE(permissionForPath(QStringLiteral("/admin/redis/info")), QByteArray("redis"));
        QCOMPARE(permissionForPath(QStringLiteral("/admin/api-keys/x/activate")), QByteArray("keys"));
        QCOMPARE(permissionForPath(QStringLiteral("/v1/models")), QByteArray());
    }

    // "Re-process failed billing events" is judged by what the worker did next, not by the 200 of the request.
    void billingRetryIsJudgedByTheEventsFate()
    {
        const QStringList ids{QStringLiteral("evt_1"), QStringLiteral("evt_2")};
        const auto events = [](int retry1, bool processed1, int retry2, bool processed2) {
            return QJsonArray{QJsonObject{{QStringLiteral("event_id"), QStringLiteral("evt_1")}, {QStringLiteral("retry_count"), retry1},
                                          {QStringLiteral("processed"), processed1}, {QStringLiteral("error"), QStringLiteral("no tenant for customer cus_x")}},
                              QJsonObject{{QStringLiteral("event_id"), QStringLiteral("evt_2")}, {QStringLiteral("retry_count"), retry2},
                                          {QStringLiteral("processed"), processed2}, {QStringLiteral("error"), QStringLiteral("no tenant for customer cus_x")}},
                              QJsonObject{{QStringLiteral("event_id"), QStringLiteral("evt_other")}, {QStringLiteral("retry_count"), 5},
                                          {QStringLiteral("processed"), false}}};
        };
        RetryVerdict waiting = RetryVerdict::judge(ids, events(0, false, 0, false), 2);
        QVERIFY(!waiting.settled);
        RetryVerdict failedAgain = RetryVerdict::judge(ids, events(1, false, 1, false), 4);
        QVERIFY(failedAgain.settled && !failedAgain.fixed);
        QVERIFY2(failedAgain.text.startsWith(QStringLiteral("still failing after 4 s: 2 of 2 event(s) failed again — no tenant for customer cus_x")),
                 qPrintable(failedAgain.text));
        RetryVerdict fixed = RetryVerdict::judge(ids, events(0, true, 1, true), 6);
        QVERIFY(fixed.settled && fixed.fixed);
        QVERIFY(RetryVerdict::judge(ids, events(0, false, 0, true), 60).settled);
    }

    // Every key picked in Keys & tenants becomes the Rate limits view's target, not only the first.
    void rateLimitsFollowEveryKeyPicked()
    {
        AdminClient client;
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:9")), "t");
        ActionRunner actions(&client);
        RateLimitsView view(ViewContext{&client, &actions});
        view.suggestKey(QStringLiteral("11111111-1111-1111-1111-111111111111"));
        QCOMPARE(view.targetId(), QStringLiteral("11111111-1111-1111-1111-111111111111"));
        view.suggestKey(QStringLiteral("22222222-2222-2222-2222-222222222222"));
        QCOMPARE(view.targetId(), QStringLiteral("22222222-2222-2222-2222-222222222222"));
    }

    void notifierSpeaksOnlyWhenTheWindowIsNotActive()
    {
        QWidget window;
        DesktopNotifier notifier(&window);
        QSignalSpy notified(&notifier, &DesktopNotifier::notified);
        const QJsonObject alert = lateHeartbeat(1, QDateTime::currentMSecsSinceEpoch(), 1, "critical");
        notifier.criticalAlert(alert); // never shown: not active
        QCOMPARE(notified.size(), 1);
        QVERIFY(notified[0][0].toString().contains(QLatin1String("heartbeat is late")));
        QVERIFY(notified[0][1].toString().contains(QLatin1String("gpu-a1")));
        window.show();
        window.activateWindow();
        if (!QTest::qWaitForWindowActive(&window))
            QSKIP("this platform plugin does not activate windows");
        notifier.criticalAlert(alert);
        QCOMPARE(notified.size(), 1);
    }

    void dryRunShowsTheDaemonsConsequencesFirst()
    {
        const QJsonObject dry =
            object("{'dry_run':true,'would':{'before':{'status':'active'},'after':{'status':'draining'},"
                   "'consequences':[{'code':'last_routable_node','model':'m','severity':'critical',"
                   "'message':'last routable node for model m: its requests will get 503 until another node "
                   "serves it'}]}}");
        DryRunDialog dialog(ActionRequest(QStringLiteral("Drain the node"), QString(), "POST",
                                          QStringLiteral("/admin/nodes/x/drain")),
                            dry);
        QVERIFY(dialog.consequencesText().contains(
            QLatin1String("last routable node for model m: its requests will get 503")));
        auto *label = dialog.findChild<QLabel *>(QStringLiteral("consequences"));
        QVERIFY(label && label->styleSheet().contains(QLatin1String("#c62828")));
        DryRunDialog none(ActionRequest(QStringLiteral("x"), QString(), "POST", QStringLiteral("/x")),
                          object("{'would':{}}"));
        QVERIFY(none.consequencesText().isEmpty());
    }

    void trafficSplitsGatewayRequestsByStatusClass()
    {
        TrafficSampler sampler;
        const auto scrape = [](int ok, int unauthorized, int forbidden, int limited, int failed, int admin) {
            return QStringLiteral(
                       "http_requests_total{method=\"POST\",route=\"/v1/chat/completions\",status=\"200\"} "
                       "%1\n"
                       "http_requests_total{method=\"GET\",route=\"/v1/models\",status=\"401\"} %2\n"
                       "http_requests_total{method=\"POST\",route=\"/v1/chat/completions\",status=\"403\"} "
                       "%3\n"
                       "http_requests_total{method=\"POST\",route=\"/v1/chat/completions\",status=\"429\"} "
                       "%4\n"
                       "http_requests_total{method=\"POST\",route=\"/v1/chat/completions\",status=\"503\"} "
                       "%5\n"
                       "http_requests_total{method=\"GET\",route=\"/admin/nodes\",status=\"200\"} %6\n"
                       "http_requests_total{method=\"GET\",route=\"/admin/nodes\",status=\"401\"} %6\n")
                .arg(ok)
                .arg(unauthorized)
                .arg(forbidden)
                .arg(limited)
                .arg(failed)
                .arg(admin)
                .toUtf8();
        };
        QVERIFY(!sampler.add(scrape(100, 10, 5, 0, 0, 7), 1000));
        const auto s = sampler.add(scrape(120, 14, 7, 6, 2, 900), 3000); // over 2 s: +20 +4 +2 +6 +2 = 34
        QVERIFY(s);
        QCOMPARE(s->requestsPerSecond, 17.0); // the console's own admin requests are not gateway traffic
        QCOMPARE(s->rate(StatusClass::Success), 10.0);
        QCOMPARE(s->rate(StatusClass::Unauthorized), 2.0);
        QCOMPARE(s->rate(StatusClass::Forbidden), 1.0);
        QCOMPARE(s->rate(StatusClass::RateLimited), 3.0);
        QCOMPARE(s->rate(StatusClass::ServerError), 1.0);
        QCOMPARE(s->errorRatio, 2.0 / 34.0);
        QCOMPARE(statusClassOf("204"), StatusClass::Success);
        QCOMPARE(statusClassOf("404"), StatusClass::Other);
    }
};

QTEST_MAIN(TestConsoleAlerts)
#include "test_console_alerts.moc"
