// CORS for browser applications over real sockets (issue 21): origins allowed per tenant (PATCH
// /admin/tenants/{id}), preflights, and the Access-Control-* headers on every answer, errors included.
#include "support/teststack.h"

#include <QtTest>

using namespace crosslogic::test;

namespace {
const QByteArray kApp = "https://app.example.com";
const QByteArray kChat = "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2}";

Headers from(const QByteArray &origin, Headers h = {})
{
    h.append(qMakePair(QByteArray("Origin"), origin));
    return h;
}

HttpResult preflight(quint16 port, const QByteArray &origin, const QByteArray &path = "/v1/chat/completions")
{
    return RawHttp::request(port, "OPTIONS", path, {},
                            {{"Origin", origin}, {"Access-Control-Request-Method", "POST"},
                             {"Access-Control-Request-Headers", "authorization, content-type, x-stainless-os"}});
}

} // namespace

class TestGatewayCors : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    TestKey m_allowing; // its tenant allows kApp
    TestKey m_other;    // its tenant allows no origin

    quint16 port() const { return m_stack.port(); }
    HttpResult setOrigins(const TestKey &key, const QByteArray &json)
    {
        return m_stack.admin().call("PATCH", "/admin/tenants/" + key.tenantId, "{\"cors_allowed_origins\":" + json + "}");
    }
    static void verifyAllowed(const HttpResult &r, const QByteArray &origin)
    {
        QCOMPARE(r.header("access-control-allow-origin"), origin);
        QCOMPARE(r.header("vary"), QByteArray("Origin"));
        QVERIFY2(r.header("access-control-expose-headers").contains("x-request-id"), r.header("access-control-expose-headers").constData());
        QVERIFY(r.header("access-control-expose-headers").contains("x-ratelimit-remaining-requests"));
        QVERIFY(r.header("access-control-expose-headers").contains("x-ratelimit-remaining-tokens"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_stack.start());
        QVERIFY(m_stack.startEngineNode(QStringLiteral("demo-model"), "--ttft-ms 10 --tokens-per-second 500"));
        DaemonProcess &daemon = m_stack.addDaemon();
        QVERIFY2(daemon.start(), daemon.log().constData());
        m_allowing = m_stack.admin().createKey();
        m_other = m_stack.admin().createKey();
        QVERIFY(TestStack::waitForModel(port(), m_allowing.key, "demo-model"));
    }

    void noOriginAllowedByDefault()
    {
        auto pre = preflight(port(), kApp);
        QCOMPARE(pre.status, 403);
        QCOMPARE(pre.json("/error/code"), QByteArray("origin_not_allowed"));
        QVERIFY(pre.header("access-control-allow-origin").isEmpty());
        auto r = RawHttp::post(port(), "/v1/chat/completions", kChat, from(kApp, bearer(m_allowing.key)));
        QCOMPARE(r.status, 403);
        QVERIFY(r.header("access-control-allow-origin").isEmpty());
        // Without an Origin (not a browser) nothing changes.
        auto plain = RawHttp::post(port(), "/v1/chat/completions", kChat, bearer(m_allowing.key));
        QCOMPARE(plain.status, 200);
        QVERIFY(plain.header("vary").isEmpty() && plain.header("access-control-allow-origin").isEmpty());
    }

    void originsAreValidated_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("path") << QByteArray("[\"https://app.example.com/\"]");
        QTest::newRow("no scheme") << QByteArray("[\"app.example.com\"]");
        QTest::newRow("other scheme") << QByteArray("[\"ftp://app.example.com\"]");
        QTest::newRow("query") << QByteArray("[\"https://a.example.com?x=1\"]");
        QTest::newRow("bad port") << QByteArray("[\"https://a.example.com:70000\"]");
        QTest::newRow("not a list") << QByteArray("\"https://app.example.com\"");
        QTest::newRow("not strings") << QByteArray("[1]");
    }
    void originsAreValidated()
    {
        QFETCH(QByteArray, json);
        auto r = setOrigins(m_allowing, json);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json("/error/code"), QByteArray("invalid_value"));
        QCOMPARE(r.json("/error/param"), QByteArray("cors_allowed_origins"));
    }

    void tenantAllowsAnOrigin()
    {
        auto r = setOrigins(m_allowing, "[\"HTTPS://App.Example.com\", \"http://localhost:5173\"]");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json("/cors_allowed_origins"), QByteArray("[\"https://app.example.com\",\"http://localhost:5173\"]"));
        QCOMPARE(r.json("/undo/body/cors_allowed_origins"), QByteArray("[]"));
        QTRY_COMPARE_WITH_TIMEOUT(preflight(port(), kApp).status, 204, 5000);
    }

    void preflightAnswers()
    {
        auto r = preflight(port(), kApp);
        QCOMPARE(r.status, 204);
        verifyAllowed(r, kApp);
        QVERIFY(r.header("access-control-allow-methods").contains("POST"));
        const QByteArray headers = r.header("access-control-allow-headers");
        for (const char *h : {"authorization", "content-type", "openai-organization", "openai-project", "x-request-id", "x-stainless-os"})
            QVERIFY2(headers.contains(h), headers.constData());
        QCOMPARE(r.header("access-control-max-age"), QByteArray("600"));
        QVERIFY2(r.header("content-length").isEmpty(), "a 204 has no Content-Length");
        QCOMPARE(preflight(port(), kApp, "/v1/models").status, 204);
        QCOMPARE(preflight(port(), "http://localhost:5173", "/v1/embeddings").status, 204);
        auto evil = preflight(port(), "https://evil.example.com");
        QCOMPARE(evil.status, 403);
        QVERIFY(evil.header("access-control-allow-origin").isEmpty());
    }

    void answersCarryTheHeaders()
    {
        auto ok = RawHttp::post(port(), "/v1/chat/completions", kChat, from(kApp, bearer(m_allowing.key)));
        QCOMPARE(ok.status, 200);
        verifyAllowed(ok, kApp);
        QVERIFY(!ok.header("x-ratelimit-remaining-requests").isEmpty());
        auto stream = RawHttp::post(port(), "/v1/chat/completions",
                                    "{\"model\":\"demo-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2,\"stream\":true}",
                                    from(kApp, bearer(m_allowing.key)));
        QCOMPARE(stream.status, 200);
        verifyAllowed(stream, kApp);
        QVERIFY(stream.body.endsWith("data: [DONE]\n\n"));
        auto models = RawHttp::get(port(), "/v1/models", from(kApp, bearer(m_allowing.key)));
        QCOMPARE(models.status, 200);
        verifyAllowed(models, kApp);
    }

    void errorsCarryTheHeaders()
    {
        auto noKey = RawHttp::post(port(), "/v1/chat/completions", kChat, from(kApp));
        QCOMPARE(noKey.status, 401);
        verifyAllowed(noKey, kApp);
        auto invalid = RawHttp::post(port(), "/v1/chat/completions", "{\"model\":1}", from(kApp, bearer(m_allowing.key)));
        QCOMPARE(invalid.status, 400);
        verifyAllowed(invalid, kApp);
        Headers br = from(kApp, bearer(m_allowing.key));
        br.append(qMakePair(QByteArray("Content-Encoding"), QByteArray("br")));
        auto encoding = RawHttp::post(port(), "/v1/chat/completions", kChat, br);
        QCOMPARE(encoding.status, 415);
        verifyAllowed(encoding, kApp);
        auto unknown = RawHttp::get(port(), "/v1/nothing-here", from(kApp, bearer(m_allowing.key)));
        QCOMPARE(unknown.status, 404);
        verifyAllowed(unknown, kApp);
        auto model = RawHttp::post(port(), "/v1/chat/completions", "{\"model\":\"no-such\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                                   from(kApp, bearer(m_allowing.key)));
        QCOMPARE(model.status, 404);
        verifyAllowed(model, kApp);
    }

    // The preflight passes (another tenant allows the origin); the key's own tenant decides the real request.
    void otherTenantsKeyIsRefused()
    {
        auto r = RawHttp::post(port(), "/v1/chat/completions", kChat, from(kApp, bearer(m_other.key)));
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json("/error/code"), QByteArray("origin_not_allowed"));
        QVERIFY(r.header("access-control-allow-origin").isEmpty());
        QCOMPARE(RawHttp::get(port(), "/v1/models", from(kApp, bearer(m_other.key))).status, 403);
        auto evil = RawHttp::post(port(), "/v1/chat/completions", kChat, from("https://evil.example.com", bearer(m_allowing.key)));
        QCOMPARE(evil.status, 403);
        QVERIFY(evil.header("access-control-allow-origin").isEmpty());
    }

    void wildcardAllowsEveryOrigin()
    {
        QCOMPARE(setOrigins(m_other, "[\"*\"]").status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(port(), "/v1/chat/completions", kChat, from("https://evil.example.com", bearer(m_other.key))).status, 200, 5000);
        auto r = RawHttp::post(port(), "/v1/chat/completions", kChat, from("https://any.example.org", bearer(m_other.key)));
        verifyAllowed(r, "https://any.example.org");
        QCOMPARE(setOrigins(m_other, "null").status, 200); // back to none
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::post(port(), "/v1/chat/completions", kChat, from("https://any.example.org", bearer(m_other.key))).status, 403, 5000);
    }
};

QTEST_GUILESS_MAIN(TestGatewayCors)
#include "test_gateway_cors.moc"
