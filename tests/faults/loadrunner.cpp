// Background load for fault tests: N client threads repeating one request on real sockets, counting outcomes.
#include "loadrunner.h"

#include "support/rawhttp.h"

#include <QStringList>

namespace crosslogic::test {

LoadRunner::LoadRunner(quint16 port, QByteArray raw, int threads, int timeoutMs)
    : m_port(port), m_raw(std::move(raw)), m_threads(threads), m_timeoutMs(timeoutMs)
{
}

LoadRunner::~LoadRunner()
{
    stop();
}

void LoadRunner::start()
{
    m_running = true;
    for (int i = 0; i < m_threads; ++i)
        m_workers.emplace_back([this] { loop(); });
}

void LoadRunner::stop()
{
    m_running = false;
    for (std::thread &t : m_workers)
        t.join();
    m_workers.clear();
}

void LoadRunner::loop()
{
    while (m_running) {
        const HttpResult r = RawHttp::exchange(m_port, m_raw, m_timeoutMs);
        ++m_sent;
        const bool ok = r.status >= 200 && r.status < 300;
        if (ok)
            ++m_ok;
        QMutexLocker lock(&m_mutex);
        ++m_statuses[r.status];
        if (ok)
            m_ids << r.header("x-request-id");
    }
}

QMap<int, int> LoadRunner::statuses() const
{
    QMutexLocker lock(&m_mutex);
    return m_statuses;
}

QList<QByteArray> LoadRunner::succeededIds() const
{
    QMutexLocker lock(&m_mutex);
    return m_ids;
}

QString LoadRunner::summary() const
{
    QStringList parts;
    const auto s = statuses();
    for (auto it = s.begin(); it != s.end(); ++it)
        parts << QStringLiteral("%1:%2").arg(it.key()).arg(it.value());
    return QStringLiteral("sent %1, succeeded %2, failed %3 (status:count %4)").arg(m_sent).arg(m_ok).arg(failed()).arg(parts.join(u' '));
}

} // namespace crosslogic::test
