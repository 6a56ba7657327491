// The GPU fleet end to end: real crosslogicd, real node agents (simulated engines), PostgreSQL, Redis, fake sky.
#include "support/agentprocess.h"
#include "support/testenv.h"
#include "support/teststack.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>
#include <csignal>
#include <memory>

using namespace crosslogic::test;

namespace {
const QByteArray kNodeToken = "node-token-for-tests-0123456789";
const QByteArray kModel = "fleet-model";

Headers admin()
{
    return {{"X-Admin-Token", DaemonProcess::kAdminToken}, {"Content-Type", "application/json"}};
}
Headers node(const QByteArray &token = kNodeToken)
{
    return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

// A node agent process (simulated engine) registering with the daemon.
class Agent : public AgentProcess
{
public:
    Agent(quint16 cpPort, const QString &stateDir, const QStringList &extra)
        : AgentProcess(QStringLiteral("http://127.0.0.1:%1").arg(cpPort), stateDir, kNodeToken,
                       QStringList{QStringLiteral("--simulate"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--model"),
                                   QString::fromLatin1(kModel)} + extra)
    {
    }
};

QString readMarker(const QString &dir)
{
    QFile f(dir + QStringLiteral("/registered")); // the node id, then the node's own token
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().split('\n').value(0).trimmed()) : QString();
}

QByteArray registration(const QByteArray &endpoint, const QByteArray &extra = {})
{
    return "{\"cluster_name\":\"c1\",\"provider\":\"local\",\"model_name\":\"" + kModel + "\",\"endpoint_url\":\"" + endpoint + "\""
           + extra + "}";
}
} // namespace

class TestFleet : public QObject
{
    Q_OBJECT

    TestStack m_stack;
    QString m_scratch;

    quint16 port() const { return m_stack.port(); }
    QString nodeStatus(const QString &id)
    {
        return m_stack.db().scalar(QStringLiteral("SELECT status FROM nodes WHERE id = '%1'").arg(id)).toString();
    }

private slots:
    void initTestCase()
    {
        m_scratch = scratchDir();
        QVERIFY(m_stack.start());
        const QString bin = m_scratch + QStringLiteral("/bin");
        QDir().mkpath(bin);
        QFile::link(QStringLiteral(CROSSLOGIC_SOURCE_DIR "/tests/support/fake-sky"), bin + QStringLiteral("/sky"));
        DaemonProcess &daemon = m_stack.addDaemon({{"NODE_REGISTRATION_TOKEN", kNodeToken},
                                                   {"NODE_STALE_SECONDS", "3"},
                                                   {"NODE_RECONCILE_INTERVAL_MS", "300"},
                                                   {"NODE_HEARTBEAT_INTERVAL_SECONDS", "1"},
                                                   {"LB_COOLDOWN_MS", "1500"},
                                                   {"NODE_AGENT_PATH", NODE_AGENT_PATH},
                                                   {"FAKE_SKY_LOG", (m_scratch + QStringLiteral("/sky.log")).toUtf8()},
                                                   {"PATH", (bin + QStringLiteral(":/usr/bin:/bin")).toUtf8()}});
        QVERIFY2(daemon.start(), daemon.log().constData());
    }

