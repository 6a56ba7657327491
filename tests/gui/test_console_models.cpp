// Console pieces without a daemon: Prometheus parsing and traffic deltas, the table models (QAbstractItemModelTester),
// history series split at gaps, production detection, the escalation config and the dry-run dialog's rendering; money
// in micro-units shown and typed in two locales, the spend forms' requests and the spend chart's bars.
#include "adminclient/adminrole.h"
#include "app/connectionprofile.h"
#include "app/environmentbanner.h"
#include "billing/money.h"
#include "billing/spendchart.h"
#include "billing/spenddialogs.h"
#include "common/dryrundialog.h"
#include "common/jsontree.h"
#include "audit/auditmodel.h"
#include "escalation/escalationconfig.h"
#include "keys/keytablemodel.h"
#include "audit/audittarget.h"
#include "history/historychart.h"
#include "history/historysnapshot.h"
#include "nodes/nodetablemodel.h"
#include "overview/trafficsampler.h"
#include "prometheus/prometheustext.h"
#include "support/testenv.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QValueAxis>
#include <QtTest>

using namespace crosslogic;
using namespace crosslogic::console;

namespace {
// JSON fixtures are written with single quotes (moc cannot read raw string literals).
[[maybe_unused]] QByteArray j(const char *singleQuoted)
{
    return QByteArray(singleQuoted).replace('\'', '"');
}
QJsonArray nodes()
{
    return QJsonDocument::fromJson(j("["
        "      {'id':'n1','cluster_name':'c1','status':'active','health_score':95.0,'model_name':'m','provider':'local','region':'',"
        "       'heartbeat_age_s':2.0,'stale':false,'load':{'running':1,'waiting':0,'in_flight':2}},"
        "      {'id':'n2','cluster_name':'c2','status':'active','health_score':40.0,'model_name':'m','provider':'aws','region':'us-east-1',"
        "       'heartbeat_age_s':300.0,'stale':true,'load':{}}]"))
        .array();
}
} // namespace

class TestConsoleModels : public QObject
{
    Q_OBJECT

private slots:
    void prometheusTextParsesLabelsAndEscapes()
    {
        const QByteArray text = "# HELP x y\n# TYPE http_requests_total counter\n"
                                "http_requests_total{method=\"GET\",route=\"/v1/models\",status=\"200\"} 7\n"
                                "http_requests_total{method=\"GET\",route=\"/a\\\"b\",status=\"500\"} 3\n"
                                "nodes_active 2\nbroken{unterminated=\"x 1\n";
        const PrometheusText metrics = PrometheusText::parse(text);
        QCOMPARE(metrics.samples().size(), 3);
        QCOMPARE(metrics.samples()[1].labels.value("route"), QByteArray("/a\"b"));
        QCOMPARE(metrics.sum("http_requests_total"), 10.0);
        QCOMPARE(metrics.sum("http_requests_total", {{"status", "500"}}), 3.0);
    }

    void trafficSamplerComputesRatesFromDeltas()
    {
        TrafficSampler sampler;
        const auto scrape = [](int requests, int errors, double seconds, int metricsScrapes) {
            return QStringLiteral("http_requests_total{route=\"/v1/chat/completions\",status=\"200\"} %1\n"
                                  "http_requests_total{route=\"/v1/chat/completions\",status=\"503\"} %2\n"
                                  "http_requests_total{route=\"/metrics\",status=\"200\"} %5\n"
                                  "http_request_duration_seconds_sum{route=\"/v1/chat/completions\"} %3\n"
                                  "http_request_duration_seconds_count{route=\"/v1/chat/completions\"} %4\n")
                .arg(requests - errors).arg(errors).arg(seconds).arg(requests).arg(metricsScrapes)
                .toUtf8();
        };
        QVERIFY(!sampler.add(scrape(100, 0, 10.0, 5), 1000));
        const auto s = sampler.add(scrape(120, 2, 12.0, 500), 3000); // 20 requests in 2 s, 2 s of latency over 20
        QVERIFY(s);
        QCOMPARE(s->requestsPerSecond, 10.0);
        QCOMPARE(s->meanLatencyMs, 100.0);
        QCOMPARE(s->errorRatio, 0.1);
        QVERIFY(!sampler.add(scrape(3, 0, 0.1, 1), 5000)); // counter reset after a daemon restart
    }

