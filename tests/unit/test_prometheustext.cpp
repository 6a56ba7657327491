// The one Prometheus text reader (console, node agent, tests): labels and their escapes, comments, special
// values, timestamps, histograms, tolerant reading of bad lines, and the strict form's rules.
#include "prometheus/prometheustext.h"

#include <QtTest>
#include <cmath>

using namespace crosslogic;

class TestPrometheusText : public QObject
{
    Q_OBJECT

private slots:
    void readsNamesLabelsAndValues()
    {
        const PrometheusText t = PrometheusText::parse(
            "# HELP http_requests_total Requests.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{method=\"GET\",route=\"/v1/models\",status=\"200\"} 7\n"
            "http_requests_total{method=\"POST\",route=\"/v1/chat/completions\",status=\"503\"} 3\n");
        QVERIFY2(t.isStrict(), qPrintable(t.problems().join(QLatin1Char('\n'))));
        QCOMPARE(t.samples().size(), 2);
        QCOMPARE(t.samples()[0].name, QByteArray("http_requests_total"));
        QCOMPARE(t.samples()[0].labels.value("route"), QByteArray("/v1/models"));
        QCOMPARE(t.sum("http_requests_total"), 10.0);
        QCOMPARE(t.sum("http_requests_total", {{"status", "503"}}), 3.0);
        QCOMPARE(t.sum("http_requests_total", {{"status", "404"}}), 0.0);
        QCOMPARE(
            t.value("http_requests_total", {{"method", "GET"}, {"route", "/v1/models"}, {"status", "200"}}),
            7.0);
        QVERIFY(std::isnan(t.value("http_requests_total", {{"method", "GET"}}))); // labels must match exactly
        QVERIFY(std::isnan(t.value("no_such_metric")));
        QCOMPARE(t.families().value("http_requests_total").type, QByteArray("counter"));
        QCOMPARE(t.families().value("http_requests_total").help, QByteArray("Requests."));
    }

    void unescapesLabelValuesAndHelp()
    {
        const PrometheusText t =
            PrometheusText::parse("# HELP a Two\\nlines and a \\\\ backslash.\n"
                                  "# TYPE a gauge\n"
                                  "a{v=\"q\\\"uote \\\\ back\\nline, {brace} = sign\"} 1\n");
        QVERIFY2(t.isStrict(), qPrintable(t.problems().join(QLatin1Char('\n'))));
        QCOMPARE(t.samples().size(), 1);
        QCOMPARE(t.samples()[0].labels.value("v"), QByteArray("q\"uote \\ back\nline, {brace} = sign"));
        QCOMPARE(t.families().value("a").help, QByteArray("Two\nlines and a \\ backslash."));
    }

    void specialValuesAndTimestamps()
    {
        const PrometheusText t =
            PrometheusText::parse("# HELP g x\n# TYPE g gauge\n"
                                  "g{k=\"nan\"} NaN\ng{k=\"pinf\"} +Inf\ng{k=\"minf\"} -Inf\n"
                                  "g{k=\"exp\"} 1.5e3 1712000000000\ng{k=\"neg\"} -0.25 -5\n");
        QVERIFY2(t.isStrict(), qPrintable(t.problems().join(QLatin1Char('\n'))));
        QVERIFY(std::isnan(t.value("g", {{"k", "nan"}})));
        QCOMPARE(t.value("g", {{"k", "pinf"}}), qInf());
        QCOMPARE(t.value("g", {{"k", "minf"}}), -qInf());
        QCOMPARE(t.value("g", {{"k", "exp"}}), 1500.0);
        QCOMPARE(t.samples()[3].timestampMs, std::optional<qint64>(1712000000000));
        QCOMPARE(t.samples()[4].timestampMs, std::optional<qint64>(-5));
        QCOMPARE(t.samples()[0].timestampMs, std::nullopt);
    }

    void commentsAndWhitespaceAreTolerated()
    {
        // Other comments are ignored; blanks and tabs separate tokens, also inside a label set.
        const PrometheusText t = PrometheusText::parse("# HELP a x\n# TYPE a gauge\n# a plain comment\n#\n"
                                                       "  a{ l = \"1\" ,\tm=\"2\", }\t 4  \n");
        QVERIFY2(t.isStrict(), qPrintable(t.problems().join(QLatin1Char('\n'))));
        QCOMPARE(t.value("a", {{"l", "1"}, {"m", "2"}}), 4.0);
    }

