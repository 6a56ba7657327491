// The one error shape: the status → type table, the body's fields, and that an internal failure's words stay
// inside (an untyped Error answers 500 "internal error").
#include "core/errorshape.h"

#include <QtTest>

using namespace crosslogic;

class TestErrorShape : public QObject
{
    Q_OBJECT

private slots:
    void statusMapsToType_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("type");
        QTest::newRow("400") << 400 << QByteArray("invalid_request_error");
        QTest::newRow("401") << 401 << QByteArray("authentication_error");
        QTest::newRow("403") << 403 << QByteArray("permission_error");
        QTest::newRow("404") << 404 << QByteArray("invalid_request_error");
        QTest::newRow("409") << 409 << QByteArray("conflict_error");
        QTest::newRow("413") << 413 << QByteArray("invalid_request_error");
        QTest::newRow("422") << 422 << QByteArray("invalid_request_error");
        QTest::newRow("429") << 429 << QByteArray("rate_limit_error");
        QTest::newRow("500") << 500 << QByteArray("server_error");
        QTest::newRow("502") << 502 << QByteArray("server_error");
        QTest::newRow("503") << 503 << QByteArray("service_unavailable");
        QTest::newRow("504") << 504 << QByteArray("server_error");
        QTest::newRow("418 (not in the table)") << 418 << QByteArray("invalid_request_error");
        QTest::newRow("507 (not in the table)") << 507 << QByteArray("server_error");
    }

    void statusMapsToType()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, type);
        QCOMPARE(errorTypeFor(status), type);
        const auto body = errorBody(fail(status, "some_code", QStringLiteral("what went wrong")));
        QCOMPARE(QByteArray::fromStdString(body["error"]["type"].get<std::string>()), type);
    }

    void bodyCarriesEveryField()
    {
        const auto body = errorBody(fail(409, "conflict", QStringLiteral("already exists: tenant acme"), QStringLiteral("name")));
        QCOMPARE(body["error"]["message"].get<std::string>(), std::string("already exists: tenant acme"));
        QCOMPARE(body["error"]["code"].get<std::string>(), std::string("conflict"));
        QCOMPARE(body["error"]["param"].get<std::string>(), std::string("name"));
        QCOMPARE(body.size(), size_t(1));
        QCOMPARE(body["error"].size(), size_t(4));
    }

    void missingCodeAndParamAreNull()
    {
        const auto body = errorBody(fail(400, {}, QStringLiteral("bad")));
        QVERIFY(body["error"]["code"].is_null());
        QVERIFY(body["error"]["param"].is_null());
    }

    void rateLimitKeepsWhatWasExceeded()
    {
        Error e = fail(429, "rate_limit_exceeded", QStringLiteral("rate limit reached"));
        e.type = "tokens";
        QCOMPARE(errorBody(e)["error"]["type"].get<std::string>(), std::string("tokens"));
    }

    void internalFailureIsNotQuoted()
    {
        const Error e = fail(QStringLiteral("FATAL: password authentication failed for user \"crosslogic\""));
        QVERIFY(!e.isTyped());
        QCOMPARE(errorStatus(e), 500);
        const auto body = errorBody(e);
        QCOMPARE(body["error"]["type"].get<std::string>(), std::string("server_error"));
        QCOMPARE(body["error"]["message"].get<std::string>(), std::string("internal error"));
    }

    void outOfRangeStatusIsA500()
    {
        QCOMPARE(errorStatus(fail(200, "x", QStringLiteral("not an error status"))), 500);
        QCOMPARE(errorStatus(fail(99, "x", QStringLiteral("nonsense"))), 500);
    }
};

QTEST_GUILESS_MAIN(TestErrorShape)
#include "test_errorshape.moc"
