// Fuzz harness for SseParser: the events do not depend on how the bytes are chunked; the size bound holds.
#include "fuzzharness.h"
#include "sse/sseparser.h"

#include <vector>

using namespace crosslogic;

int crosslogic::fuzz::runOne(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    // The first byte seeds the chunk sizes (1..16 bytes), the rest is the stream.
    const unsigned seed = data[0];
    const QByteArray stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    SseParser whole;
    std::vector<SseParser::Event> expected;
    FUZZ_CHECK(whole.feed(stream, expected));

    SseParser chunked;
    std::vector<SseParser::Event> got;
    qsizetype pos = 0;
    unsigned step = seed;
    while (pos < stream.size()) {
        step = step * 1103515245u + 12345u;
        const qsizetype n = qMin<qsizetype>(1 + qsizetype((step >> 16) % 16), stream.size() - pos);
        FUZZ_CHECK(chunked.feed(stream.mid(pos, n), got));
        pos += n;
    }
    FUZZ_CHECK(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        FUZZ_CHECK(got[i].raw == expected[i].raw);
        FUZZ_CHECK(got[i].data == expected[i].data);
        FUZZ_CHECK(!got[i].raw.isEmpty());
    }
    FUZZ_CHECK(chunked.remainder() == whole.remainder());

    // A small bound: an oversized event makes feed() report failure instead of buffering without limit.
    SseParser bounded(64);
    std::vector<SseParser::Event> small;
    const bool ok = bounded.feed(stream, small);
    FUZZ_CHECK(ok == (bounded.buffered() <= 64));
    return 0;
}
