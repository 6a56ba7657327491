// libFuzzer entry point (clang -fsanitize=fuzzer): forwards every input to the target's harness.
#include "fuzzharness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return crosslogic::fuzz::runOne(data, size);
}
