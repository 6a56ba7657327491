// A private PgBouncer in transaction pooling mode in front of the test cluster (see testpgbouncer.h).
#include "support/testpgbouncer.h"

#include "support/testenv.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <csignal>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace crosslogic::test {
namespace {

class PgBouncer
{
public:
    PgBouncer() : m_port(freePort())
    {
        const QUrl pg(adminDatabaseUrl());
        // PgBouncer refuses to run as root: as root the child becomes postgres (the cluster's own user).
        const passwd *pw = ::getuid() == 0 ? ::getpwnam("postgres") : nullptr;
        m_dir = scratchDir() + QStringLiteral("/pgbouncer");
        QDir().mkpath(m_dir);
        const QString ini = m_dir + QStringLiteral("/pgbouncer.ini");
        QFile users(m_dir + QStringLiteral("/users.txt"));
        users.open(QIODevice::WriteOnly);
        users.write(QStringLiteral("\"%1\" \"\"\n").arg(pg.userName()).toUtf8());
        users.close();
        QFile f(ini);
        f.open(QIODevice::WriteOnly);
        f.write(QStringLiteral("[databases]\n* = host=%1 port=%2\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = %3\n"
                               "unix_socket_dir =\nauth_type = trust\nauth_file = %4/users.txt\npool_mode = transaction\n"
                               "max_client_conn = 400\ndefault_pool_size = 8\nserver_reset_query =\n"
                               "logfile = %4/pgbouncer.log\n")
                    .arg(pg.host()).arg(pg.port(5432)).arg(m_port).arg(m_dir).toUtf8());
        f.close();
        if (pw) {
            for (const QString &path : QStringList{scratchDir(), m_dir, ini, m_dir + QStringLiteral("/users.txt")})
                if (::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0)
                    qFatal("cannot hand %s to postgres", qPrintable(path));
        }
        const uid_t uid = pw ? pw->pw_uid : 0;
        const gid_t gid = pw ? pw->pw_gid : 0;
        m_process.setChildProcessModifier([uid, gid] {
            if (uid != 0 && (::setgid(gid) != 0 || ::setuid(uid) != 0))
                ::_exit(126);
            ::prctl(PR_SET_PDEATHSIG, SIGKILL); // after setuid, which clears it
        });
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral("/usr/sbin/pgbouncer"), {QStringLiteral("--quiet"), ini}); // logs to its logfile only
        if (!m_process.waitForStarted(5000))
            qFatal("cannot start /usr/sbin/pgbouncer (Debian package pgbouncer): %s", qPrintable(m_process.errorString()));
        for (int i = 0; i < 100; ++i) {
            QTcpSocket s;
            s.connectToHost(QStringLiteral("127.0.0.1"), m_port);
            if (s.waitForConnected(200))
                return;
            if (m_process.state() != QProcess::Running)
                break;
            QThread::msleep(50);
        }
        qFatal("PgBouncer did not listen on %u; see %s/pgbouncer.log", m_port, qPrintable(m_dir));
    }
    ~PgBouncer()
    {
        m_process.terminate();
        m_process.waitForFinished(3000);
    }
    quint16 port() const { return m_port; }

private:
    quint16 m_port;
    QString m_dir;
    QProcess m_process;
};

} // namespace

bool viaPgBouncer()
{
    return qEnvironmentVariable("CROSSLOGIC_TEST_PGBOUNCER") == QLatin1String("1");
}

quint16 pgBouncerPort()
{
    static PgBouncer bouncer;
    return bouncer.port();
}

QString daemonDatabaseUrl(const QString &directUrl)
{
    QUrl u(directUrl);
    // A URL that is not the cluster's own (a test's TCP proxy that simulates a PostgreSQL outage) stays as it is.
    if (!viaPgBouncer() || u.port(5432) != QUrl(adminDatabaseUrl()).port(5432))
        return directUrl;
    u.setPort(pgBouncerPort());
    QUrlQuery query(u);
    query.addQueryItem(QStringLiteral("pool_mode"), QStringLiteral("transaction"));
    u.setQuery(query);
    return u.toString();
}

} // namespace crosslogic::test
