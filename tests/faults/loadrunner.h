// Background load for fault tests: N client threads repeating one request on real sockets, counting outcomes.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMutex>
#include <atomic>
#include <thread>
#include <vector>

namespace crosslogic::test {

class LoadRunner
{
public:
    // raw: the complete request bytes (RawHttp::build); each thread sends it again as soon as it is answered.
    LoadRunner(quint16 port, QByteArray raw, int threads, int timeoutMs = 10000);
    ~LoadRunner();
    void start();
    void stop(); // joins the threads
    void setPort(quint16 port) { m_port = port; }

    int sent() const { return m_sent; }
    // Answered with 2xx.
    int succeeded() const { return m_ok; }
    // Not 2xx: no answer, 4xx or 5xx.
    int failed() const { return m_sent - m_ok; }
    QMap<int, int> statuses() const;
    // x-request-id of every 2xx answer.
    QList<QByteArray> succeededIds() const;
    QString summary() const;

private:
    void loop();

    std::atomic<quint16> m_port;
    QByteArray m_raw;
    int m_threads;
    int m_timeoutMs;
    std::atomic<bool> m_running{false};
    std::atomic<int> m_sent{0};
    std::atomic<int> m_ok{0};
    mutable QMutex m_mutex;
    QMap<int, int> m_statuses;
    QList<QByteArray> m_ids;
    std::vector<std::thread> m_workers;
};

} // namespace crosslogic::test
