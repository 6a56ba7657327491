// Shared setup for fault tests over the TestStack: the common engine-as-node set-up, chat bodies, maintenance psql, process memory.
#pragma once

#include "support/teststack.h"

#include <QString>
#include <QtTest>
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

// The set-up the Redis and PostgreSQL fault tests share: the stack's database and Redis, and one simulated engine
// serving demo-model registered as an active node. Call from initTestCase(); a QVERIFY failure here is reported as
// the test case's failure (check QTest::currentTestFailed()).
inline void startFaultServices(TestStack &stack)
{
    QVERIFY(stack.start());
    QVERIFY(stack.startEngineNode(QStringLiteral("demo-model"), "--ttft-ms 5 --tokens-per-second 1000", QStringLiteral("faults")));
}

// Runs SQL on the cluster's maintenance database (ALTER DATABASE, pg_terminate_backend); returns psql's exit code.
int adminPsql(const QString &sql, QString *out = nullptr);

// VmRSS of a process in kB, from /proc/<pid>/status; 0 when unreadable.
qint64 residentKb(qint64 pid);

} // namespace crosslogic::test
