// The gateway's hand-written JSON scanner (daemon/gateway/jsonscan.*) against simdjson 3.0.1's On-Demand API, on the
// request path's two readings: an inference request's model/stream/max_tokens/prompt length, and an engine answer's
// usage. The simdjson readers answer what the scanner's visitors answer, and visit every value, as a check of the
// whole text needs; "lazy" reads only the fields asked for (On-Demand's intended use), which skips validation.
//   jsonscanbench time <rounds> <n>    alternating rounds, median ns per body
//   jsonscanbench run <case> <n>       one case alone, for valgrind --tool=callgrind
//   jsonscanbench probe                accept/reject of odd inputs by scanJson, nlohmann and simdjson
#include "benchclock.h"
#include "simdjsonreaders.h"
#include "gateway/jsonscan.h"
#include "gateway/requestvalidator.h"
#include "gateway/usagescan.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>

using namespace crosslogic;
using namespace crosslogic::bench;

namespace {

QByteArray j(const char *text) { return QByteArray(text).replace('\'', '"'); }

QByteArray smallChat()
{
    return j("{'model':'meta-llama/Llama-3.1-8B-Instruct','messages':[{'role':'system','content':'You are a helpful "
             "assistant.'},{'role':'user','content':'Write a haiku about GPUs.'}],'max_tokens':64,'temperature':0.7}");
}

QByteArray bigChat()
{
    QByteArray prompt;
    while (prompt.size() < 32 * 1024)
        prompt += "The quick brown fox jumps over the lazy dog; caf\\u00e9 \xe4\xb8\xad\xe6\x96\x87 \\\"quoted\\\"\\n";
    return "{\"model\":\"meta-llama/Llama-3.1-70B-Instruct\",\"messages\":[{\"role\":\"system\",\"content\":\"Summarise "
           "the document.\"},{\"role\":\"user\",\"content\":\"" +
           prompt + "\"}],\"max_tokens\":512,\"stream\":false}";
}

QByteArray engineAnswer()
{
    QByteArray text;
    for (int i = 0; i < 12; ++i)
        text += "Silicon rivers flow, tensors bloom in parallel, heat hums through the night. ";
    return "{\"id\":\"chatcmpl-7f3a9c\",\"object\":\"chat.completion\",\"created\":1733260800,\"model\":\"meta-llama/"
           "Llama-3.1-8B-Instruct\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" +
           text + "\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":"
                  "228,\"total_tokens\":259,\"prompt_tokens_details\":{\"cached_tokens\":0}}}";
}

QByteArray sseUsageChunk()
{
    return j("{'id':'chatcmpl-7f3a9c','object':'chat.completion.chunk','created':1733260800,'model':'meta-llama/"
             "Llama-3.1-8B-Instruct','choices':[],'usage':{'prompt_tokens':31,'completion_tokens':228,'total_tokens':259}}");
}

// The body as the gateway holds it (a QByteArray without spare capacity): simdjson needs SIMDJSON_PADDING readable
// bytes after the text, so it is copied first; "inplace" reads a buffer that already has them.
struct Body
{
    QByteArray text;
    simdjson::padded_string padded;
    explicit Body(QByteArray t) : text(std::move(t)), padded(text.constData(), size_t(text.size())) {}
    std::string_view view() const { return {text.constData(), size_t(text.size())}; }
};

volatile std::int64_t g_sink;

} // namespace

