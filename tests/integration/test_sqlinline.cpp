// Values written into SQL as literals (store/sqlinline.h), for a transaction-pooling PgBouncer: every statement
// answers exactly as the prepared one does on a direct connection, hostile text stays text, and through a real
// PgBouncer in transaction mode (where Qt's prepared statements break) the same statements work.
#include "config/config.h"
#include "store/dbpool.h"
#include "store/sqlinline.h"
#include "store/sqljson.h"
#include "support/testdatabase.h"
#include "support/testpgbouncer.h"

#include <QDateTime>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QtTest>

using namespace crosslogic;
using namespace crosslogic::test;

namespace {

struct Case
{
    const char *sql;
    QVariantList values;
};

// Statements with the shapes the daemon uses: typed columns, casts, functions, comments and literals holding '?'.
QList<Case> cases()
{
    const QString hostile = QStringLiteral("x'); DROP TABLE t; -- \\' \" ? $$ ? E'\\\\' ünïcødé 🚀");
    return {
        {"SELECT to_json(name) FROM t WHERE id = ?", {1}},
        {"SELECT to_json(count(*)) FROM t WHERE name = ? OR name = ?", {hostile, QStringLiteral("plain")}},
        {"SELECT to_json(?::text)", {hostile}},
        {"SELECT to_json(ARRAY[?::int, ?::int])", {7, qint64(9000000000LL) % 1000}},
        {"SELECT to_json(? = 'a?b')", {QStringLiteral("a?b")}},
        {"SELECT /* a comment */ to_json(?::bigint) -- and another\n", {qint64(1) << 40}},
        {"SELECT to_json($$ dollar-quoted $$ || ?::text)", {QStringLiteral("!")}},
        {"SELECT to_json(E'back\\\\slash' || ?::text)", {QStringLiteral("?")}},
        {"SELECT to_json(coalesce(?::text, 'null was bound'))", {QVariant(QMetaType(QMetaType::QString))}},
        // A null QString binds NULL (an empty one binds ''), so a cast in a branch not taken never sees ''.
        {"SELECT to_json(coalesce(?, '') = '' OR now() >= ?::timestamptz)", {QString(), QString()}},
        {"SELECT to_json(coalesce(?::text, 'null'))", {QString(QLatin1String(""))}},
        {"SELECT to_json(?::boolean AND ?::boolean)", {true, false}},
        {"SELECT to_json(?::numeric * 3)", {0.1}},
        {"SELECT to_json(extract(epoch FROM ?::timestamptz))", {QDateTime(QDate(2026, 12, 4), QTime(15, 0, 0, 123), Qt::UTC)}},
        {"SELECT to_json(encode(?::bytea, 'hex'))", {QByteArray("\x00\x01'\xff", 4)}},
        {"SELECT to_json(name) FROM t WHERE id = ? LIMIT ?", {2, 1}},
        {"SELECT to_json(\"weird?col\") FROM t WHERE id = ?", {1}},
        {"UPDATE t SET name = ? WHERE id = ? RETURNING to_json(name)", {hostile, 2}},
    };
}

Result<Json> run(QSqlDatabase &db, const Case &c)
{
    return queryJson(db, QString::fromUtf8(c.sql), c.values);
}

} // namespace

class TestSqlInline : public QObject
{
    Q_OBJECT

private:
    TestDatabase m_db{false};

