// The metrics registry: exposition format 0.0.4 checked by the strict reading of the Prometheus text reader,
// escaping, histograms, concurrent updates.
#include "metrics/servicemetrics.h"
#include "prometheus/prometheustext.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QtTest>
#include <thread>

using namespace crosslogic;

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void countersAndGaugesRenderWithHelpAndType()
    {
        MetricRegistry r;
        auto &requests = r.counter("demo_requests_total", "Requests.\nSecond line with a \\ backslash.",
                                   {"method", "route"});
        requests.labels({"GET", "/a/{id}"}).inc();
        requests.labels({"GET", "/a/{id}"}).inc(2);
        requests.labels({"POST", "/b"}).inc(-5); // ignored: counters only go up
        r.gauge("demo_depth", "Depth.").get().set(-3.5);
        const QByteArray text = r.render();
        const PrometheusText p = PrometheusText::parse(text);
        QVERIFY2(p.isStrict(), qPrintable(p.problems().join(QLatin1Char('\n')) + QLatin1Char('\n') + QString::fromUtf8(text)));
        QVERIFY(text.contains("# HELP demo_requests_total Requests.\\nSecond line with a \\\\ backslash.\n"));
        QVERIFY(text.contains("# TYPE demo_requests_total counter\n"));
        QCOMPARE(p.families().value("demo_requests_total").help,
                 QByteArray("Requests.\nSecond line with a \\ backslash."));
        QCOMPARE(
            p.value("demo_requests_total", {{"method", "GET"}, {"route", "/a/{id}"}}),
            3.0);
        QCOMPARE(p.value("demo_requests_total", {{"method", "POST"}, {"route", "/b"}}),
                 0.0);
        QCOMPARE(p.families().value("demo_depth").type, QByteArray("gauge"));
        QCOMPARE(p.value("demo_depth", {}), -3.5);
    }

    void labelValuesAreEscaped()
    {
        MetricRegistry r;
        auto &c = r.counter("demo_total", "x", {"v"});
        const QByteArray nasty = "a\"b\\c\nd'; DROP TABLE tenants; --";
        c.labels({nasty}).inc();
        const QByteArray text = r.render();
        QVERIFY(text.contains("demo_total{v=\"a\\\"b\\\\c\\nd'; DROP TABLE tenants; --\"} 1\n"));
        const PrometheusText p = PrometheusText::parse(text);
        QVERIFY2(p.isStrict(), qPrintable(p.problems().join(QLatin1Char('\n'))));
        QCOMPARE(p.value("demo_total", {{"v", nasty}}), 1.0);
    }

    void histogramBucketsAreCumulativeAndInclusive()
    {
        MetricRegistry r;
        auto &h = r.histogram("demo_latency_seconds", "Latency.", {"model"});
        Histogram &m = h.labels({"llama"});
        for (double v : {0.001, 0.005, 0.2, 3.0, 119.0, 500.0})
            m.observe(v);
        const QByteArray text = r.render();
        const PrometheusText p = PrometheusText::parse(text);
        QVERIFY2(p.isStrict(), qPrintable(p.problems().join(QLatin1Char('\n')) + QLatin1Char('\n') + QString::fromUtf8(text)));
        auto bucket = [&](const char *le) {
            return p.value("demo_latency_seconds_bucket",
                           {{"model", "llama"}, {"le", QByteArray(le)}});
        };
        QCOMPARE(bucket("0.005"), 2.0); // le is inclusive
        QCOMPARE(bucket("0.25"), 3.0);
        QCOMPARE(bucket("5"), 4.0);
        QCOMPARE(bucket("120"), 5.0);
        QCOMPARE(bucket("+Inf"), 6.0);
        QCOMPARE(p.value("demo_latency_seconds_count", {{"model", "llama"}}), 6.0);
        QCOMPARE(p.value("demo_latency_seconds_sum", {{"model", "llama"}}), 622.206);
        QCOMPARE(MetricRegistry::latencyBuckets().front(), 0.005);
        QCOMPARE(MetricRegistry::latencyBuckets().back(), 120.0);
    }

    void concurrentUpdatesAreNotLost()
    {
        MetricRegistry r;
        auto &c = r.counter("demo_total", "x", {"t"});
        auto &h = r.histogram("demo_seconds", "x");
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                Counter &mine = c.labels({QByteArray::number(t % 2)});
                for (int i = 0; i < 50000; ++i) {
                    mine.inc();
                    h.get().observe(0.01);
                }
            });
        for (int i = 0; i < 20; ++i)
            QVERIFY(PrometheusText::parse(r.render()).isStrict()); // scraping while writers run stays consistent
        for (auto &t : threads)
            t.join();
        QCOMPARE(c.labels({"0"}).value() + c.labels({"1"}).value(), 200000.0);
        QCOMPARE(h.get().cumulativeCounts().back(), std::uint64_t(200000));
    }

    void reRegisteringReturnsTheSameFamily()
    {
        MetricRegistry r;
        auto &a = r.counter("demo_total", "x", {"a"});
        auto &b = r.counter("demo_total", "x", {"a"});
        QCOMPARE(&a, &b);
        QVERIFY(MetricRegistry::isValidMetricName("http_requests_total"));
        QVERIFY(!MetricRegistry::isValidMetricName("9lives"));
        QVERIFY(!MetricRegistry::isValidMetricName("a-b"));
        QVERIFY(!MetricRegistry::isValidLabelName("__reserved"));
        QVERIFY(!MetricRegistry::isValidLabelName("le"));
    }

    void scrapeCollectorsRunBeforeRendering()
    {
        MetricRegistry r;
        auto &g = r.gauge("demo_in_use", "x");
        int calls = 0;
        r.onScrape([&] { g.get().set(++calls * 10); });
        QVERIFY(r.render().contains("demo_in_use 10\n"));
        QVERIFY(r.render().contains("demo_in_use 20\n"));
    }

    void serviceMetricsDefineTheRunbookNames()
    {
        ServiceMetrics m;
        m.httpRequests.labels({"GET", "/health", "200"}).inc();
        m.loadbalancerRequests.labels({"meta-llama/Llama-3.1-8B-Instruct", "node-1", "round_robin"}).inc();
        m.loadbalancerLatency.labels({"meta-llama/Llama-3.1-8B-Instruct", "node-1"}).observe(0.7);
        m.nodeHealthScore.labels({"node-1"}).set(87.5);
        const PrometheusText p = PrometheusText::parse(m.render());
        QVERIFY2(p.isStrict(), qPrintable(p.problems().join(QLatin1Char('\n'))));
        const QList<QPair<QByteArray, QByteArray>> expected = {{"http_requests_total", "counter"},
                                                               {"loadbalancer_requests_total", "counter"},
                                                               {"loadbalancer_latency_seconds", "histogram"},
                                                               {"ratelimit_rejections_total", "counter"},
                                                               {"auth_failures_total", "counter"},
                                                               {"nodes_active", "gauge"},
                                                               {"nodes_stale", "gauge"},
                                                               {"node_health_score", "gauge"},
                                                               {"inflight_requests", "gauge"},
                                                               {"usage_spool_depth", "gauge"},
                                                               {"usage_write_lag_seconds", "gauge"},
                                                               {"billing_retries_total", "counter"},
                                                               {"loadbalancer_retries_total", "counter"},
                                                               {"db_pool_in_use", "gauge"},
                                                               {"redis_errors_total", "counter"}};
        for (const auto &[name, type] : expected) {
            QVERIFY2(p.families().contains(name), name.constData());
            QCOMPARE(p.families().value(name).type, type);
            QVERIFY2(!p.families().value(name).help.isEmpty(), name.constData());
        }
        QCOMPARE(p.value("loadbalancer_latency_seconds_count",
                         {{"model", "meta-llama/Llama-3.1-8B-Instruct"}, {"node", "node-1"}}),
                 1.0);
        QCOMPARE(p.value("nodes_active", {}),
                 0.0); // unlabelled families show a value from the start
    }

    void promtoolAcceptsTheExposition()
    {
        // Debian's promtool comes with the whole prometheus server package (~96 MB installed), so it is not a
        // test dependency; when an operator has it, it checks the same text PrometheusText::isStrict() does.
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("promtool not installed (package prometheus); PrometheusText's strict reading above is the check");
        ServiceMetrics m;
        m.httpRequests.labels({"GET", "/health", "200"}).inc();
        QProcess p;
        p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        p.write(m.render());
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished());
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
