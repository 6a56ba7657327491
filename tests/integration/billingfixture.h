// The fixture of the billing tests (test_billing_usage, test_billing_stripe): a private database and Redis, a
// simulated engine, PostgreSQL behind a TCP proxy the tests can close, a fake Stripe and a daemon using them all.
#pragma once

#include "support/adminapi.h"
#include "support/daemonprocess.h"
#include "support/engineprocess.h"
#include "support/fakestripe.h"
#include "support/rawhttp.h"
#include "support/tcpproxy.h"
#include "support/testdatabase.h"
#include "support/testenv.h"
#include "support/testredis.h"

#include "billing/stripesignature.h"
#include "billing/usagesql.h"
#include "config/config.h"
#include "store/dbpool.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>
#include <QUrl>
#include <QtTest>
#include <atomic>
#include <mutex>
#include <thread>

using namespace crosslogic;
using namespace crosslogic::test;

namespace crosslogic::test::billing {

inline const QByteArray kWebhookSecret = "whsec_test_billing_0123456789";
inline const QByteArray kStripeKey = "sk_test_billing_0123456789";

inline QByteArray chat(int maxTokens, bool stream)
{
    return "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"count for "
           "me\"}],\"max_tokens\":" +
           QByteArray::number(maxTokens) + (stream ? ",\"stream\":true}" : "}");
}

inline QString inList(const QList<QByteArray> &ids)
{
    QStringList quoted;
    for (const QByteArray &id : ids)
        quoted << QStringLiteral("'%1'").arg(QString::fromLatin1(id));
    return quoted.isEmpty() ? QStringLiteral("''") : quoted.join(u',');
}

struct Completed
{
    QByteArray requestId;
    qint64 atMs;
    int completionTokens;
};

} // namespace crosslogic::test::billing

using namespace crosslogic::test::billing;

class BillingFixture : public QObject
{
protected:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<TestRedis> m_redis;
    std::unique_ptr<EngineProcess> m_engine;
    std::unique_ptr<TcpProxy> m_proxy;
    std::unique_ptr<FakeStripe> m_stripe;
    std::unique_ptr<DaemonProcess> m_daemon;
    QString m_spoolDir;
    TestKey m_key;

    quint16 port() const { return m_daemon->port(); }

    std::unique_ptr<DaemonProcess> makeDaemon()
    {
        // The daemon reaches PostgreSQL through the proxy, so the test can take the database away and bring
        // it back.
        QUrl url(m_db->url());
        url.setPort(m_proxy->port());
        auto d = std::make_unique<DaemonProcess>(url.toString(), m_redis->url());
        d->setEnv(QStringLiteral("USAGE_SPOOL_DIR"), m_spoolDir);
        d->setEnv(QStringLiteral("USAGE_SPOOL_FLUSH_MS"), QStringLiteral("50"));
        d->setEnv(QStringLiteral("STRIPE_WEBHOOK_SECRET"), QString::fromLatin1(kWebhookSecret));
        d->setEnv(QStringLiteral("STRIPE_SECRET_KEY"), QString::fromLatin1(kStripeKey));
        d->setEnv(QStringLiteral("STRIPE_API_BASE"), QString::fromLatin1(m_stripe->url()));
        d->setEnv(QStringLiteral("BILLING_EXPORT_INTERVAL_MS"), QStringLiteral("300"));
        d->setEnv(QStringLiteral("BILLING_EXPORT_PERIOD_SECONDS"), QStringLiteral("1"));
        d->setEnv(QStringLiteral("BILLING_RETRY_BASE_MS"), QStringLiteral("100"));
        d->setEnv(QStringLiteral("BILLING_MAX_RETRIES"), QStringLiteral("3"));
        d->setEnv(QStringLiteral("RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN"), QStringLiteral("0"));
        d->setEnv(QStringLiteral("RATE_LIMIT_DEFAULT_TOKENS_PER_MIN"), QStringLiteral("0"));
        d->setEnv(QStringLiteral("RATE_LIMIT_DEFAULT_CONCURRENCY"), QStringLiteral("0"));
        return d;
    }