    QSqlDatabase open(bool pooled, const QString &name)
    {
        QUrl u(m_db.url());
        if (pooled) {
            u.setPort(pgBouncerPort());
            u.setQuery(QStringLiteral("pool_mode=transaction"));
        }
        auto target = parseDatabaseUrl(u.toString());
        if (!target)
            qFatal("%s", qPrintable(target.error()));
        auto db = DbPool::open(*target, name);
        if (!db)
            qFatal("%s", qPrintable(db.error()));
        return *db;
    }

private slots:
    void initTestCase()
    {
        QSqlQuery q(m_db.db());
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (id int PRIMARY KEY, name text, \"weird?col\" text);"
                                      "INSERT INTO t VALUES (1, 'one', 'w1'), (2, 'two', 'w2')")));
    }

    // The same statements, prepared on a direct connection and written out as literals through PgBouncer in
    // transaction mode, give the same answers.
    void literalsAnswerAsPreparedStatementsDo()
    {
        QSqlDatabase direct = open(false, QStringLiteral("direct"));
        QSqlDatabase pooled = open(true, QStringLiteral("pooled"));
        QVERIFY(!direct.driver()->property(kInlineParametersProperty).toBool());
        QVERIFY(pooled.driver()->property(kInlineParametersProperty).toBool());
        for (const Case &c : cases()) {
            const auto viaPrepare = run(direct, c);
            QVERIFY2(viaPrepare, qPrintable(QStringLiteral("%1: %2").arg(QString::fromUtf8(c.sql), viaPrepare ? QString() : viaPrepare.error())));
            const auto viaLiterals = run(pooled, c);
            QVERIFY2(viaLiterals, qPrintable(QStringLiteral("%1: %2").arg(QString::fromUtf8(c.sql), viaLiterals ? QString() : viaLiterals.error())));
            QCOMPARE(QString::fromStdString(viaLiterals->dump()), QString::fromStdString(viaPrepare->dump()));
        }
        // The hostile text went in as text: the table is still there, holding it.
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT count(*) FROM t")).toInt(), 2);
        QVERIFY(m_db.scalar(QStringLiteral("SELECT name FROM t WHERE id = 2")).toString().startsWith(QStringLiteral("x'); DROP TABLE t;")));
    }

    // Qt's own prepared statements are what break behind a transaction pooler; the inline path survives many
    // clients sharing few server connections (8 in the private PgBouncer) while transactions interleave.
    void manyClientsThroughFewServerConnections()
    {
        QList<QSqlDatabase> clients;
        for (int i = 0; i < 20; ++i)
            clients << open(true, QStringLiteral("pooled-%1").arg(i));
        for (int round = 0; round < 10; ++round) {
            for (int i = 0; i < clients.size(); ++i) {
                QSqlDatabase &db = clients[i];
                QVERIFY(db.transaction());
                auto r = queryJson(db, QStringLiteral("SELECT to_json(pg_try_advisory_xact_lock(?))"), {1000 + i});
                QVERIFY2(r && r->get<bool>(), r ? "lock not taken" : qPrintable(r.error()));  // r.error() only on failure
                auto v = queryJson(db, QStringLiteral("SELECT to_json(?::int + ?::int)"), {round, i});
                QVERIFY(v);
                QCOMPARE(v->get<int>(), round + i);
                QVERIFY(db.commit());
            }
        }
    }

    void countsThatDoNotMatchAreRefused()
    {
        QVERIFY(!inlineSqlParameters(QStringLiteral("SELECT ?, ?"), {1}));
        QVERIFY(!inlineSqlParameters(QStringLiteral("SELECT ?"), {1, 2}));
        QVERIFY(!inlineSqlParameters(QStringLiteral("SELECT ?"), {QString(QChar(0))}));
        QCOMPARE(*inlineSqlParameters(QStringLiteral("SELECT ?, '?', \"?\", $1"), {QStringLiteral("it's")}),
                 QStringLiteral("SELECT 'it''s', '?', \"?\", $1"));
        QCOMPARE(*sqlLiteral(QVariant()), QStringLiteral("NULL"));
        // Comments keep their '?' (Qt's own placeholder scan does not: it counts them).
        QCOMPARE(*inlineSqlParameters(QStringLiteral("SELECT /* ? */ ? -- ?\n, $$?$$, $t$ ? $t$"), {true}),
                 QStringLiteral("SELECT /* ? */ 'true' -- ?\n, $$?$$, $t$ ? $t$"));
        QCOMPARE(*inlineSqlParameters(QStringLiteral("SELECT E'it\\'s ?', ?"), {1}), QStringLiteral("SELECT E'it\\'s ?', '1'"));
    }
};

QTEST_GUILESS_MAIN(TestSqlInline)
#include "test_sqlinline.moc"
