// Debian's nginx (package nginx-light) as a private round-robin reverse proxy in front of several crosslogicd
// replicas: its own prefix, configuration and logs in a directory of the test, one process that dies with the test.
#pragma once

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>

namespace crosslogic::test {

class NginxProcess
{
public:
    static constexpr const char *kBinary = "/usr/sbin/nginx";

    // dir: created, holds nginx.conf, the logs and nginx's temporary files; upstreamPorts: the replicas on 127.0.0.1.
    NginxProcess(const QString &dir, const QList<quint16> &upstreamPorts);
    ~NginxProcess();

    // The configuration as written: a replica that refuses the connection is skipped (proxy_next_upstream error,
    // nginx's default), one that fails after the request was sent is not (a POST is not retried), no upstream
    // keep-alive (so no request rides a pooled connection to a replica that has died), streams unbuffered.
    static QByteArray config(const QString &prefix, quint16 port, const QList<quint16> &upstreamPorts);

    // Starts nginx; true once its port accepts connections.
    bool start(int timeoutMs = 10000);
    void stop();
    quint16 port() const { return m_port; }
    // Its error log, and its access log: one line per request, "status upstream_addr upstream_status".
    QByteArray errorLog() const;
    QByteArray accessLog() const;

private:
    QString m_dir;
    QList<quint16> m_upstreams;
    quint16 m_port = 0;
    QProcess m_process;
};

} // namespace crosslogic::test
