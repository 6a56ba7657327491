// The detail panel's building blocks without a daemon: which objects a table row names (so Enter and the context
// menu open the right thing) and how limits and use read.
#include "detail/detailformat.h"
#include "detail/objectref.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace crosslogic::console;

namespace {
QJsonObject object(const char *singleQuoted)
{
    return QJsonDocument::fromJson(QByteArray(singleQuoted).replace('\'', '"')).object();
}
} // namespace

class TestConsoleDetail : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void aKeyRowNamesTheKeyItsTenantAndEnvironment()
    {
        const QList<ObjectRef> refs = rowRefs(object("{'id':'k1','key_prefix':'clsk_live_ab','name':'backend','tenant_id':'t1','tenant_name':'acme',"
                                                     "'environment_id':'e1','environment_name':'production'}"));
        QCOMPARE(refs.size(), 3);
        QCOMPARE(refs[0].kind, QStringLiteral("key"));
        QCOMPARE(refs[0].id, QStringLiteral("k1"));
        QCOMPARE(refs[0].name, QStringLiteral("backend (clsk_live_ab)"));
        QCOMPARE(refs[1].kind, QStringLiteral("tenant"));
        QCOMPARE(refs[1].name, QStringLiteral("acme"));
        QCOMPARE(refs[2].kind, QStringLiteral("environment"));
    }

    void aNodeRowNamesTheNodeThenItsModel()
    {
        const QList<ObjectRef> refs = rowRefs(object("{'id':'n1','cluster_name':'gpu-1','model_name':'llama'}"));
        QCOMPARE(refs.size(), 2);
        QCOMPARE(refs[0].kind, QStringLiteral("node"));
        QCOMPARE(refs[0].name, QStringLiteral("gpu-1"));
        QCOMPARE(refs[1], (ObjectRef{QStringLiteral("model"), QStringLiteral("llama"), QStringLiteral("llama")}));
    }

    void anAlertRowNamesOnlyObjectsThePanelOpens()
    {
        const QList<ObjectRef> refs = rowRefs(object("{'id':7,'rule':'x','objects':[{'kind':'redis','id':'r'},{'kind':'node','id':'n1','name':'gpu-1'},"
                                                     "{'kind':'model','id':'llama','name':'llama'}]}"));
        QCOMPARE(refs.size(), 2);
        QCOMPARE(refs[0].kind, QStringLiteral("node"));
        QCOMPARE(refs[1].kind, QStringLiteral("model"));
        QVERIFY(rowRefs(object("{'id':'x','event_type':'invoice.paid'}")).isEmpty());
    }

    void anAuditRowNamesItsTarget()
    {
        const QList<ObjectRef> refs = rowRefs(object("{'id':3,'action':'api_key.revoke','target':'6f1c0000-0000-4000-8000-000000000001'}"));
        QCOMPARE(refs.size(), 1);
        QCOMPARE(refs[0].kind, QStringLiteral("key"));
        QVERIFY(rowRefs(object("{'id':4,'action':'node.drain_stale','target':'nodes'}")).isEmpty());
    }

    void usageAgainstALimit()
    {
        StatusLevel level;
        QCOMPARE(detail::usageText(5, QJsonValue(5), &level), QStringLiteral("5 of 5 (100 %)"));
        QCOMPARE(level, StatusLevel::Fail);
        QCOMPARE(detail::usageText(850000, QJsonValue(1000000), &level), QStringLiteral("850,000 of 1,000,000 (85 %)"));
        QCOMPARE(level, StatusLevel::Warn);
        QCOMPARE(detail::usageText(3, QJsonValue(), &level), QStringLiteral("3 (no limit)"));
        QCOMPARE(level, StatusLevel::Ok);
        QCOMPARE(detail::limitText(QJsonValue()), QStringLiteral("unlimited"));
        // Numbers follow the locale (the words come from the translation, not loaded here).
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(detail::limitText(QJsonValue(1000000)), QStringLiteral("1.000.000"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
};

QTEST_MAIN(TestConsoleDetail)
#include "test_console_detail.moc"
