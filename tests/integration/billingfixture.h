// The fixture of the billing tests (test_billing_usage, test_billing_stripe): a private database and Redis, a
// simulated engine, PostgreSQL behind a TCP proxy the tests can close, a fake Stripe and a daemon using them all.
#pragma once

#include "support/fakestripe.h"
#include "support/tcpproxy.h"
#include "support/testenv.h"
#include "support/teststack.h"

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
    TestStack m_stack;
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
        QUrl url(m_stack.db().url());
        url.setPort(m_proxy->port());
        return m_stack.makeDaemon({{"USAGE_SPOOL_DIR", m_spoolDir.toUtf8()},
                                   {"USAGE_SPOOL_FLUSH_MS", "50"},
                                   {"STRIPE_WEBHOOK_SECRET", kWebhookSecret},
                                   {"STRIPE_SECRET_KEY", kStripeKey},
                                   {"STRIPE_API_BASE", m_stripe->url()},
                                   {"BILLING_EXPORT_INTERVAL_MS", "300"},
                                   {"BILLING_EXPORT_PERIOD_SECONDS", "1"},
                                   {"BILLING_RETRY_BASE_MS", "100"},
                                   {"BILLING_MAX_RETRIES", "3"},
                                   {"RATE_LIMIT_DEFAULT_REQUESTS_PER_MIN", "0"},
                                   {"RATE_LIMIT_DEFAULT_TOKENS_PER_MIN", "0"},
                                   {"RATE_LIMIT_DEFAULT_CONCURRENCY", "0"},
                                   {"NODE_STALE_SECONDS", "600"}}, // the engine's node row never heartbeats
                                  url.toString());
    }

    // A connection to the stack's database opened the way the daemon opens its own (DbPool::open); not open
    // (the reason warned) when that failed.
    QSqlDatabase daemonConnection(const QString &name)
    {
        const auto target = parseDatabaseUrl(m_stack.db().url());
        if (!target) {
            qWarning("the test database URL does not parse");
            return {};
        }
        auto opened = DbPool::open(*target, name);
        if (!opened) {
            qWarning("%s", qPrintable(opened.error()));
            return {};
        }
        return *opened;
    }

    int rows(const QString &sql) { return m_stack.db().scalar(sql).toInt(); }

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
        QVERIFY(m_stack.start());
        QVERIFY(m_stack.startEngineNode(QStringLiteral("demo-model"), "--ttft-ms 5 --tokens-per-second 200"));
        m_stack.db().scalar(QStringLiteral(
            "INSERT INTO models (name, input_price_micros_per_mtok, output_price_micros_per_mtok)"
            " VALUES ('demo-model', 1000000, 2000000) RETURNING name"));
        const QUrl pg(m_stack.db().url());
        m_proxy = std::make_unique<TcpProxy>();
        QVERIFY(m_proxy->start(pg.host(), quint16(pg.port())));
        m_stripe = std::make_unique<FakeStripe>();
        QVERIFY(m_stripe->start());
        m_spoolDir = scratchDir() + QStringLiteral("/billing-spool");
        m_daemon = makeDaemon();
        QVERIFY2(m_daemon->start(), m_daemon->log().constData());
        m_key = AdminApi(port()).createKey();
        QVERIFY(m_key.key.startsWith("clsk_"));
        QVERIFY(TestStack::waitForModel(port(), m_key.key, "demo-model"));
    }

    void cleanupFixture()
    {
        if (m_proxy)
            m_proxy->setOpen(true);
        m_daemon.reset();
    }
};
