// Reads the engine's load from vLLM's Prometheus /metrics, falling back to /health.
#include "registration/enginemonitor.h"

#include "prometheus/prometheustext.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace crosslogic::agent {

EngineMonitor::EngineMonitor(QString engineUrl, QObject *parent) : QObject(parent), m_engineUrl(std::move(engineUrl)) {}

bool EngineMonitor::parseMetrics(const QByteArray &text, EngineLoad *load)
{
    bool seen = false;
    double kvSum = 0;
    int kvCount = 0;
    const PrometheusText metrics = PrometheusText::parse(text);
    for (const PrometheusSample &s : metrics.samples()) {
        if (s.name == "vllm:num_requests_running") {
            load->running += s.value;
            seen = true;
        } else if (s.name == "vllm:num_requests_waiting") {
            load->waiting += s.value;
            seen = true;
        } else if (s.name == "vllm:gpu_cache_usage_perc") {
            kvSum += s.value;
            ++kvCount;
        }
    }
    load->kvCacheUsage = kvCount ? kvSum / kvCount : 0;
    return seen;
}

void EngineMonitor::poll(std::function<void(const EngineLoad &)> done)
{
    QNetworkRequest request(QUrl(m_engineUrl + QStringLiteral("/metrics")));
    request.setTransferTimeout(3000);
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        EngineLoad load;
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200 && parseMetrics(reply->readAll(), &load)) {
            load.healthy = true;
            done(load);
            return;
        }
        // Not a vLLM metrics endpoint (or not answering): /health decides.
        QNetworkRequest health(QUrl(m_engineUrl + QStringLiteral("/health")));
        health.setTransferTimeout(3000);
        QNetworkReply *h = m_network.get(health);
        connect(h, &QNetworkReply::finished, this, [h, done] {
            h->deleteLater();
            EngineLoad l;
            const int status = h->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            l.healthy = status == 200;
            if (!l.healthy)
                l.error = status ? QStringLiteral("/health answered %1").arg(status) : h->errorString();
            done(l);
        });
    });
}

} // namespace crosslogic::agent