    void histogramBucketsBelongToTheirFamily()
    {
        const PrometheusText t =
            PrometheusText::parse("# HELP lat_seconds Latency.\n# TYPE lat_seconds histogram\n"
                                  "lat_seconds_bucket{model=\"m\",le=\"0.1\"} 1\n"
                                  "lat_seconds_bucket{model=\"m\",le=\"1\"} 3\n"
                                  "lat_seconds_bucket{model=\"m\",le=\"+Inf\"} 4\n"
                                  "lat_seconds_sum{model=\"m\"} 7.5\n"
                                  "lat_seconds_count{model=\"m\"} 4\n");
        QVERIFY2(t.isStrict(), qPrintable(t.problems().join(QLatin1Char('\n'))));
        QCOMPARE(t.value("lat_seconds_bucket", {{"model", "m"}, {"le", "1"}}), 3.0);
        QCOMPARE(t.value("lat_seconds_bucket", {{"model", "m"}, {"le", "+Inf"}}), 4.0);
        QCOMPARE(t.value("lat_seconds_count", {{"model", "m"}}), 4.0);
        QCOMPARE(t.sum("lat_seconds_sum"), 7.5);
        QCOMPARE(t.families().size(), 1); // _bucket, _sum and _count are not families of their own
    }

    // vLLM's exposition (prometheus_client): colons in names, _created samples, a histogram; what the agent
    // reads.
    void readsVllmExposition()
    {
        const PrometheusText t = PrometheusText::parse(
            "# HELP vllm:num_requests_running Number of requests currently running on GPU.\n"
            "# TYPE vllm:num_requests_running gauge\n"
            "vllm:num_requests_running{model_name=\"llama\"} 3.0\n"
            "# HELP vllm:gpu_cache_usage_perc GPU KV-cache usage. 1 means 100 percent usage.\n"
            "# TYPE vllm:gpu_cache_usage_perc gauge\n"
            "vllm:gpu_cache_usage_perc{model_name=\"llama\"} 0.42\n"
            "# HELP vllm:request_success_total Count of successfully processed requests.\n"
            "# TYPE vllm:request_success_total counter\n"
            "vllm:request_success_total{finished_reason=\"stop\",model_name=\"llama\"} 12.0\n"
            "vllm:request_success_created{finished_reason=\"stop\",model_name=\"llama\"} 1.7e9\n");
        QCOMPARE(t.value("vllm:num_requests_running", {{"model_name", "llama"}}), 3.0);
        QCOMPARE(t.sum("vllm:gpu_cache_usage_perc"), 0.42);
        QCOMPARE(t.sum("vllm:request_success_total"), 12.0);
        QCOMPARE(t.samples().size(), 4);
        // The _created sample has no HELP/TYPE of its own: readable, but not the strict form.
        QCOMPARE(t.problems().size(), 1);
        QVERIFY2(t.problems()[0].startsWith(QLatin1String("line 10: sample without HELP and TYPE")),
                 qPrintable(t.problems()[0]));
    }

