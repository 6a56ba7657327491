// Node rows for gateway tests: an engine entered in the nodes table the way a registered agent would be, without an agent.
#include "support/testnodes.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

namespace crosslogic::test {

QString insertNode(TestDatabase &db, const QString &model, const QByteArray &endpointUrl, const QString &status, const QString &clusterName,
                   int heartbeatAgeSeconds)
{
    QSqlDatabase conn = db.db();
    QSqlQuery q(conn);
    q.prepare(QStringLiteral("INSERT INTO nodes (cluster_name, provider, status, model_name, endpoint_url, last_heartbeat_at)"
                             " VALUES (?, 'local', ?, coalesce(?, ''), nullif(?, ''), now() - make_interval(secs => ?)) RETURNING id"));
    q.addBindValue(clusterName);
    q.addBindValue(status);
    q.addBindValue(model); // none: '', the column's default
    q.addBindValue(QString::fromUtf8(endpointUrl));
    q.addBindValue(heartbeatAgeSeconds);
    if (!q.exec() || !q.next()) {
        qWarning("insertNode failed: %s", qPrintable(q.lastError().text()));
        return {};
    }
    return q.value(0).toString();
}

} // namespace crosslogic::test
