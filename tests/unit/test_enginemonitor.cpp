// The node agent's reading of vLLM's /metrics (through the shared Prometheus text reader): the load it
// reports.
#include "registration/enginemonitor.h"

#include <QtTest>

using namespace crosslogic::agent;

class TestEngineMonitor : public QObject
{
    Q_OBJECT

private slots:
    void sumsRequestsAndAveragesKvCacheOverModels()
    {
        const QByteArray text =
            "# HELP vllm:num_requests_running Number of requests currently running on GPU.\n"
            "# TYPE vllm:num_requests_running gauge\n"
            "vllm:num_requests_running{model_name=\"a\"} 3.0\n"
            "vllm:num_requests_running{model_name=\"b\"} 2.0 1712000000000\n"
            "# HELP vllm:num_requests_waiting Number of requests waiting to be processed.\n"
            "# TYPE vllm:num_requests_waiting gauge\n"
            "vllm:num_requests_waiting{model_name=\"a\"} 1.0\n"
            "# HELP vllm:gpu_cache_usage_perc GPU KV-cache usage. 1 means 100 percent usage.\n"
            "# TYPE vllm:gpu_cache_usage_perc gauge\n"
            "vllm:gpu_cache_usage_perc{model_name=\"a\"} 0.5\n"
            "vllm:gpu_cache_usage_perc{model_name=\"b\"} 0.25\n"
            "vllm:num_requests_waiting{model_name=\"broken} 99\n";
        EngineLoad load;
        QVERIFY(EngineMonitor::parseMetrics(text, &load));
        QCOMPARE(load.running, 5.0); // the timestamp is not the value
        QCOMPARE(load.waiting, 1.0); // the malformed line is skipped
        QCOMPARE(load.kvCacheUsage, 0.375);
    }

    void notVllmFallsBackToHealth()
    {
        EngineLoad load;
        QVERIFY(!EngineMonitor::parseMetrics("# HELP up x\n# TYPE up gauge\nup 1\n", &load));
        QVERIFY(!EngineMonitor::parseMetrics("<html>not metrics</html>\n", &load));
        QCOMPARE(load.running, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestEngineMonitor)
#include "test_enginemonitor.moc"
