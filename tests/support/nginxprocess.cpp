// See nginxprocess.h.
#include "support/nginxprocess.h"

#include "support/childprocess.h"
#include "support/testenv.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpSocket>
#include <QThread>

namespace crosslogic::test {

NginxProcess::NginxProcess(const QString &dir, const QList<quint16> &upstreamPorts) : m_dir(dir), m_upstreams(upstreamPorts)
{
}

NginxProcess::~NginxProcess()
{
    stop();
}

QByteArray NginxProcess::config(const QString &prefix, quint16 port, const QList<quint16> &upstreamPorts)
{
    const QByteArray p = prefix.toUtf8();
    QByteArray servers;
    for (quint16 u : upstreamPorts)
        servers += "        server 127.0.0.1:" + QByteArray::number(u) + " max_fails=1 fail_timeout=5s;\n";
    return "# Written by tests/support/nginxprocess.cpp: one process (no master), in the foreground.\n"
           "master_process off;\n"
           "daemon off;\n"
           "pid " + p + "/nginx.pid;\n"
           "error_log " + p + "/error.log warn;\n"
           "events {\n    worker_connections 1024;\n}\n"
           "http {\n"
           "    log_format replicas '$status $upstream_addr $upstream_status';\n"
           "    access_log " + p + "/access.log replicas;\n"
           "    client_body_temp_path " + p + "/client_body;\n"
           "    proxy_temp_path " + p + "/proxy;\n"
           "    fastcgi_temp_path " + p + "/fastcgi;\n"
           "    uwsgi_temp_path " + p + "/uwsgi;\n"
           "    scgi_temp_path " + p + "/scgi;\n"
           "    upstream crosslogicd {\n" + servers + "    }\n"
           "    server {\n"
           "        listen 127.0.0.1:" + QByteArray::number(port) + ";\n"
           "        location / {\n"
           "            proxy_pass http://crosslogicd;\n"
           "            proxy_http_version 1.1;\n"
           "            proxy_set_header Connection \"\";\n"
           "            proxy_buffering off;\n"
           "            proxy_next_upstream error timeout;\n"
           "            proxy_connect_timeout 2s;\n"
           "            proxy_read_timeout 60s;\n"
           "        }\n"
           "    }\n"
           "}\n";
}

bool NginxProcess::start(int timeoutMs)
{
    QDir().mkpath(m_dir);
    m_port = freePort();
    QFile conf(m_dir + QStringLiteral("/nginx.conf"));
    if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate) || conf.write(config(m_dir, m_port, m_upstreams)) < 0) {
        qWarning("cannot write %s", qPrintable(conf.fileName()));
        return false;
    }
    conf.close();
    dieWithParent(m_process);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_dir + QStringLiteral("/stdout.log"));
    // -e: the error log before the configuration is read (the default, /var/log/nginx, may not be writable).
    const QString errorLogPath = m_dir + QStringLiteral("/error.log");
    m_process.start(QString::fromLatin1(kBinary), QStringList{QStringLiteral("-p"), m_dir, QStringLiteral("-c"), conf.fileName(),
                                                              QStringLiteral("-e"), errorLogPath});
    if (!m_process.waitForStarted(5000)) {
        qWarning("nginx did not start: %s", qPrintable(m_process.errorString()));
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        if (s.waitForConnected(200))
            return true;
        QThread::msleep(50);
    }
    qWarning("nginx is not listening on %d: %s", int(m_port), errorLog().right(2000).constData());
    return false;
}

void NginxProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

QByteArray NginxProcess::errorLog() const
{
    QFile f(m_dir + QStringLiteral("/error.log"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray NginxProcess::accessLog() const
{
    QFile f(m_dir + QStringLiteral("/access.log"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace crosslogic::test