    void registrationChecksTokenAndPayload()
    {
        auto bad = RawHttp::post(port(), "/admin/nodes/register", registration("http://127.0.0.1:1"), node("wrong-token"));
        QCOMPARE(bad.status, 401);
        auto none = RawHttp::post(port(), "/admin/nodes/register", registration("http://127.0.0.1:1"), {{"Content-Type", "application/json"}});
        QCOMPARE(none.status, 401);
        // The admin token is not a node token.
        auto adminTok = RawHttp::post(port(), "/admin/nodes/register", registration("http://127.0.0.1:1"),
                                      {{"Authorization", QByteArray("Bearer ") + DaemonProcess::kAdminToken}});
        QCOMPARE(adminTok.status, 401);
        auto malformed = RawHttp::post(port(), "/admin/nodes/register", "{\"cluster_name\":", node());
        QCOMPARE(malformed.status, 400);
        // Out of the column's range: a clear 400 without the driver's words.
        auto huge = RawHttp::post(port(), "/admin/nodes/register", registration("http://127.0.0.1:1", ",\"max_concurrency\":1000000000000"), node());
        QCOMPARE(huge.status, 400);
        QVERIFY2(!huge.body.contains("ERROR") && huge.json("/error/message").contains("out of range"), huge.body.constData());
        auto newline = RawHttp::post(port(), "/admin/nodes/register", registration("http://127.0.0.1:1", ",\"agent_version\":\"1\\n[fake] log line\""), node());
        QCOMPARE(newline.status, 400);
        auto missing = RawHttp::post(port(), "/admin/nodes/register", "{\"cluster_name\":\"x\",\"endpoint_url\":\"ftp://x\"}", node());
        QCOMPARE(missing.status, 400);
        QVERIFY2(missing.json("/error/message").contains("'model_name' is required"), missing.body.constData());
        QVERIFY(missing.json("/error/message").contains("endpoint_url"));

        auto ok = RawHttp::post(port(), "/admin/nodes/register", registration("http://127.0.0.1:1"), {{"X-Node-Token", kNodeToken}});
        QCOMPARE(ok.status, 201);
        const QString id = QString::fromLatin1(ok.json("/id"));
        QCOMPARE(ok.json("/heartbeat_interval_s"), QByteArray("1"));
        QCOMPARE(nodeStatus(id), QStringLiteral("active"));

        m_stack.db().scalar(QStringLiteral("UPDATE nodes SET last_heartbeat_at = now() - interval '1 hour' WHERE id = '%1' RETURNING 1").arg(id));
        const QByteArray own = ok.json("/node_token");
        auto hb = RawHttp::post(port(), "/admin/nodes/" + id.toLatin1() + "/heartbeat",
                                "{\"engine_healthy\":true,\"running\":3,\"waiting\":1,\"kv_cache_usage\":0.5}", node(own));
        QCOMPARE(hb.status, 200);
        QVERIFY(m_stack.db().scalar(QStringLiteral("SELECT last_heartbeat_at > now() - interval '5 seconds' AND engine_running = 3"
                                            " FROM nodes WHERE id = '%1'").arg(id)).toBool());
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + id.toLatin1() + "/heartbeat", "{\"running\":\"x\"}", node(own)).status, 400);
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/00000000-0000-0000-0000-000000000000/heartbeat", "{}", node()).status, 404);

        const QByteArray log = m_stack.daemon().log();
        QVERIFY(log.contains("node register refused"));
        QVERIFY(log.contains("invalid node token"));
        QVERIFY(log.contains("invalid registration payload"));

