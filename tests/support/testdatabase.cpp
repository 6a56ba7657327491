// A fresh, migrated database on the private PostgreSQL cluster for one test; dropped at the end.
#include "support/testdatabase.h"

#include "support/testenv.h"
#include "support/testpgbouncer.h"

#include <QCoreApplication>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QtTest>

namespace crosslogic::test {
namespace {

// The named connection to database on the private cluster, opened on first use.
QSqlDatabase connection(const QString &name, const QString &database)
{
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);
    const QUrl u(adminDatabaseUrl());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(u.host());
    db.setPort(u.port(5432));
    db.setUserName(u.userName());
    db.setDatabaseName(database);
    if (!db.open())
        qFatal("cannot open %s on the test cluster: %s", qPrintable(database), qPrintable(db.lastError().text()));
    return db;
}

QSqlDatabase maintenance()
{
    return connection(QStringLiteral("test-maintenance"), QStringLiteral("postgres"));
}

} // namespace

TestDatabase::TestDatabase(bool migrate)
{
    m_name = QStringLiteral("crosslogic_t_%1_%2").arg(QCoreApplication::applicationPid()).arg(QRandomGenerator::global()->bounded(1000000));
    QSqlQuery q(maintenance());
    if (!q.exec(QStringLiteral("CREATE DATABASE %1").arg(m_name)))
        qFatal("CREATE DATABASE failed: %s", qPrintable(q.lastError().text()));
    if (migrate) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DATABASE_URL"), daemonDatabaseUrl(url()));
        env.insert(QStringLiteral("REDIS_URL"), QStringLiteral("redis://127.0.0.1:1"));
        env.insert(QStringLiteral("ADMIN_API_TOKEN"), QStringLiteral("test-admin-token-0123456789"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CROSSLOGICD_PATH), {QStringLiteral("migrate"), QStringLiteral("--env-file"), QStringLiteral("/dev/null")});
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            qFatal("crosslogicd migrate failed: %s", p.readAllStandardError().constData());
    }
    m_connection = QStringLiteral("test-") + m_name;
}

TestDatabase::~TestDatabase()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
    QSqlQuery q(maintenance());
    q.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1'").arg(m_name));
    q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_name));
}

QString TestDatabase::url() const
{
    QUrl u(adminDatabaseUrl());
    u.setPath(QLatin1Char('/') + m_name);
    return u.toString();
}

QSqlDatabase TestDatabase::db()
{
    return connection(m_connection, m_name);
}

QVariant TestDatabase::scalar(const QString &sql)
{
    QSqlQuery q(db());
    if (!q.exec(sql)) {
        qWarning("SQL failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return {};
    }
    return q.next() ? q.value(0) : QVariant();
}

int TestDatabase::psql(const QString &sql, QString *out) const
{
    QProcess p;
    p.setProcessEnvironment(psqlEnvironment());
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("psql"), {QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-d"), m_name,
                                     QStringLiteral("-c"), sql});
    p.waitForFinished(30000);
    if (out)
        *out = QString::fromUtf8(p.readAll());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

} // namespace crosslogic::test
