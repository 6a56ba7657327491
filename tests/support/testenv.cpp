// Where the test suite's private services are: read from the variables scripts/test.sh exports.
#include "support/testenv.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

namespace crosslogic::test {

QString adminDatabaseUrl()
{
    const QString url = qEnvironmentVariable("CROSSLOGIC_TEST_PG_URL");
    if (url.isEmpty())
        qFatal("CROSSLOGIC_TEST_PG_URL is not set: run the suite through scripts/test.sh (it starts private PostgreSQL/Redis)");
    return url;
}

QProcessEnvironment psqlEnvironment()
{
    const QUrl u(adminDatabaseUrl());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGHOST"), u.host());
    env.insert(QStringLiteral("PGPORT"), QString::number(u.port(5432)));
    env.insert(QStringLiteral("PGUSER"), u.userName());
    return env;
}

quint16 freePort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost, 0))
        qFatal("no free port");
    return s.serverPort();
}

QString scratchDir()
{
    static QTemporaryDir dir;
    return dir.path();
}

} // namespace crosslogic::test