        auto list = RawHttp::get(port(), "/admin/nodes?model=" + kModel, admin());
        QCOMPARE(list.status, 200);
        QVERIFY2(list.body.contains("heartbeat_age_s"), list.body.constData());
        QVERIFY(list.body.contains(id.toLatin1()));
        QCOMPARE(RawHttp::get(port(), "/admin/nodes", node()).status, 401); // the node token is not an admin token
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + id.toLatin1() + "/terminate", "{}", admin()).status, 200);
    }

    void staleNodeIsDrainedAndReactivated()
    {
        auto ok = RawHttp::post(port(), "/admin/nodes/register", registration("http://127.0.0.1:2"), node());
        const QString id = QString::fromLatin1(ok.json("/id"));
        const QByteArray own = ok.json("/node_token");
        QTRY_COMPARE_WITH_TIMEOUT(nodeStatus(id), QStringLiteral("draining"), 8000);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT status_message FROM nodes WHERE id = '%1'").arg(id)).toString(),
                 QStringLiteral("stale_heartbeat"));
        QVERIFY(m_stack.daemon().log().contains("reason: stale_heartbeat"));
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + id.toLatin1() + "/heartbeat", "{\"engine_healthy\":true}", node(own)).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(nodeStatus(id), QStringLiteral("active"), 5000);
        QVERIFY(m_stack.db().scalar(QStringLiteral("SELECT status_message IS NULL FROM nodes WHERE id = '%1'").arg(id)).toBool());
        // Joining the fleet and every status change nobody clicked leave audit rows.
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT string_agg(action || ':' || token_name || ':' || coalesce(parameters->>'to', ''), ',' ORDER BY id)"
                                                    " FROM audit_log WHERE target = '%1'").arg(id)).toString(),
                 QStringLiteral("node.register:node-agent:,node.status_change:reconciler:draining,node.status_change:reconciler:active"));
        RawHttp::post(port(), "/admin/nodes/" + id.toLatin1() + "/terminate", "{}", admin());
    }

    void agentRegistersReusesMarkerAndReregisters()
    {
        const QString dir = m_scratch + QStringLiteral("/agent1");
        QString first;
        {
            Agent agent(port(), dir, {});
            QTRY_VERIFY_WITH_TIMEOUT(!(first = readMarker(dir)).isEmpty(), 10000);
            QTRY_COMPARE_WITH_TIMEOUT(nodeStatus(first), QStringLiteral("active"), 5000);
            // Unknown to the control plane (404 on heartbeat) → registers again.
            m_stack.db().scalar(QStringLiteral("DELETE FROM nodes WHERE id = '%1' RETURNING 1").arg(first));
            QTRY_COMPARE_WITH_TIMEOUT(nodeStatus(first), QStringLiteral("active"), 8000);
            QVERIFY(agent.log().contains("registering again"));
            agent.terminate(); // SIGTERM: drain, then exit 0
            QVERIFY(agent.process().waitForFinished(10000));
            QCOMPARE(agent.process().exitCode(), 0);
            QCOMPARE(nodeStatus(first), QStringLiteral("draining"));
        }
        {
            // The marker holds the node's own token too, readable by its owner only.
            QFile marker(dir + QStringLiteral("/registered"));
            QCOMPARE(marker.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
            QVERIFY(marker.open(QIODevice::ReadOnly));
            QVERIFY(marker.readAll().split('\n').value(1).startsWith("clnode_"));
        }
        {
            Agent again(port(), dir, {});
            QTRY_COMPARE_WITH_TIMEOUT(nodeStatus(first), QStringLiteral("active"), 10000); // same id, re-registered
            QVERIFY(again.log().contains("reusing node id"));
            QTRY_VERIFY_WITH_TIMEOUT(again.log().contains(QByteArray("registered as node " + first.toUtf8())), 5000);
        }
        {
            // A marker without the token (an older agent's, or a copied id) cannot take the node over: the agent
            // joins as a new node.
            QFile marker(dir + QStringLiteral("/registered"));
            QVERIFY(marker.open(QIODevice::WriteOnly | QIODevice::Truncate));
            marker.write(first.toUtf8() + '\n');
            marker.close();
            Agent copied(port(), dir, {});
            QString other;
            QTRY_VERIFY_WITH_TIMEOUT((other = readMarker(dir)) != first && !other.isEmpty(), 10000);
            QVERIFY(copied.log().contains("a token this agent does not hold"));
            QTRY_COMPARE_WITH_TIMEOUT(nodeStatus(other), QStringLiteral("active"), 5000);
            copied.terminate();
            QVERIFY(copied.process().waitForFinished(10000));
        }
        QFile::remove(dir + QStringLiteral("/registered"));
        {
            Agent fresh(port(), dir, {});
            QString second;
            QTRY_VERIFY_WITH_TIMEOUT(!(second = readMarker(dir)).isEmpty(), 10000);
            QVERIFY(second != first);
        }
        // A registration failure is explained in the agent's log.
        QProcessEnvironment env;
        Agent badToken(port(), m_scratch + QStringLiteral("/agent-bad"), {QStringLiteral("--token"), QStringLiteral("nope")});
        QTRY_VERIFY_WITH_TIMEOUT(badToken.log().contains("register failed: auth"), 10000);
        Agent noServer(1, m_scratch + QStringLiteral("/agent-net"), {});
        QTRY_VERIFY_WITH_TIMEOUT(noServer.log().contains("register failed: network"), 10000);
    }

    void spotNoticeDrainsNode()
    {
        QTcpServer metadata;
        QVERIFY(metadata.listen(QHostAddress::LocalHost));
        bool notice = false;
        connect(&metadata, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *s = metadata.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [s, &notice] {
                    const QByteArray req = s->readAll();
                    const bool hit = notice && req.contains("/latest/meta-data/spot/instance-action");
                    const QByteArray body = hit ? QByteArray("{\"action\":\"terminate\",\"time\":\"2030-01-01T00:00:00Z\"}") : QByteArray("not found");
                    s->write((hit ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 404 Not Found\r\n") + QByteArray("Content-Length: ")
                             + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                    s->disconnectFromHost();
                });
            }
        });
        const QString dir = m_scratch + QStringLiteral("/agent-spot");
        Agent agent(port(), dir, {QStringLiteral("--spot-metadata-url"), QStringLiteral("http://127.0.0.1:%1").arg(metadata.serverPort()),
                                  QStringLiteral("--spot-provider"), QStringLiteral("aws"), QStringLiteral("--spot-poll-ms"), QStringLiteral("200")});
        QString id;
        QTRY_VERIFY_WITH_TIMEOUT(!(id = readMarker(dir)).isEmpty(), 10000);
        QTest::qWait(600);
        QCOMPARE(nodeStatus(id), QStringLiteral("active"));
        notice = true;
        QTRY_COMPARE_WITH_TIMEOUT(nodeStatus(id), QStringLiteral("draining"), 5000);
        QVERIFY(m_stack.db().scalar(QStringLiteral("SELECT status_message FROM nodes WHERE id = '%1'").arg(id)).toString().startsWith(
            QLatin1String("spot_termination")));
    }

    void cloudLaunchRunsSky()
    {
        auto r = RawHttp::post(port(), "/admin/nodes/launch",
                               "{\"model_name\":\"meta-llama/Llama-3.1-8B-Instruct\",\"provider\":\"aws\",\"region\":\"us-east-1\",\"instance_type\":\"g5.2xlarge\",\"spot\":true}",
                               admin());
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json("/node/status"), QByteArray("initializing"));
        const QString id = QString::fromLatin1(r.json("/node/id"));
        QTRY_VERIFY_WITH_TIMEOUT(m_stack.db().scalar(QStringLiteral("SELECT status_message FROM nodes WHERE id = '%1'").arg(id)).toString().contains(
                                     QLatin1String("sky launch finished")), 5000);
        QFile log(m_scratch + QStringLiteral("/sky.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray args = log.readAll();
        QVERIFY2(args.contains("launch -y -c cl-aws-"), args.constData());
        QVERIFY(args.contains("token-present"));
        QFile task(m_scratch + QStringLiteral("/sky.log.yaml"));
        QVERIFY(task.open(QIODevice::ReadOnly));
        const QByteArray yaml = task.readAll();
        QVERIFY(yaml.contains("cloud: aws"));
        QVERIFY(yaml.contains("use_spot: true"));
        QVERIFY(yaml.contains("instance_type: 'g5.2xlarge'"));
        QVERIFY(yaml.contains("crosslogic-node-agent --control-plane"));
        QVERIFY(!yaml.contains(kNodeToken));
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + id.toLatin1() + "/terminate", "{}", admin()).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(QFile(m_scratch + QStringLiteral("/sky.log")).size() > args.size(), 5000);
        QFile again(m_scratch + QStringLiteral("/sky.log"));
        QVERIFY(again.open(QIODevice::ReadOnly) && again.readAll().contains("down -y cl-aws-"));

        QCOMPARE(RawHttp::post(port(), "/admin/nodes/launch", "{\"model_name\":\"m\",\"provider\":\"moon\"}", admin()).status, 400);
        auto dry = RawHttp::post(port(), "/admin/nodes/launch?dry_run=true", "{\"model_name\":\"m\",\"provider\":\"gcp\"}", admin());
        QCOMPARE(dry.json("/dry_run"), QByteArray("true"));
    }

    // A node's own token (returned at registration) drains that node only; another node's token, or the shared
    // registration token, is refused with 403 and changes nothing.
    void nodeTokenDrainsOnlyItsOwnNode()
    {
        auto a = RawHttp::post(port(), "/admin/nodes/register", registration("http://127.0.0.1:3"), node());
        auto b = RawHttp::post(port(), "/admin/nodes/register", registration("http://127.0.0.1:4"), node());
        QCOMPARE(a.status, 201);
        QCOMPARE(b.status, 201);
        const QByteArray idA = a.json("/id"), idB = b.json("/id"), tokenA = a.json("/node_token"), tokenB = b.json("/node_token");
        QVERIFY2(tokenA.startsWith("clnode_") && tokenB.startsWith("clnode_") && tokenA != tokenB, a.body.constData());
        QVERIFY(!tokenA.contains(kNodeToken));

        auto other = RawHttp::post(port(), "/admin/nodes/" + idB + "/drain", "{}", node(tokenA));
        QCOMPARE(other.status, 403);
        QVERIFY2(other.json("/error/message").contains("another node"), other.body.constData());
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + idA + "/drain", "{}", node(tokenB)).status, 403);
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + idA + "/drain", "{}", node(kNodeToken)).status, 403);
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + idA + "/drain", "{}", node("clnode_not-a-token")).status, 401);
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + idA + "/heartbeat", "{\"engine_healthy\":false}", node(tokenB)).status, 403);
        // The shared registration token only registers: it cannot degrade a node that has its own token.
        auto shared = RawHttp::post(port(), "/admin/nodes/" + idA + "/heartbeat", "{\"engine_healthy\":false}", node(kNodeToken));
        QCOMPARE(shared.status, 403);
        QCOMPARE(shared.json("/error/code"), QByteArray("node_token_scope"));
        QCOMPARE(nodeStatus(QString::fromLatin1(idA)), QStringLiteral("active"));
        QCOMPARE(nodeStatus(QString::fromLatin1(idB)), QStringLiteral("active"));
        QVERIFY(m_stack.daemon().log().contains("node drain refused"));

        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + idA + "/heartbeat", "{\"engine_healthy\":false}", node(tokenA)).status, 200);
        QCOMPARE(nodeStatus(QString::fromLatin1(idA)), QStringLiteral("unhealthy"));
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + idA + "/heartbeat", "{\"engine_healthy\":true}", node(tokenA)).status, 200);
        QCOMPARE(m_stack.db().scalar(QStringLiteral("SELECT string_agg(parameters->>'to', ',' ORDER BY id) FROM audit_log"
                                                    " WHERE action = 'node.status_change' AND target = '%1'").arg(QString::fromLatin1(idA))).toString(),
                 QStringLiteral("unhealthy,active"));
        auto own = RawHttp::post(port(), "/admin/nodes/" + idA + "/drain", "{\"reason\":\"spot_termination: test\"}", node(tokenA));
        QCOMPARE(own.status, 200);
        QCOMPARE(nodeStatus(QString::fromLatin1(idA)), QStringLiteral("draining"));
        QCOMPARE(nodeStatus(QString::fromLatin1(idB)), QStringLiteral("active"));
        // The registration token alone cannot take over a node that has its own token (nor can another node's token):
        // nothing about the node changes, and its token keeps working.
        const QByteArray takeover = ",\"node_id\":\"" + idA + "\"";
        auto stolen = RawHttp::post(port(), "/admin/nodes/register", registration("http://127.0.0.1:9", takeover), node());
        QCOMPARE(stolen.status, 403);
        QCOMPARE(stolen.json("/error/code"), QByteArray("node_token_required"));
        auto wrong = RawHttp::post(port(), "/admin/nodes/register",
                                   registration("http://127.0.0.1:9", takeover + ",\"node_token\":\"" + tokenB + "\""), node());
        QCOMPARE(wrong.status, 403);
        QVERIFY2(!wrong.body.contains(tokenB), wrong.body.constData());
        QVERIFY(!m_stack.daemon().log().contains(tokenB));
        QCOMPARE(nodeStatus(QString::fromLatin1(idA)), QStringLiteral("draining"));
        QVERIFY(m_stack.db().scalar(QStringLiteral("SELECT endpoint_url FROM nodes WHERE id = '%1'").arg(QString::fromLatin1(idA))).toString()
                != QStringLiteral("http://127.0.0.1:9"));
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + idA + "/heartbeat", "{\"engine_healthy\":true}", node(tokenA)).status, 200);
        // With its own token, registering again (same id) issues a new token; the old one stops working.
        auto again = RawHttp::post(port(), "/admin/nodes/register",
                                   registration("http://127.0.0.1:3", takeover + ",\"node_token\":\"" + tokenA + "\""), node());
        QCOMPARE(again.status, 200);
        QVERIFY(again.json("/node_token") != tokenA);
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + idA + "/drain", "{}", node(tokenA)).status, 401);
        for (const QByteArray &id : {idA, idB})
            RawHttp::post(port(), "/admin/nodes/" + id + "/terminate", "{}", admin());
    }

    // A local launch records the agent's pid in launch_spec, even when the agent registers before that is written.
    void localLaunchRecordsAgentPid()
    {
        auto r = RawHttp::post(port(), "/admin/nodes/launch", "{\"model_name\":\"" + kModel + "\",\"provider\":\"local\"}", admin());
        QCOMPARE(r.status, 202);
        const QString id = QString::fromLatin1(r.json("/node/id"));
        QTRY_COMPARE_WITH_TIMEOUT(nodeStatus(id), QStringLiteral("active"), 15000);
        qint64 pid = 0;
        QTRY_VERIFY_WITH_TIMEOUT((pid = m_stack.db().scalar(QStringLiteral("SELECT (launch_spec->>'local_agent_pid')::bigint FROM nodes WHERE id = '%1'").arg(id))
                                           .toLongLong()) > 0, 5000);
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        const QByteArray args = cmdline.readAll();
        QVERIFY2(args.contains("crosslogic-node-agent") && args.contains(id.toLatin1()), args.constData());
        QCOMPARE(RawHttp::post(port(), "/admin/nodes/" + id.toLatin1() + "/terminate", "{}", admin()).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(QStringLiteral("/proc/%1/cmdline").arg(pid)) || ::kill(pid_t(pid), 0) != 0, 15000);
    }

    // A launch that never finishes (sky stuck) ends failed after NODE_LAUNCH_TIMEOUT_SECONDS, with the reason in
    // status_message; the stuck sky process is stopped and `sky down` cleans up the cluster.
    void launchTimesOut()
    {
        TestDatabase db; // its own database: this daemon's reconciler fails every launch older than 2 s
        const QString log = m_scratch + QStringLiteral("/sky-timeout.log");
        const auto other = m_stack.makeDaemon({{"NODE_LAUNCH_TIMEOUT_SECONDS", "2"},
                                               {"NODE_RECONCILE_INTERVAL_MS", "300"},
                                               {"FAKE_SKY_LOG", log.toUtf8()},
                                               {"PATH", (m_scratch + QStringLiteral("/bin:/usr/bin:/bin")).toUtf8()}},
                                              db.url());
        QVERIFY(other->start());
        QElapsedTimer clock;
        clock.start();
        auto r = RawHttp::post(other->port(), "/admin/nodes/launch",
                               "{\"model_name\":\"m\",\"provider\":\"aws\",\"region\":\"us-east-1\",\"cluster_name\":\"hang-1\"}", admin());
        QCOMPARE(r.status, 202);
        const QString id = QString::fromLatin1(r.json("/node/id"));
        auto status = [&] { return db.scalar(QStringLiteral("SELECT status FROM nodes WHERE id = '%1'").arg(id)).toString(); };
        QTRY_VERIFY_WITH_TIMEOUT(QFile(log).size() > 0 && status() == QLatin1String("initializing"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(status(), QStringLiteral("failed"), 10000);
        QVERIFY(clock.elapsed() >= 1900);
        QVERIFY2(db.scalar(QStringLiteral("SELECT status_message FROM nodes WHERE id = '%1'").arg(id)).toString().startsWith(
                     QLatin1String("launch timed out after 2 s")),
                 qPrintable(db.scalar(QStringLiteral("SELECT status_message FROM nodes WHERE id = '%1'").arg(id)).toString()));
        QFile f(log);
        QByteArray calls;
        QTRY_VERIFY_WITH_TIMEOUT((f.open(QIODevice::ReadOnly) ? (calls = f.readAll(), f.close(), calls.contains("down -y hang-1")) : false), 5000);
        const qsizetype at = calls.indexOf("hanging pid ");
        QVERIFY(at >= 0);
        const qint64 skyPid = calls.mid(at + 12, calls.indexOf('\n', at) - at - 12).toLongLong();
        QVERIFY(skyPid > 0);
        QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(skyPid), 0) != 0, 5000); // the stuck `sky launch` was stopped
        QTRY_VERIFY_WITH_TIMEOUT(db.scalar(QStringLiteral("SELECT status_message FROM nodes WHERE id = '%1'").arg(id)).toString().contains(
                                     QLatin1String("sky down hang-1 finished")), 5000);
        QVERIFY(other->log().contains("launch timed out"));
    }

    void missingSkyFailsLaunch()
    {
        const auto other = m_stack.makeDaemon({{"SKY_PATH", "sky-not-installed"}});
        QVERIFY(other->start());
        auto r = RawHttp::post(other->port(), "/admin/nodes/launch", "{\"model_name\":\"m\",\"provider\":\"gcp\"}", admin());
        QCOMPARE(r.status, 202);
        const QString id = QString::fromLatin1(r.json("/node/id"));
        QTRY_COMPARE_WITH_TIMEOUT(nodeStatus(id), QStringLiteral("failed"), 5000);
        QVERIFY(m_stack.db().scalar(QStringLiteral("SELECT status_message FROM nodes WHERE id = '%1'").arg(id)).toString().contains(
            QLatin1String("not found on PATH")));
    }
};

QTEST_GUILESS_MAIN(TestFleet)
#include "test_fleet.moc"
