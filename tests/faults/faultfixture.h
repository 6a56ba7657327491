// Shared setup for fault tests: a private Redis, a fresh database, simulated engines registered as nodes, a daemon.
#pragma once

#include "support/adminapi.h"
#include "support/daemonprocess.h"
#include "support/engineprocess.h"
#include "support/rawhttp.h"
#include "support/testdatabase.h"
#include "support/testnodes.h"
#include "support/testredis.h"

#include <QString>
#include <memory>

namespace crosslogic::test {

inline QByteArray chatBody(int maxTokens, bool stream = false)
{
    return "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":" + QByteArray::number(maxTokens)
           + (stream ? ",\"stream\":true}" : "}");
}

inline QString addNode(TestDatabase &db, const QByteArray &url, const QString &model = QStringLiteral("demo-model"))
{
    return insertNode(db, model, url, QStringLiteral("active"), QStringLiteral("faults"));
}

// Runs SQL on the cluster's maintenance database (ALTER DATABASE, pg_terminate_backend); returns psql's exit code.
int adminPsql(const QString &sql, QString *out = nullptr);

// VmRSS of a process in kB, from /proc/<pid>/status; 0 when unreadable.
qint64 residentKb(qint64 pid);

} // namespace crosslogic::test
