// One fuzz harness function per target, shared by the libFuzzer entry point and the g++ corpus-replay test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace crosslogic::fuzz {

// Feeds one input to the code under test; aborts (FUZZ_CHECK) when an invariant is violated.
int runOne(const std::uint8_t *data, std::size_t size);

} // namespace crosslogic::fuzz

// An invariant of the code under test: a violation is a finding, so it aborts like a sanitizer report would.
#define FUZZ_CHECK(cond)                                                                                     \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            std::fprintf(stderr, "fuzz invariant violated: %s (%s:%d)\n", #cond, __FILE__, __LINE__);       \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)
