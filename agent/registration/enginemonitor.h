// Reads the engine's load from vLLM's Prometheus /metrics, falling back to /health.
#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <functional>

namespace crosslogic::agent {

struct EngineLoad
{
    bool healthy = false;
    double running = 0;
    double waiting = 0;
    double kvCacheUsage = 0;
    QString error; // why it is unhealthy
};

class EngineMonitor : public QObject
{
    Q_OBJECT
public:
    EngineMonitor(QString engineUrl, QObject *parent = nullptr);
    void poll(std::function<void(const EngineLoad &)> done);
    // Sums vllm:num_requests_running / _waiting and averages vllm:gpu_cache_usage_perc over label sets.
    static bool parseMetrics(const QByteArray &text, EngineLoad *load);

private:
    QString m_engineUrl;
    QNetworkAccessManager m_network;
};

} // namespace crosslogic::agent