int main(int argc, char **argv)
{
    const std::string mode = argc > 1 ? argv[1] : "time";
    od::parser parser;
    simdjson::dom::parser domParser;
    std::printf("simdjson On-Demand kernel (compile time): %s; DOM kernel (run time): %s\n",
                SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION), simdjson::get_active_implementation()->name().c_str());
    if (mode == "probe") {
        const std::vector<std::pair<const char *, QByteArray>> probes = {
            {"plain", j("{'model':'m','messages':[{'role':'user','content':'hi'}]}")},
            {"duplicate model", j("{'model':'a','messages':[{'role':'user','content':'hi'}],'model':'b'}")},
            {"invalid UTF-8 in content", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\xc3\x28\"}]}"},
            {"invalid UTF-8 in a skipped member", "{\"model\":\"m\",\"messages\":[{\"role\":\"u\"}],\"x\":\"\xff\"}"},
            {"malformed skipped member", j("{'model':'m','messages':[{'role':'u'}],'x':[1,2,}")},
            {"1e400 in a skipped member", j("{'model':'m','messages':[{'role':'u'}],'temperature':1e400}")},
            {"20-digit integer", j("{'model':'m','messages':[{'role':'u'}],'seed':18446744073709551616}")},
            {"lone surrogate escape", j("{'model':'m','messages':[{'role':'u','content':'\\ud800'}]}")},
            {"trailing garbage", j("{'model':'m','messages':[{'role':'u'}]} x")},
            {"depth 200", "{\"model\":\"m\",\"messages\":[{\"role\":\"u\",\"content\":" + QByteArray(200, '[') +
                              QByteArray(200, ']') + "}]}"},
        };
        struct Null
        {
            bool beginObject() { return true; } bool endObject() { return true; }
            bool beginArray() { return true; } bool endArray() { return true; }
            bool key(const JsonString &) { return true; } bool string(const JsonString &) { return true; }
            bool number(const JsonNumber &) { return true; } bool literal(char) { return true; }
        };
        std::printf("%-36s %-9s %-9s %-14s %-14s %-14s\n", "input", "scanJson", "nlohmann", "simdjson walk", "simdjson dom",
                    "simdjson lazy");
        for (const auto &[name, text] : probes) {
            Null v;
            const bool scan = scanJson(std::string_view(text.constData(), size_t(text.size())), v);
            const bool nl = nlohmann::json::accept(text.constBegin(), text.constEnd());
            const simdjson::padded_string p(text.constData(), size_t(text.size()));
            const auto walked = simdChat(parser, p);
            const auto dom = domChat(domParser, p);
            const std::string domModel = dom ? "model=" + std::string(dom->model) : "reject";
            const auto lazy = simdChatLazy(parser, p);
            const std::string lazyModel = lazy ? "model=" + std::string(lazy->model) : "reject";
            std::printf("%-36s %-9s %-9s %-14s %-14s %-14s\n", name, scan ? "accept" : "not sure", nl ? "accept" : "reject",
                        walked ? "accept" : "reject", domModel.c_str(), lazyModel.c_str());
        }
        return 0;
    }

    const Body chat(smallChat()), big(bigChat()), answer(engineAnswer()), chunk(sseUsageChunk());
    // Every reader must answer for these bodies, or the timing would compare a full read with an early give-up.
    for (const Body *b : {&chat, &big}) {
        const auto quick = validateInferenceRequestQuickly(InferenceKind::Chat, b->text);
        const auto simd = simdChat(parser, b->padded);
        const auto dom = domChat(domParser, b->padded);
        if (!quick || !simd || !dom || quick->promptCharacters != simd->promptBytes || quick->maxTokens != simd->maxTokens ||
            dom->promptBytes != simd->promptBytes) {
            std::fprintf(stderr, "request readers disagree (%lld vs %lld bytes)\n",
                         quick ? (long long)quick->promptCharacters : -1LL, simd ? (long long)simd->promptBytes : -1LL);
            return 1;
        }
    }
    for (const Body *b : {&answer, &chunk}) {
        EngineUsage quick;
        const auto simd = simdUsage(parser, b->padded);
        const auto dom = domUsage(domParser, b->padded);
        if (!scanEngineAnswerQuickly(b->text, quick) || !simd || !dom || quick.promptTokens != simd->promptTokens ||
            quick.completionTokens != simd->completionTokens || dom->completionTokens != quick.completionTokens) {
            std::fprintf(stderr, "usage readers disagree\n");
            return 1;
        }
    }

    for (const Body *b : {&chat, &big, &answer, &chunk}) {
        CountingVisitor a, c;
        if (!scanJson(b->view(), a) || !simdScanJson(parser, b->view(), c) || a.events != c.events || a.bytes != c.bytes) {
            std::fprintf(stderr, "scanJson and its simdjson bridge disagree (%lld/%lld events, %lld/%lld bytes)\n",
                         (long long)a.events, (long long)c.events, (long long)a.bytes, (long long)c.bytes);
            return 1;
        }
    }

    std::printf("bodies: chat_small %lld B, chat_32k %lld B, engine_answer %lld B, sse_usage_chunk %lld B\n",
                (long long)chat.text.size(), (long long)big.text.size(), (long long)answer.text.size(),
                (long long)chunk.text.size());

    auto requestCases = [&](const char *label, const Body &b) {
        return std::vector<BenchCase>{
            {std::string("scan/") + label,
             [&](long n) { for (long i = 0; i < n; ++i) g_sink = validateInferenceRequestQuickly(InferenceKind::Chat, b.text)->maxTokens; }},
            {std::string("simdjson_copy/") + label,
             [&](long n) {
                 for (long i = 0; i < n; ++i) {
                     const simdjson::padded_string p(b.text.constData(), size_t(b.text.size()));
                     g_sink = simdChat(parser, p)->maxTokens;
                 }
             }},
            {std::string("simdjson_inplace/") + label,
             [&](long n) { for (long i = 0; i < n; ++i) g_sink = simdChat(parser, b.padded)->maxTokens; }},
            {std::string("simdjson_dom_inplace/") + label,
             [&](long n) { for (long i = 0; i < n; ++i) g_sink = domChat(domParser, b.padded)->maxTokens; }},
            {std::string("simdjson_lazy_inplace/") + label,
             [&](long n) { for (long i = 0; i < n; ++i) g_sink = simdChatLazy(parser, b.padded)->maxTokens; }},
        };
    };
    auto engineCases = [&](const char *label, const Body &b) {
        return std::vector<BenchCase>{
            {std::string("scanjson_counting/") + label,
             [&](long n) {
                 for (long i = 0; i < n; ++i) {
                     CountingVisitor v;
                     scanJson(b.view(), v);
                     g_sink = v.bytes;
                 }
             }},
            {std::string("simdjson_bridge_counting/") + label,
             [&](long n) {
                 for (long i = 0; i < n; ++i) {
                     CountingVisitor v;
                     simdScanJson(parser, b.view(), v);
                     g_sink = v.bytes;
                 }
             }},
        };
    };
    auto usageCases = [&](const char *label, const Body &b) {
        return std::vector<BenchCase>{
            {std::string("scan/") + label,
             [&](long n) {
                 for (long i = 0; i < n; ++i) {
                     EngineUsage u;
                     scanEngineAnswerQuickly(b.text, u);
                     g_sink = u.completionTokens;
                 }
             }},
            {std::string("simdjson_copy/") + label,
             [&](long n) {
                 for (long i = 0; i < n; ++i) {
                     const simdjson::padded_string p(b.text.constData(), size_t(b.text.size()));
                     g_sink = simdUsage(parser, p)->completionTokens;
                 }
             }},
            {std::string("simdjson_inplace/") + label,
             [&](long n) { for (long i = 0; i < n; ++i) g_sink = simdUsage(parser, b.padded)->completionTokens; }},
            {std::string("simdjson_dom_inplace/") + label,
             [&](long n) { for (long i = 0; i < n; ++i) g_sink = domUsage(domParser, b.padded)->completionTokens; }},
        };
    };
    const std::vector<std::vector<BenchCase>> groups = {requestCases("chat_small", chat), requestCases("chat_32k", big),
                                                        usageCases("engine_answer", answer), usageCases("sse_usage_chunk", chunk),
                                                        engineCases("chat_small", chat), engineCases("chat_32k", big),
                                                        engineCases("engine_answer", answer), engineCases("sse_usage_chunk", chunk)};
    if (mode == "run" && argc == 4) {
        std::vector<BenchCase> all;
        for (const auto &g : groups)
            all.insert(all.end(), g.begin(), g.end());
        return runNamed(all, argv[2], std::atol(argv[3]));
    }
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 9;
    const long n = argc > 3 ? std::atol(argv[3]) : 20000;
    for (std::size_t g = 0; g < groups.size(); ++g)
        runAlternating(groups[g], g == 1 || g == 5 ? std::max(1L, n / 50) : n, 1, rounds);
    return 0;
}
