// The one reader of engine-reported token usage: whole JSON answers and the data of SSE events, as the gateway
// meters them.
#include "gateway/usagescan.h"
#include "sse/sseparser.h"

#include <QtTest>

using namespace crosslogic;

namespace {
// Single quotes for readability.
QByteArray j(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

// What the gateway takes from a stream: every event's data through scanEngineChunk, the last report winning.
struct StreamUsage
{
    EngineUsage usage;
    int reports = 0;
    int usageOnlyChunks = 0;
};

StreamUsage readStream(const QByteArray &stream)
{
    SseParser parser;
    std::vector<SseParser::Event> events;
    if (!parser.feed(stream, events))
        qFatal("malformed test stream");
    StreamUsage out;
    for (const SseParser::Event &e : events) {
        EngineUsage u;
        if (!scanEngineChunk(e.data, u))
            continue;
        out.usage = u;
        ++out.reports;
        if (u.usageOnly)
            ++out.usageOnlyChunks;
    }
    return out;
}

QByteArray chunk(const char *json)
{
    return "data: " + j(json) + "\n\n";
}
} // namespace

class TestUsageScan : public QObject
{
    Q_OBJECT

private slots:
    void wholeAnswer_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("found");
        QTest::addColumn<qint64>("prompt");
        QTest::addColumn<qint64>("completion");
        QTest::newRow("usage at the end")
            << j("{'id':'c1','choices':[{'index':0,'message':{'role':'assistant','content':'hi'}}],"
                 "'usage':{'prompt_tokens':12,'completion_tokens':2,'total_tokens':14}}")
            << true << true << qint64(12) << qint64(2);
        QTest::newRow("usage first") << j("{'usage':{'completion_tokens':7,'prompt_tokens':5},'choices':[]}") << true << true
                                     << qint64(5) << qint64(7);
        QTest::newRow("no usage") << j("{'id':'c1','choices':[{'message':{'content':'hi'}}]}") << true << false << qint64(0)
                                  << qint64(0);
        QTest::newRow("usage null") << j("{'choices':[],'usage':null}") << true << false << qint64(0) << qint64(0);
        QTest::newRow("one count missing") << j("{'usage':{'completion_tokens':3}}") << true << true << qint64(0) << qint64(3);
        QTest::newRow("nested usage is not the answer's")
            << j("{'choices':[{'usage':{'prompt_tokens':99}}]}") << true << false << qint64(0) << qint64(0);
        QTest::newRow("the last usage counts")
            << j("{'usage':{'prompt_tokens':1,'completion_tokens':1},'usage':{'completion_tokens':7}}") << true << true
            << qint64(0) << qint64(7);
        QTest::newRow("float count truncated") << j("{'usage':{'prompt_tokens':3.9,'completion_tokens':1e1}}") << true << true
                                               << qint64(3) << qint64(10);
        QTest::newRow("string count") << j("{'usage':{'prompt_tokens':'3','completion_tokens':1}}") << false << false
                                      << qint64(0) << qint64(0);
        QTest::newRow("object count") << j("{'usage':{'prompt_tokens':{'n':3}}}") << false << false << qint64(0) << qint64(0);
        QTest::newRow("array count") << j("{'usage':{'completion_tokens':[3]}}") << false << false << qint64(0) << qint64(0);
        QTest::newRow("null count") << j("{'usage':{'prompt_tokens':null}}") << false << false << qint64(0) << qint64(0);
        QTest::newRow("truncated JSON") << j("{'usage':{'prompt_tokens':3}") << false << false << qint64(0) << qint64(0);
        QTest::newRow("HTML error page") << QByteArray("<html>502 Bad Gateway</html>") << false << false << qint64(0)
                                         << qint64(0);
    }
    void wholeAnswer()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, valid);
        EngineUsage u;
        QCOMPARE(scanEngineAnswer(body, u), valid);
        if (!valid)
            return;
        QTEST(u.found, "found");
        QTEST(u.promptTokens, "prompt");
        QTEST(u.completionTokens, "completion");
    }

    // OpenAI's stream_options.include_usage: ordinary chunks carry "usage":null, the last one the counts and an
    // empty "choices" (the gateway drops that chunk when only it asked for usage).
    void usageInTheLastChunk()
    {
        const QByteArray stream = chunk("{'id':'c','choices':[{'delta':{'content':'a'}}],'usage':null}")
                                  + chunk("{'id':'c','choices':[{'delta':{'content':'b'}}],'usage':null}")
                                  + chunk("{'id':'c','choices':[],'usage':{'prompt_tokens':9,'completion_tokens':2,'total_tokens':11}}")
                                  + "data: [DONE]\n\n";
        const StreamUsage s = readStream(stream);
        QCOMPARE(s.reports, 1);
        QCOMPARE(s.usageOnlyChunks, 1);
        QVERIFY(s.usage.found);
        QCOMPARE(s.usage.promptTokens, 9);
        QCOMPARE(s.usage.completionTokens, 2);
    }

    // vLLM's continuous usage stats: every chunk reports running counts next to its content; the last one wins.
    void usageInEveryChunk()
    {
        const QByteArray stream = chunk("{'choices':[{'delta':{'content':'a'}}],'usage':{'prompt_tokens':9,'completion_tokens':1}}")
                                  + chunk("{'choices':[{'delta':{'content':'b'}}],'usage':{'prompt_tokens':9,'completion_tokens':2}}")
                                  + chunk("{'choices':[{'delta':{},'finish_reason':'stop'}],'usage' : {'prompt_tokens':9,'completion_tokens':3}}");
        const StreamUsage s = readStream(stream);
        QCOMPARE(s.reports, 3);
        QCOMPARE(s.usageOnlyChunks, 0); // content chunks are never dropped
        QCOMPARE(s.usage.completionTokens, 3);
    }

    void streamWithoutUsage()
    {
        const QByteArray stream = chunk("{'choices':[{'delta':{'content':'a'}}]}")
                                  + chunk("{'choices':[{'delta':{'content':'usage'}}],'usage':null}") + "data: [DONE]\n\n";
        const StreamUsage s = readStream(stream);
        QCOMPARE(s.reports, 0);
        QVERIFY(!s.usage.found);
    }

    // A chunk that is not JSON, or whose counts are not numbers, reports nothing (the gateway forwards it as it is
    // and counts the streamed chunks instead).
    void malformedChunks_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("string count") << j("{'choices':[],'usage':{'prompt_tokens':'9','completion_tokens':2}}");
        QTest::newRow("object count") << j("{'choices':[],'usage':{'prompt_tokens':{},'completion_tokens':2}}");
        QTest::newRow("cut short") << j("{'choices':[],'usage':{'prompt_tokens':9,");
        QTest::newRow("two documents") << j("{'usage':{'prompt_tokens':9}} {}");
        QTest::newRow("not JSON") << QByteArray("usage: {prompt_tokens: 9}");
        QTest::newRow("usage is a string") << j("{'choices':[],'usage':'{}'}");
    }
    void malformedChunks()
    {
        QFETCH(QByteArray, data);
        EngineUsage u;
        QVERIFY(!scanEngineChunk(data, u));
        QVERIFY(!u.found);
    }

    void usageOnlyNeedsAnEmptyChoicesArray()
    {
        EngineUsage u;
        QVERIFY(scanEngineChunk(j("{'choices':[],'usage':{'prompt_tokens':1}}"), u));
        QVERIFY(u.usageOnly);
        QVERIFY(scanEngineChunk(j("{'usage':{'prompt_tokens':1},'choices':[ ]}"), u));
        QVERIFY(u.usageOnly);
        QVERIFY(scanEngineChunk(j("{'choices':[{}],'usage':{'prompt_tokens':1}}"), u));
        QVERIFY(!u.usageOnly);
        QVERIFY(scanEngineChunk(j("{'usage':{'prompt_tokens':1}}"), u));
        QVERIFY(!u.usageOnly);
        QVERIFY(scanEngineChunk(j("{'choices':{},'usage':{'prompt_tokens':1}}"), u));
        QVERIFY(!u.usageOnly);
        QVERIFY(scanEngineChunk(j("{'x':{'choices':[]},'usage':{'prompt_tokens':1}}"), u));
        QVERIFY(!u.usageOnly);
    }
};

QTEST_GUILESS_MAIN(TestUsageScan)
#include "test_usagescan.moc"
