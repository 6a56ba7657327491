// The quick JSON paths of the gateway (scanJson: request validation and the engine answer's usage) against the
// parser-backed paths they stand in for: wherever the quick path answers, it answers exactly as nlohmann does, and it
// does answer for ordinary traffic (or the gateway would silently fall back to the slow path on every request).
#include "gateway/jsonscan.h"
#include "gateway/requestvalidator.h"
#include "gateway/usagescan.h"

#include <QRandomGenerator>
#include <QTest>

using namespace crosslogic;

namespace {
// JSON written with single quotes, for legibility.
QByteArray j(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

struct NullVisitor
{
    bool beginObject() { return true; }
    bool endObject() { return true; }
    bool beginArray() { return true; }
    bool endArray() { return true; }
    bool key(const JsonString &) { return true; }
    bool string(const JsonString &) { return true; }
    bool number(const JsonNumber &) { return true; }
    bool literal(char) { return true; }
};

bool scans(const QByteArray &text)
{
    NullVisitor v;
    return scanJson(std::string_view(text.constData(), size_t(text.size())), v);
}

bool nlohmannAccepts(const QByteArray &text)
{
    return nlohmann::json::accept(text.constBegin(), text.constEnd());
}

// The document path's answer, compared field by field with the quick one.
QString differences(const ValidatedRequest &quick, const ValidatedRequest &full)
{
    QStringList d;
    if (!full.error.isEmpty())
        d << QStringLiteral("document path rejects it: %1").arg(full.error);
    if (quick.model != full.model)
        d << QStringLiteral("model %1 vs %2").arg(quick.model, full.model);
    if (quick.stream != full.stream)
        d << QStringLiteral("stream");
    if (quick.clientWantsUsage != full.clientWantsUsage)
        d << QStringLiteral("include_usage");
    if (quick.maxTokens != full.maxTokens)
        d << QStringLiteral("max_tokens %1 vs %2").arg(quick.maxTokens).arg(full.maxTokens);
    if (quick.promptCharacters != full.promptCharacters)
        d << QStringLiteral("prompt characters %1 vs %2").arg(quick.promptCharacters).arg(full.promptCharacters);
    return d.join(QStringLiteral("; "));
}

const QList<QPair<InferenceKind, QByteArray>> &requestSeeds()
{
    static const QList<QPair<InferenceKind, QByteArray>> seeds = {
        {InferenceKind::Chat, j("{'model':'llama-3-8b','messages':[{'role':'user','content':'hi'}],'max_tokens':16}")},
        {InferenceKind::Chat, j("{'model':'m','messages':[{'role':'system','content':'Be brief.'},{'role':'user','content':'caf\\u00e9 \\u4e2d \\n\\t\\\"q\\\"'}],"
                                "'temperature':0.7,'top_p':1,'stream':false,'stream_options':{'include_usage':true},'max_completion_tokens':99}")},
        {InferenceKind::Chat, QByteArray("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"gr\xc3\xbc\xc3\x9f \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80\"}]}")},
        {InferenceKind::Chat, j("{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'look'},{'type':'image_url','image_url':{'url':'http://x/y.png'}}]}],"
                                "'tools':[{'type':'function','function':{'name':'f','parameters':{'type':'object','properties':{'a':{'type':'integer'}}}}}],'tool_choice':'auto','n':1,'stop':null,'seed':-3,'logit_bias':{}}")},
        {InferenceKind::Chat, j(" \n{ 'messages' : [ { 'content' : null , 'role' : 'assistant' } ] , 'model' : 'a' , 'model' : 'b' , 'max_tokens' : null }\r\n")},
        {InferenceKind::Completion, j("{'model':'m','prompt':'Once upon a time','max_tokens':5,'echo':false}")},
        {InferenceKind::Completion, j("{'model':'m','prompt':['a','bc',['d']],'stream':null}")},
        {InferenceKind::Completion, j("{'model':'m','prompt':[]}")},
        {InferenceKind::Embedding, j("{'model':'e5','input':['one','two'],'encoding_format':'float'}")},
        {InferenceKind::Embedding, j("{'model':'e5','input':'just one','dimensions':256}")},
    };
    return seeds;
}

const QList<QByteArray> &answerSeeds()
{
    static const QList<QByteArray> seeds = {
        j("{'id':'cmpl-1','object':'chat.completion','created':1700000000,'model':'m','choices':[{'index':0,'message':{'role':'assistant','content':'tok1 tok2'},"
          "'finish_reason':'stop','logprobs':null}],'usage':{'prompt_tokens':12,'completion_tokens':2,'total_tokens':14,'prompt_tokens_details':{'cached_tokens':0}}}"),
        j("{'object':'list','data':[{'object':'embedding','index':0,'embedding':[0.1,-0.25,3.0]}],'model':'e5','usage':{'prompt_tokens':3,'total_tokens':3}}"),
        j("{'choices':[{'text':'x'}],'usage':null}"),
        j("{'choices':[],'usage':{'prompt_tokens':1},'usage':{'completion_tokens':7}}"),
        j("{'choices':[{'usage':{'prompt_tokens':5}}]}"),
        j("[{'usage':{'prompt_tokens':5}}]"),
    };
    return seeds;
}

// Deterministic mutations: byte flips to JSON's own characters, insertions, deletions, copied slices, truncations.
QByteArray mutate(QByteArray text, QRandomGenerator &rng)
{
    static const char alphabet[] = "{}[]:,\"\\ \t\n-+.0123456789eEtrufalsn\x80\xc3\xa9\xed\xf4u";
    const int edits = 1 + int(rng.bounded(3));
    for (int e = 0; e < edits && !text.isEmpty(); ++e) {
        const int at = int(rng.bounded(quint32(text.size())));
        const char c = alphabet[rng.bounded(quint32(sizeof alphabet - 1))];
        switch (rng.bounded(5)) {
        case 0: text[at] = c; break;
        case 1: text.insert(at, c); break;
        case 2: text.remove(at, 1); break;
        case 3: { // a copy of a slice elsewhere: repeated members, nested containers
            const int from = int(rng.bounded(quint32(text.size())));
            const QByteArray slice = text.mid(from, 1 + int(rng.bounded(40)));
            text.insert(at, slice);
            break;
        }
        default: text.truncate(at); break;
        }
    }
    return text;
}
} // namespace

class TestJsonScan : public QObject
{
    Q_OBJECT
private slots:
    void grammarIsAtLeastAsStrictAsNlohmann_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        const QList<QPair<const char *, bool>> cases = {
            {"{}", true}, {"[]", true}, {" [ 1 , -0 , 0.5 , -12.25 , true , false , null , '' ] ", true},
            {"{'a':{'b':[{}]}}", true}, {"'\\u0041\\u00e9\\uFFFF'", true}, {"123456789012345678", true},
            {"", false}, {"   ", false}, {"{", false}, {"[1,]", false}, {"{'a':1,}", false}, {"{,}", false},
            {"{'a' 1}", false}, {"{1:2}", false}, {"[01]", false}, {"[1.]", false}, {"[.5]", false}, {"[-]", false},
            {"[+1]", false}, {"[tru]", false}, {"[nul]", false}, {"[True]", false}, {"truex", false}, {"{}{}", false},
            {"'\\x'", false}, {"'\\u12'", false}, {"'\\u12G4'", false}, {"'abc", false}, {"[1 2]", false},
        };
        for (const auto &[text, valid] : cases)
            QTest::newRow(text) << j(text) << valid;
        QTest::newRow("control character") << QByteArray("\"a\x01\"") << false;
        QTest::newRow("tab in string") << QByteArray("\"a\tb\"") << false;
        QTest::newRow("overlong 2-byte") << QByteArray("\"\xc0\xaf\"") << false;
        QTest::newRow("surrogate in UTF-8") << QByteArray("\"\xed\xa0\x80\"") << false;
        QTest::newRow("above U+10FFFF") << QByteArray("\"\xf4\x90\x80\x80\"") << false;
        QTest::newRow("lone continuation") << QByteArray("\"\x80\"") << false;
        QTest::newRow("cut 3-byte") << QByteArray("\"\xe4\xb8\"") << false;
        QTest::newRow("valid 4-byte") << QByteArray("\"\xf0\x9f\x98\x80\"") << true;
        QTest::newRow("valid E0") << QByteArray("\"\xe0\xa0\x80\"") << true;
    }