    int rows(const QString &sql) { return m_db->scalar(sql).toInt(); }

    HttpResult webhook(const QByteArray &body, const QByteArray &signature)
    {
        Headers h{{"Content-Type", "application/json"}};
        if (!signature.isNull())
            h.append({"Stripe-Signature", signature});
        return RawHttp::post(port(), "/webhooks/stripe", body, h);
    }
    static QByteArray event(const QByteArray &id, const QByteArray &type, const QByteArray &customer)
    {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type +
               "\",\"data\":{\"object\":{\"customer\":\"" + customer + "\"}}}";
    }
    static QByteArray sign(const QByteArray &body, qint64 at = QDateTime::currentSecsSinceEpoch())
    {
        return signStripePayload(body, kWebhookSecret, at);
    }

    // Sends requests from `threads` clients until stop; returns every 200 with its completion time.
    static std::vector<Completed> load(quint16 port, const QByteArray &key, int threads,
                                       std::atomic<bool> &stop, std::atomic<int> *errors = nullptr)
    {
        std::mutex mutex;
        std::vector<Completed> done;
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                int i = 0;
                while (!stop) {
                    const int tokens = 1 + (i++ % 7);
                    const HttpResult r = RawHttp::request(port, "POST", "/v1/chat/completions",
                                                          chat(tokens, (i + t) % 2 == 0), bearer(key), 5000);
                    const qint64 at = QDateTime::currentMSecsSinceEpoch();
                    if (r.status == 200) {
                        std::lock_guard lock(mutex);
                        done.push_back(Completed{r.header("x-request-id"), at, tokens});
                    } else if (errors) {
                        ++*errors;
                    }
                }
            });
        for (auto &w : workers)
            w.join();
        return done;
    }

    // Call from initTestCase(); QVERIFY failures end the test case there.
    void initFixture()
    {
        m_db = std::make_unique<TestDatabase>();
        m_redis = std::make_unique<TestRedis>();
        QVERIFY(m_redis->start());
        m_engine = std::make_unique<EngineProcess>();
        QVERIFY(m_engine->start({QStringLiteral("--model"), QStringLiteral("demo-model"),
                                 QStringLiteral("--ttft-ms"), QStringLiteral("5"),
                                 QStringLiteral("--tokens-per-second"), QStringLiteral("200")}));
        m_db->scalar(
            QStringLiteral("INSERT INTO nodes (cluster_name, provider, status, model_name, endpoint_url, "
                           "last_heartbeat_at)"
                           " VALUES ('test', 'local', 'active', 'demo-model', '%1', now()) RETURNING id")
                .arg(QString::fromLatin1(m_engine->url())));
        m_db->scalar(QStringLiteral(
            "INSERT INTO models (name, input_price_micros_per_mtok, output_price_micros_per_mtok)"
            " VALUES ('demo-model', 1000000, 2000000) RETURNING name"));
        const QUrl pg(m_db->url());
        m_proxy = std::make_unique<TcpProxy>();
        QVERIFY(m_proxy->start(pg.host(), quint16(pg.port())));
        m_stripe = std::make_unique<FakeStripe>();
        QVERIFY(m_stripe->start());
        m_spoolDir = scratchDir() + QStringLiteral("/billing-spool");
        m_daemon = makeDaemon();
        QVERIFY2(m_daemon->start(), m_daemon->log().constData());
        m_key = AdminApi(port()).createKey();
        QVERIFY(m_key.key.startsWith("clsk_"));
        QTRY_VERIFY_WITH_TIMEOUT(
            RawHttp::get(port(), "/v1/models", bearer(m_key.key)).body.contains("demo-model"), 5000);
    }

    void cleanupFixture()
    {
        if (m_proxy)
            m_proxy->setOpen(true);
        m_daemon.reset();
    }
};