    void nodeModelPassesTesterAndHighlightsStale()
    {
        NodeTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(nodes());
        model.setRows(nodes()); // same ids: dataChanged, no reset
        model.setRows({});
        model.setRows(nodes());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(1, NodeTableModel::Heartbeat), Qt::DisplayRole).toString(), QStringLiteral("300 s ago (stale)"));
        QVERIFY(model.data(model.index(1, 0), Qt::BackgroundRole).isValid());
        QVERIFY(!model.data(model.index(0, 0), Qt::BackgroundRole).isValid());
        QCOMPARE(model.data(model.index(0, NodeTableModel::Load), Qt::DisplayRole).toString(), QStringLiteral("1 running, 0 waiting, 2 in flight"));
        QCOMPARE(model.data(model.index(1, NodeTableModel::Provider), Qt::DisplayRole).toString(), QStringLiteral("aws / us-east-1"));
        QCOMPARE(model.data(model.index(0, 0), JsonTableModel::IdRole).toString(), QStringLiteral("n1"));
        QCOMPARE(model.data(model.index(1, NodeTableModel::Health), JsonTableModel::SortRole).toDouble(), 40.0);
        QCOMPARE(model.rowOfId(QStringLiteral("n2")), 1);
    }

    void keyModelExplainsWhyAKeyIsRejected()
    {
        KeyTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(QJsonDocument::fromJson(j("[{'id':'k','key_prefix':'clsk_live_ab','valid':false,'invalid_reason':'tenant_suspended',"
        "            'status':'active','tenant_name':'acme','tenant_status':'suspended','environment_name':'prod','environment_status':'active',"
        "            'rate_limit_requests_per_min':60,'expires_at':null}]")).array());
        QCOMPARE(model.data(model.index(0, KeyTableModel::Valid), Qt::DisplayRole).toString(), QStringLiteral("invalid: tenant suspended"));
        QCOMPARE(model.data(model.index(0, KeyTableModel::Tenant), Qt::DisplayRole).toString(), QStringLiteral("acme (suspended)"));
        QCOMPARE(model.data(model.index(0, KeyTableModel::RequestsPerMin), Qt::DisplayRole).toString(), QStringLiteral("60"));
        QCOMPARE(model.data(model.index(0, KeyTableModel::TokensPerMin), Qt::DisplayRole).toString(), QStringLiteral("default"));
    }

    void auditModelPassesTester()
    {
        AuditModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(QJsonDocument::fromJson(j("[{'id':2,'action':'node.drain','result':'ok','dry_run':true,'reason':'ticket 4711'},{'id':1,'action':'x','result':'error'}]")).array());
        QCOMPARE(model.data(model.index(0, 5), Qt::DisplayRole).toString(), QStringLiteral("ok (dry run)"));
        // The operator's reason (X-Audit-Reason) is a column of its own.
        QCOMPARE(model.headerData(8, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Reason"));
        QCOMPARE(model.data(model.index(0, 8), Qt::DisplayRole).toString(), QStringLiteral("ticket 4711"));
        QVERIFY(model.data(model.index(1, 0), Qt::BackgroundRole).isValid());
    }

    // Buckets 0, 10, 20 s, then none until 60 s (a gap), then 70 s with a null p99 (another break).
    void historySplitsAtGapsAndNulls()
    {
        HistorySnapshot s;
        QVERIFY(s.readHistory(QJsonDocument::fromJson(j("{'range_seconds':900,'step_seconds':10,'bucket_seconds':10,"
            "'from':'2030-01-01T00:00:00Z','to':'2030-01-01T00:15:00Z','points':["
            "{'ts':'2030-01-01T00:00:00+00:00','requests':{'total':10,'p99_ms':5}},"
            "{'ts':'2030-01-01T00:00:10+00:00','requests':{'total':20,'p99_ms':6}},"
            "{'ts':'2030-01-01T00:00:20+00:00','requests':{'total':30,'p99_ms':7}},"
            "{'ts':'2030-01-01T00:01:00+00:00','requests':{'total':40,'p99_ms':8}},"
            "{'ts':'2030-01-01T00:01:10+00:00','requests':{'total':50,'p99_ms':null}},"
            "{'ts':'2030-01-01T00:01:20+00:00','requests':{'total':60,'p99_ms':9}}]}")).object()));
        QCOMPARE(s.stepMs, 10000);
        const auto total = s.segments([](const QJsonObject &p) { return historyNumber(p, QStringLiteral("requests.total")); });
        QCOMPARE(total.size(), 2);
        QCOMPARE(total[0].size(), 3);
        QCOMPARE(total[1].size(), 3);
        QCOMPARE(total[1][0].y(), 40.0);
        const auto p99 = s.segments([](const QJsonObject &p) { return historyNumber(p, QStringLiteral("requests.p99_ms")); });
        QCOMPARE(p99.size(), 3);
        QCOMPARE(p99[2].size(), 1);

        s.rules.insert(QStringLiteral("node_health_low"), QJsonDocument::fromJson(j("{'id':'node_health_low','effective':{'enabled':true,'threshold':42}}")).object());
        s.rules.insert(QStringLiteral("off"), QJsonDocument::fromJson(j("{'id':'off','effective':{'enabled':false,'threshold':1}}")).object());
        QCOMPARE(s.ruleParameter(QStringLiteral("node_health_low"), QStringLiteral("threshold")).value_or(-1), 42.0);
        QVERIFY(!s.ruleParameter(QStringLiteral("off"), QStringLiteral("threshold")));
        QVERIFY(!s.ruleParameter(QStringLiteral("missing"), QStringLiteral("threshold")));

        HistoryChart chart(QStringLiteral("t"), QStringLiteral("y"));
        chart.begin(s);
        chart.addSeries(QStringLiteral("total"), QStringLiteral("Total"), total, Qt::blue);
        chart.addThreshold(QStringLiteral("low"), QStringLiteral("Low"), 42);
        chart.addAlertMarkers(QJsonDocument::fromJson(j("[{'severity':'warning','title':'x','firing_at':'2030-01-01T00:01:00Z'}]")).array());
        chart.finish();
        QCOMPARE(chart.segmentCount(QStringLiteral("total")), 2);
        QCOMPARE(chart.thresholdValue(QStringLiteral("low")).value_or(-1), 42.0);
        QCOMPARE(chart.alertMarkerCount(), 1);
        QVERIFY(chart.accessibleDescription().contains(QStringLiteral("1 gap")));

        // A threshold far above the data does not flatten it unless it must stay in view.
        HistoryChart far(QStringLiteral("t"), QStringLiteral("y"));
        far.begin(s);
        far.addSeries(QStringLiteral("total"), QStringLiteral("Total"), total, Qt::blue);
        far.addThreshold(QStringLiteral("high"), QStringLiteral("High"), 1000);
        far.finish();
        const auto *axis = qobject_cast<QValueAxis *>(far.chart()->axes(Qt::Vertical).first());
        QVERIFY(axis->max() < 1000);
        bool named = false;
        for (QAbstractSeries *series : far.chart()->series())
            named |= series->objectName() == QStringLiteral("threshold:high") && series->name().contains(QStringLiteral("above the chart"));
        QVERIFY(named);
        far.begin(s);
        far.addSeries(QStringLiteral("total"), QStringLiteral("Total"), total, Qt::blue);
        far.addThreshold(QStringLiteral("high"), QStringLiteral("High"), 1000, HistoryChart::Axis::Left, true);
        far.finish();
        QVERIFY(axis->max() >= 1000);
    }

    void auditTargetsOpenTheirViews()
    {
        QCOMPARE(auditTargetKind(QStringLiteral("api_key.revoke")), QStringLiteral("key"));
        QCOMPARE(auditTargetKind(QStringLiteral("api_key.create")), QStringLiteral("environment")); // its target
        QCOMPARE(auditTargetKind(QStringLiteral("environment.create")), QStringLiteral("tenant"));
        QCOMPARE(viewIdForTarget(auditTargetKind(QStringLiteral("node.drain"))), QStringLiteral("nodes"));
        QCOMPARE(viewIdForTarget(auditTargetKind(QStringLiteral("tenant.update"))), QStringLiteral("keys"));
        QCOMPARE(viewIdForTarget(auditTargetKind(QStringLiteral("redis.flushdb"))), QStringLiteral("redis"));
    }

    void productionIsRed_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("production");
        QTest::newRow("local") << "local" << "http://localhost:8080" << false;
        QTest::newRow("loopback staging") << "staging" << "http://127.0.0.1:8080" << false;
        QTest::newRow("named production") << "production" << "http://localhost:8080" << true;
        QTest::newRow("remote staging") << "staging" << "https://staging.crosslogic.ai" << true;
    }
    void productionIsRed()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(bool, production);
        ConnectionProfile p;
        p.name = name;
        p.url = QUrl(url);
        QCOMPARE(p.isProduction(), production);
        EnvironmentBanner banner(p);
        QCOMPARE(banner.styleSheet().contains(QLatin1String("#c62828")), production);
        banner.setDisconnected(true, QStringLiteral("Connection refused"));
        QVERIFY(banner.text().contains(QLatin1String("Disconnected from")));
        QVERIFY(banner.text().contains(QLatin1String("retrying")));
    }

    void roleGatesPermissions()
    {
        QVERIFY(adminRoleHas(AdminRole::Support, "keys"));
        QVERIFY(!adminRoleHas(AdminRole::Support, "nodes"));
        QVERIFY(adminRoleHas(AdminRole::Sre, "database"));
        QVERIFY(!adminRoleHas(AdminRole::Sre, "tokens"));
        QVERIFY(adminRoleHas(AdminRole::Admin, "tokens"));
        QVERIFY(!adminRoleHas(AdminRole::Unknown, "keys"));
    }

    void escalationConfigFromFileOrDefault()
    {
        const QString path = crosslogic::test::scratchDir() + QStringLiteral("/escalation.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(j("{'contacts':[{'issue_type':'Database','first_contact':'Ana','escalation':'Bo','channel':'#db'}]}"));
        f.close();
        const EscalationConfig custom = EscalationConfig::load(path);
        QCOMPARE(custom.contacts.size(), 1);
        QCOMPARE(custom.contacts[0].firstContact, QStringLiteral("Ana"));
        QCOMPARE(custom.source, path);
        const EscalationConfig fallback = EscalationConfig::load(QStringLiteral("/nonexistent/escalation.json"));
        QCOMPARE(fallback.contacts.size(), 5); // runbook §10 has five rows
        QVERIFY(!fallback.error.isEmpty());
    }

    void moneyIsShownAndTypedWithoutFloatingPoint()
    {
        const QLocale was;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(moneyText(50000), QStringLiteral("0.05"));
        QCOMPARE(moneyText(1), QStringLiteral("0.000001"));
        QCOMPARE(moneyText(0), QStringLiteral("0.00"));
        QCOMPARE(moneyText(2500), QStringLiteral("0.0025"));
        QCOMPARE(moneyText(1234500000), QStringLiteral("1,234.50"));
        QCOMPARE(moneyText(-50000), QStringLiteral("-0.05"));
        QCOMPARE(moneyText(1000000000000000LL), QStringLiteral("1,000,000,000.00"));
        QCOMPARE(parseMoney(QStringLiteral("0.05")), std::optional<qint64>(50000));
        QCOMPARE(parseMoney(QStringLiteral(" 12 ")), std::optional<qint64>(12000000));
        QCOMPARE(parseMoney(QStringLiteral(".5")), std::optional<qint64>(500000));
        QCOMPARE(parseMoney(QStringLiteral("0.000001")), std::optional<qint64>(1));
        // 0.1 + 0.2 in floating point is 0.30000000000000004: integers only.
        QCOMPARE(parseMoney(QStringLiteral("0.3")), std::optional<qint64>(300000));
        for (const char *bad : {"", "0", "0.00", "-1", "1.0000001", "abc", "1e3", "1,5,0", "1000000000.000001", "."})
            QVERIFY2(!parseMoney(QString::fromLatin1(bad)).has_value(), bad);
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(moneyText(1234500000), QStringLiteral("1.234,50"));
        QCOMPARE(parseMoney(QStringLiteral("0,05")), std::optional<qint64>(50000));
        QCOMPARE(parseMoney(QStringLiteral("0.05")), std::optional<qint64>(50000)); // the other separator still works
        QLocale::setDefault(was);
    }

    void spendFormsBuildTheirRequests()
    {
        const QLocale was;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        const BudgetScope tenant{QStringLiteral("tenant"), QStringLiteral("t1"), QStringLiteral("acme")};
        BudgetDialog set(tenant, {});
        QVERIFY(!set.reviewButton()->isEnabled()); // no amount yet
        set.amountEdit()->setText(QStringLiteral("0.05"));
        QVERIFY(set.reviewButton()->isEnabled());
        set.thresholdsEdit()->setText(QStringLiteral("50, 120"));
        QVERIFY(!set.reviewButton()->isEnabled());
        set.thresholdsEdit()->setText(QStringLiteral("75, 100"));
        ActionRequest r = set.request();
        QCOMPARE(r.method, QByteArray("PUT"));
        QCOMPARE(r.path, QStringLiteral("/admin/tenants/t1/budget"));
        QCOMPARE(QJsonDocument(r.body).toJson(QJsonDocument::Compact), j("{'amount_micros':50000,'period':'daily','thresholds':[75,100]}"));
        QVERIFY2(r.title.startsWith(QLatin1String("Set budget of tenant acme")), qPrintable(r.title));
        const QJsonObject current = QJsonDocument::fromJson(j("{'level':'environment','scope_id':'e1','amount_micros':50000,'period':'monthly','thresholds':[90]}")).object();
        BudgetDialog raise({QStringLiteral("environment"), QStringLiteral("e1"), QStringLiteral("prod")}, current);
        QCOMPARE(raise.amountEdit()->text(), QStringLiteral("0.05"));
        raise.amountEdit()->setText(QStringLiteral("0.10"));
        r = raise.request();
        QCOMPARE(r.path, QStringLiteral("/admin/environments/e1/budget"));
        QCOMPARE(QJsonDocument(r.body).toJson(QJsonDocument::Compact), j("{'amount_micros':100000,'period':'monthly','thresholds':[90]}"));
        QVERIFY2(r.title.startsWith(QLatin1String("Raise budget of environment prod")), qPrintable(r.title));
        raise.amountEdit()->setText(QStringLiteral("0.01"));
        QVERIFY2(raise.request().title.startsWith(QLatin1String("Lower budget")), qPrintable(raise.request().title));
        CreditDialog credit(QStringLiteral("t1"), QStringLiteral("acme"));
        QVERIFY(!credit.reviewButton()->isEnabled());
        credit.amountEdit()->setText(QStringLiteral("25"));
        credit.referenceEdit()->setText(QStringLiteral(" PO-4711 "));
        r = credit.request();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, QStringLiteral("/admin/tenants/t1/credit"));
        QCOMPARE(QJsonDocument(r.body).toJson(QJsonDocument::Compact), j("{'amount_micros':25000000,'reference':'PO-4711'}"));
        SpendChart chart;
        chart.setSpend(QJsonDocument::fromJson(j("[{'level':'tenant','scope_id':'t1','scope_name':'acme','period':'daily','amount_micros':50000,'spent_micros':2500},"
                                                 " {'level':'key','scope_id':'k1','scope_name':'backend','period':'lifetime','amount_micros':20000,'spent_micros':25000}]")).array(),
                       QJsonDocument::fromJson(j("{'credited_micros':1000000,'spent_micros':2500}")).object());
        QCOMPARE(chart.categories(), QStringList({QStringLiteral("tenant acme, daily: 0.0025 of 0.05 (5 %)"),
                                                  QStringLiteral("key backend, lifetime: 0.025 of 0.02 (125 %)"),
                                                  QStringLiteral("prepaid credit: 0.0025 of 1.00 (0 %)")}));
        chart.setSpend({}, QJsonValue::Null);
        QVERIFY(chart.categories().isEmpty());
        QVERIFY(chart.chart()->title().contains(QLatin1String("only rate limits")));
        QLocale::setDefault(was);
    }

    void dryRunDialogRendersWouldReadably()
    {
        const QJsonObject dry = QJsonDocument::fromJson(j("{'dry_run':true,'would':{'before':{'status':'active'},'after':{'status':'draining'}}}")).object();
        DryRunDialog dialog(ActionRequest(QStringLiteral("Drain node c1"), QString(), "POST", QStringLiteral("/admin/nodes/x/drain")), dry);
        auto *tree = dialog.findChild<JsonTree *>(QStringLiteral("wouldTree"));
        QVERIFY(tree);
        QCOMPARE(tree->topLevelItemCount(), 2);
        const auto after = tree->findItems(QStringLiteral("After"), Qt::MatchExactly);
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.first()->child(0)->text(0), QStringLiteral("Status"));
        QCOMPARE(after.first()->child(0)->text(1), QStringLiteral("draining"));
    }
};

QTEST_MAIN(TestConsoleModels)
#include "test_console_models.moc"
