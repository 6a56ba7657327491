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

// The set-up the Redis and PostgreSQL fault tests share: a fresh database, a private Redis, and one simulated
// engine serving demo-model registered as an active node. Call from initTestCase(); a QVERIFY failure here is
// reported as the test case's failure (check QTest::currentTestFailed()).
inline void startFaultServices(std::unique_ptr<TestDatabase> &db, std::unique_ptr<TestRedis> &redis, std::unique_ptr<EngineProcess> &engine)
{
    db = std::make_unique<TestDatabase>();
    redis = std::make_unique<TestRedis>();
    QVERIFY(redis->start());
    engine = std::make_unique<EngineProcess>();
    QVERIFY(engine->start({QStringLiteral("--model"), QStringLiteral("demo-model"), QStringLiteral("--ttft-ms"), QStringLiteral("5"),
                           QStringLiteral("--tokens-per-second"), QStringLiteral("1000")}));
    addNode(*db, engine->url());
}

// Runs SQL on the cluster's maintenance database (ALTER DATABASE, pg_terminate_backend); returns psql's exit code.
int adminPsql(const QString &sql, QString *out = nullptr);

// VmRSS of a process in kB, from /proc/<pid>/status; 0 when unreadable.
qint64 residentKb(qint64 pid);

} // namespace crosslogic::test
