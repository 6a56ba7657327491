#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + fuzzer coverage) in build-fuzz and runs one or all.
#   tests/fuzz/run.sh [target] [seconds]     e.g. tests/fuzz/run.sh sseparser 300
# Targets: httprequest inferencerequest sseparser apikey stripesignature. New crashing inputs land in build-fuzz/artifacts/;
# after fixing the bug, copy them into tests/fuzz/corpus/<target>/ so the g++ replay test keeps them fixed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
TARGET="${1:-all}"
SECONDS_PER_TARGET="${2:-300}"
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true
FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -Wno-unknown-warning-option"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_CXX_FLAGS="$FLAGS" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCROSSLOGIC_FUZZ=ON >/dev/null
targets=(httprequest inferencerequest sseparser apikey stripesignature)
[ "$TARGET" != all ] && targets=("$TARGET")
ninja -C "$BUILD" -j"${FUZZ_JOBS:-2}" "${targets[@]/#/fuzz_}"
mkdir -p "$BUILD/artifacts"
for t in "${targets[@]}"; do
  work="$BUILD/corpus/$t"   # grows while fuzzing; the checked-in seeds stay small
  mkdir -p "$work"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$BUILD/tests/fuzz/fuzz_$t" -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 -max_len=8192 \
    -artifact_prefix="$BUILD/artifacts/$t-" "$work" "$ROOT/tests/fuzz/corpus/$t"
done
