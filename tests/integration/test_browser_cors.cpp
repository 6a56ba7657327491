// A real browser (headless Chromium, the Debian package) as a CORS client (issue 21): a page served from another
// origin streams a chat completion with fetch and renders it; the rendered text is read back from the DOM and a
// screenshot saved. Served from an origin no tenant allows, the same page is refused by the browser.
#include "support/httpserverthread.h"
#include "support/teststack.h"

#include "http/httpexchange.h"
#include "support/testenv.h"

#include <QFile>
#include <QStandardPaths>
#include <QtTest>

using namespace crosslogic;
using namespace crosslogic::test;

class TestBrowserCors : public QObject
{
    Q_OBJECT
    TestStack m_stack;
    TestKey m_key;
    std::unique_ptr<HttpServerThread> m_pages;
    QString m_chromium;

    // Runs Chromium headless on url with extra (--dump-dom or --screenshot=…); its stdout.
    QByteArray chromium(const QByteArray &url, const QString &extra)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::SeparateChannels);
        const QStringList args = {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
                                  QStringLiteral("--no-first-run"), QStringLiteral("--user-data-dir=") + scratchDir() + QStringLiteral("/chromium"),
                                  QStringLiteral("--virtual-time-budget=10000"), QStringLiteral("--window-size=900,420"), extra,
                                  QString::fromLatin1(url)};
        p.start(m_chromium, args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
        }
        return p.readAllStandardOutput();
    }
    QByteArray pageUrl(const char *host)
    {
        return "http://" + QByteArray(host) + ":" + QByteArray::number(m_pages->port()) + "/page?api=http://127.0.0.1:"
               + QByteArray::number(m_stack.port()) + "&key=" + m_key.key + "&model=browser-model";
    }

private slots:
    void initTestCase()
    {
        m_chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        QVERIFY2(!m_chromium.isEmpty(), "headless Chromium is needed: apt-get install chromium");
        QFile page(QStringLiteral(CROSSLOGIC_SOURCE_DIR "/tests/browser/cors_page.html"));
        QVERIFY(page.open(QIODevice::ReadOnly));
        const QByteArray html = page.readAll();
        m_pages = std::make_unique<HttpServerThread>(HttpLimits{}, [html](Router &router) {
            router.add("GET", "/page", [html](HttpExchange *ex) { ex->respond(200, "text/html; charset=utf-8", html); });
        });
        QVERIFY(m_pages->port() != 0);
        QVERIFY(m_stack.start());
        QVERIFY(m_stack.startEngineNode(QStringLiteral("browser-model"), "--ttft-ms 5 --tokens-per-second 200"));
        DaemonProcess &daemon = m_stack.addDaemon();
        QVERIFY2(daemon.start(), daemon.log().constData());
        m_key = m_stack.admin().createKey();
        QVERIFY(TestStack::waitForModel(m_stack.port(), m_key.key, "browser-model"));
        const QByteArray origin = "http://127.0.0.1:" + QByteArray::number(m_pages->port());
        QCOMPARE(m_stack.admin().call("PATCH", "/admin/tenants/" + m_key.tenantId, "{\"cors_allowed_origins\":[\"" + origin + "\"]}").status, 200);
        // The gateway reads the tenants' origins off the request path: wait until a preflight from the page's origin passes.
        QTRY_COMPARE_WITH_TIMEOUT(RawHttp::request(m_stack.port(), "OPTIONS", "/v1/chat/completions", {},
                                                   {{"Origin", origin}, {"Access-Control-Request-Method", "POST"}}).status, 204, 10000);
    }

    void allowedOriginStreamsAndRenders()
    {
        const QByteArray dom = chromium(pageUrl("127.0.0.1"), QStringLiteral("--dump-dom"));
        QVERIFY2(dom.contains("<pre id=\"out\">tok1 tok2 tok3 tok4 tok5 tok6</pre>"), dom.constData());
        QVERIFY2(dom.contains("status 200 done"), dom.constData());
        QVERIFY2(dom.contains("request req_"), "x-request-id is exposed to the page");
        const QString shot = qEnvironmentVariable("CROSSLOGIC_TEST_LOG_DIR", QDir::currentPath()) + QStringLiteral("/browser_cors.png");
        QFile::remove(shot);
        chromium(pageUrl("127.0.0.1"), QStringLiteral("--screenshot=") + shot);
        QFile png(shot);
        QVERIFY2(png.open(QIODevice::ReadOnly), qPrintable(shot));
        QVERIFY(png.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8));
        qInfo("screenshot: %s", qPrintable(shot));
    }

    void disallowedOriginIsRefusedByTheBrowser()
    {
        // The same page from http://localhost:<port>: an origin no tenant allows. The preflight is refused, so the
        // browser never sends the request and fetch fails.
        const QByteArray dom = chromium(pageUrl("localhost"), QStringLiteral("--dump-dom"));
        QVERIFY2(dom.contains("refused: TypeError"), dom.constData());
        QVERIFY(dom.contains("<pre id=\"out\"></pre>"));
    }
};

QTEST_GUILESS_MAIN(TestBrowserCors)
#include "test_browser_cors.moc"