    void grammarIsAtLeastAsStrictAsNlohmann()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QCOMPARE(nlohmannAccepts(text), valid); // the table itself is right
        QCOMPARE(scans(text), valid);
    }

    void leftToTheFullParser()
    {
        // Valid JSON the quick scan does not decide: the caller then asks nlohmann, so nothing changes for these.
        for (const char *text : {"[1e5]", "[1E-2]", "[1234567890123456789]", "'\\ud83d\\ude00'", "'\\udc00'"}) {
            QVERIFY2(!scans(j(text)), text);
        }
        QByteArray deep = QByteArray(129, '[') + QByteArray(129, ']');
        QVERIFY(nlohmannAccepts(deep));
        QVERIFY(!scans(deep));
        QVERIFY(scans(QByteArray(128, '[') + QByteArray(128, ']')));
        QVERIFY(!scans(QByteArray("\xef\xbb\xbf{}"))); // a byte-order mark (nlohmann skips it)
        const QByteArray nulAfter("[1]\0trailing", 12); // nlohmann takes a NUL byte for the end of the input
        QVERIFY(nlohmannAccepts(nulAfter));
        QVERIFY(!scans(nulAfter));
    }

    void decodedLengthsAreTheUnescapedUtf8Lengths()
    {
        struct Collect
        {
            QList<qint64> lengths;
            bool beginObject() { return true; }
            bool endObject() { return true; }
            bool beginArray() { return true; }
            bool endArray() { return true; }
            bool key(const JsonString &) { return true; }
            bool string(const JsonString &s)
            {
                lengths << s.decodedBytes;
                return true;
            }
            bool number(const JsonNumber &) { return true; }
            bool literal(char) { return true; }
        } c;
        const QByteArray text = QByteArray("[\"ab\", \"\\n\\\"\", \"\\u0041\\u00e9\\u4e2d\", \"\xc3\xa9\xf0\x9f\x98\x80\", \"\"]");
        QVERIFY(scanJson(std::string_view(text.constData(), size_t(text.size())), c));
        const auto parsed = nlohmann::json::parse(text.constBegin(), text.constEnd());
        QCOMPARE(c.lengths.size(), qsizetype(parsed.size()));
        for (size_t i = 0; i < parsed.size(); ++i)
            QCOMPARE(c.lengths[qsizetype(i)], qint64(parsed[i].get_ref<const std::string &>().size()));
    }

    void ordinaryRequestsTakeTheQuickPath()
    {
        for (const auto &[kind, body] : requestSeeds()) {
            const auto quick = validateInferenceRequestQuickly(kind, body);
            QVERIFY2(quick.has_value(), body.constData());
            const ValidatedRequest full = validateInferenceRequestWithDocument(kind, body);
            QVERIFY2(differences(*quick, full).isEmpty(), qPrintable(differences(*quick, full) + QStringLiteral(" in ") + QString::fromUtf8(body)));
            // And the gateway's entry point gives the same.
            QCOMPARE(validateInferenceRequest(kind, body).model, full.model);
        }
        const auto dup = validateInferenceRequestQuickly(InferenceKind::Chat, requestSeeds()[4].second);
        QCOMPARE(dup->model, QStringLiteral("b")); // the last member of a name counts, as in the document
    }

    void streamsAndErrorsTakeTheDocumentPath_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error"); // empty: valid, but the document path's (a stream)
        const int chat = int(InferenceKind::Chat), embedding = int(InferenceKind::Embedding);
        QTest::newRow("stream") << chat << j("{'model':'m','messages':[{'role':'user'}],'stream':true}") << QString();
        QTest::newRow("no model") << chat << j("{'messages':[{'role':'user'}]}") << QStringLiteral("'model' is required");
        QTest::newRow("empty model") << chat << j("{'model':'','messages':[{'role':'user'}]}") << QStringLiteral("'model' is required");
        QTest::newRow("escaped model") << chat << j("{'model':'a\\u0062','messages':[{'role':'user'}]}") << QString();
        QTest::newRow("messages string") << chat << j("{'model':'m','messages':'hi'}") << QStringLiteral("'messages' is required");
        QTest::newRow("no messages") << chat << j("{'model':'m','messages':[]}") << QStringLiteral("'messages' is required");
        QTest::newRow("role number") << chat << j("{'model':'m','messages':[{'role':1}]}") << QStringLiteral("each message");
        QTest::newRow("role later null") << chat << j("{'model':'m','messages':[{'role':'user','role':null}]}") << QStringLiteral("each message");
        QTest::newRow("message not object") << chat << j("{'model':'m','messages':['hi']}") << QStringLiteral("each message");
        QTest::newRow("max_tokens 0") << chat << j("{'model':'m','messages':[{'role':'user'}],'max_tokens':0}") << QStringLiteral("'max_tokens' must be");
        QTest::newRow("max_tokens float") << chat << j("{'model':'m','messages':[{'role':'user'}],'max_tokens':5.0}") << QStringLiteral("'max_tokens' must be");
        QTest::newRow("stream string") << chat << j("{'model':'m','messages':[{'role':'user'}],'stream':'yes'}") << QStringLiteral("'stream' must be");
        QTest::newRow("include_usage 1") << chat << j("{'model':'m','messages':[{'role':'user'}],'stream_options':{'include_usage':1}}") << QStringLiteral("include_usage");
        QTest::newRow("embedding empty") << embedding << j("{'model':'m','input':[]}") << QStringLiteral("'input' is required");
        QTest::newRow("not JSON") << chat << j("{'model':'m',") << QStringLiteral("not valid JSON");
        QTest::newRow("array") << chat << j("[]") << QStringLiteral("must be a JSON object");
        // Found by the fuzzer: a repeated member inside a message counts once in the document's prompt length.
        QTest::newRow("repeated member in a message") << chat << j("{'model':'m','messages':[{'role':'user','content':'x','content':'yy'}]}") << QString();
    }

    void streamsAndErrorsTakeTheDocumentPath()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        const auto k = InferenceKind(kind);
        QVERIFY(!validateInferenceRequestQuickly(k, body).has_value());
        const ValidatedRequest r = validateInferenceRequest(k, body);
        QCOMPARE(r.error, validateInferenceRequestWithDocument(k, body).error);
        if (error.isEmpty())
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        else
            QVERIFY2(r.error.contains(error), qPrintable(r.error));
    }

    void mutatedRequestsAgree()
    {
        QRandomGenerator rng(20261128);
        int quickAnswers = 0;
        for (int round = 0; round < 40000; ++round) {
            const auto &[kind, seed] = requestSeeds()[qsizetype(rng.bounded(quint32(requestSeeds().size())))];
            const QByteArray body = mutate(seed, rng);
            const auto quick = validateInferenceRequestQuickly(kind, body);
            if (!quick)
                continue;
            ++quickAnswers;
            const QString d = differences(*quick, validateInferenceRequestWithDocument(kind, body));
            QVERIFY2(d.isEmpty(), qPrintable(d + QStringLiteral(" in ") + QString::fromLatin1(body.toPercentEncoding(" {}[]:,\"'"))));
        }
        qInfo("quick path answered %d of 40000 mutated requests", quickAnswers);
        QVERIFY(quickAnswers > 1000); // mutations that keep a request valid are common (in strings, numbers)
    }

    void engineAnswersAgree()
    {
        for (const QByteArray &answer : answerSeeds()) {
            EngineUsage quick, full;
            QVERIFY2(scanEngineAnswerQuickly(answer, quick), answer.constData());
            QVERIFY(scanEngineAnswerWithNlohmann(answer, full));
            QCOMPARE(quick.found, full.found);
            QCOMPARE(quick.promptTokens, full.promptTokens);
            QCOMPARE(quick.completionTokens, full.completionTokens);
        }
        EngineUsage u;
        QVERIFY(scanEngineAnswer(answerSeeds()[0], u));
        QVERIFY(u.found && u.promptTokens == 12 && u.completionTokens == 2);
        QVERIFY(scanEngineAnswer(answerSeeds()[3], u));
        QVERIFY(u.found && u.promptTokens == 0 && u.completionTokens == 7); // the last "usage" counts
        // Left to nlohmann, with its answers: a float count is truncated, a string count makes the answer invalid.
        QVERIFY(!scanEngineAnswerQuickly(j("{'usage':{'prompt_tokens':3.9}}"), u));
        QVERIFY(scanEngineAnswer(j("{'usage':{'prompt_tokens':3.9}}"), u) && u.promptTokens == 3);
        QVERIFY(!scanEngineAnswer(j("{'usage':{'prompt_tokens':'3'}}"), u));
        QVERIFY(!scanEngineAnswer(j("{'usage':{'prompt_tokens':3}"), u));
        QVERIFY(!scanEngineAnswer(QByteArray("<html>502</html>"), u));

        QRandomGenerator rng(1128);
        int quickAnswers = 0;
        for (int round = 0; round < 40000; ++round) {
            const QByteArray body = mutate(answerSeeds()[qsizetype(rng.bounded(quint32(answerSeeds().size())))], rng);
            EngineUsage q, f;
            if (!scanEngineAnswerQuickly(body, q))
                continue;
            ++quickAnswers;
            QVERIFY2(scanEngineAnswerWithNlohmann(body, f), body.constData());
            QVERIFY2(q.found == f.found && q.promptTokens == f.promptTokens && q.completionTokens == f.completionTokens, body.constData());
        }
        qInfo("quick path answered %d of 40000 mutated answers", quickAnswers);
        QVERIFY(quickAnswers > 1000);
    }
};

QTEST_GUILESS_MAIN(TestJsonScan)
#include "test_jsonscan.moc"