    // A tolerant reader keeps every good line and names each bad one.
    void badLinesAreSkippedAndNamed_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("problem");
        QTest::newRow("unterminated label value")
            << QByteArray("bad{l=\"x 1") << QStringLiteral("unterminated label value");
        QTest::newRow("unterminated label set")
            << QByteArray("bad{l=\"x\"") << QStringLiteral("unterminated label set");
        QTest::newRow("unquoted label value")
            << QByteArray("bad{l=1} 1") << QStringLiteral("label value not quoted");
        QTest::newRow("bad escape") << QByteArray("bad{l=\"\\q\"} 1")
                                    << QStringLiteral("bad escape in label value");
        QTest::newRow("label without =") << QByteArray("bad{l} 1") << QStringLiteral("label without '='");
        QTest::newRow("duplicate label")
            << QByteArray("bad{l=\"1\",l=\"2\"} 1") << QStringLiteral("duplicate label name");
        QTest::newRow("no separator")
            << QByteArray("bad{l=\"1\" m=\"2\"} 1") << QStringLiteral("expected ',' or '}' after a label");
        QTest::newRow("label name") << QByteArray("bad{9l=\"1\"} 1") << QStringLiteral("invalid label name");
        QTest::newRow("metric name") << QByteArray("9bad 1") << QStringLiteral("invalid metric name");
        QTest::newRow("dash in name") << QByteArray("bad-name 1") << QStringLiteral("invalid metric name");
        QTest::newRow("no value") << QByteArray("bad") << QStringLiteral("no value");
        QTest::newRow("word value") << QByteArray("bad one") << QStringLiteral("invalid value");
        QTest::newRow("timestamp") << QByteArray("bad 1 soon") << QStringLiteral("invalid timestamp");
        QTest::newRow("trailing text")
            << QByteArray("bad 1 2 3") << QStringLiteral("text after the timestamp");
        QTest::newRow("unknown TYPE") << QByteArray("# TYPE bad gaugeish") << QStringLiteral("unknown TYPE");
        QTest::newRow("HELP without name")
            << QByteArray("# HELP") << QStringLiteral("HELP without a valid metric name");
    }

    void badLinesAreSkippedAndNamed()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, problem);
        const PrometheusText t = PrometheusText::parse("# HELP a x\n# TYPE a gauge\na 1\n" + line +
                                                       "\n# HELP b x\n# TYPE b gauge\nb 2\n");
        QCOMPARE(t.samples().size(), 2);
        QCOMPARE(t.sum("a"), 1.0);
        QCOMPARE(t.sum("b"), 2.0);
        QVERIFY2(!t.problems().isEmpty(), "no problem reported");
        QCOMPARE(t.problems()[0], QStringLiteral("line 4: %1: %2").arg(problem, QString::fromUtf8(line)));
    }

    // The strict form: what the daemon's /metrics must be (checked by test_metrics and test_ops).
    void strictFormRejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no TYPE") << QByteArray("# HELP a x\na 1\n")
                                 << QStringLiteral("sample without HELP and TYPE");
        QTest::newRow("no HELP") << QByteArray("# TYPE a gauge\na 1\n")
                                 << QStringLiteral("sample without HELP and TYPE");
        QTest::newRow("TYPE after sample")
            << QByteArray("# HELP a x\na 1\n# TYPE a gauge\n") << QStringLiteral("HELP or TYPE after");
        QTest::newRow("second TYPE") << QByteArray("# HELP a x\n# TYPE a gauge\n# TYPE a gauge\na 1\n")
                                     << QStringLiteral("second TYPE");
        QTest::newRow("no newline at end")
            << QByteArray("# HELP a x\n# TYPE a gauge\na 1") << QStringLiteral("does not end with a newline");
        QTest::newRow("duplicate series")
            << QByteArray("# HELP a x\n# TYPE a gauge\na 1\na 2\n") << QStringLiteral("duplicate series");
        QTest::newRow("negative counter")
            << QByteArray("# HELP a_total x\n# TYPE a_total counter\na_total -1\n")
            << QStringLiteral("negative or NaN counter");
        QTest::newRow("NaN counter") << QByteArray("# HELP a_total x\n# TYPE a_total counter\na_total NaN\n")
                                     << QStringLiteral("negative or NaN counter");
        QTest::newRow("buckets decrease")
            << QByteArray("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"2\"} 2\n"
                          "h_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 3\n")
            << QStringLiteral("bucket counts decrease");
        QTest::newRow("le not increasing")
            << QByteArray("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\n"
                          "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n")
            << QStringLiteral("le bounds not strictly increasing");
        QTest::newRow("+Inf != count") << QByteArray("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} "
                                                     "1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n")
                                       << QStringLiteral("+Inf bucket (2) != _count (3)");
        QTest::newRow("no +Inf")
            << QByteArray("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n")
            << QStringLiteral("last bucket is not le=\"+Inf\"");
        QTest::newRow("no _count")
            << QByteArray("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\n")
            << QStringLiteral("_sum or _count missing");
        QTest::newRow("bucket without le") << QByteArray("# HELP h x\n# TYPE h histogram\nh_bucket "
                                                         "1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n")
                                           << QStringLiteral("bucket without a valid le");
        QTest::newRow("interleaved")
            << QByteArray("# HELP a x\n# TYPE a gauge\n# HELP b x\n# TYPE b gauge\nb 1\na 1\n")
            << QStringLiteral("not contiguous");
        QTest::newRow("blank line") << QByteArray("# HELP a x\n# TYPE a gauge\n\na 1\n")
                                    << QStringLiteral("blank line");
        QTest::newRow("bad value") << QByteArray("# HELP a x\n# TYPE a gauge\na one\n")
                                   << QStringLiteral("invalid value");
        QTest::newRow("HELP escape") << QByteArray("# HELP a bad \\t escape\n# TYPE a gauge\na 1\n")
                                     << QStringLiteral("bad escape in HELP");
    }

    void strictFormRejects()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, problem);
        const PrometheusText t = PrometheusText::parse(text);
        QVERIFY(!t.isStrict());
        QVERIFY2(t.problems().join(QLatin1Char('\n')).contains(problem),
                 qPrintable(t.problems().join(QLatin1Char('\n'))));
    }

    void emptyTextIsStrictAndEmpty()
    {
        const PrometheusText t = PrometheusText::parse({});
        QVERIFY(t.isStrict());
        QVERIFY(t.samples().isEmpty());
        QCOMPARE(t.sum("anything"), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestPrometheusText)
#include "test_prometheustext.moc"
