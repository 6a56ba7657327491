#!/usr/bin/env bash
# Installs dependencies, builds, starts private PostgreSQL + Redis, and runs the whole test suite with CTest; then
# builds the suite again with AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer (build-asan) and runs
# every unit and integration test there too (docs/testing.md). The exit code is non-zero when either run fails.
#   scripts/test.sh [ctest args...]      e.g. scripts/test.sh -R gateway   (the args apply to both runs)
#   CROSSLOGIC_SANITIZE_RUN=0 scripts/test.sh    skips the sanitizer run (a quicker local check; CI runs both)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
START=$(date +%s)
bash scripts/install-deps.sh
bash scripts/build.sh
# The client libraries for the compatibility test (tests/sdk) and the OpenAPI linter and client generator (tests/openapi), each pinned by its package-lock.json.
(cd tests/sdk && { [ -d node_modules/@langchain/openai ] || npm ci --no-audit --no-fund --loglevel=error; })
(cd tests/openapi && { [ -x node_modules/.bin/openapi-typescript ] || npm ci --no-audit --no-fund --loglevel=error; })
bash scripts/services.sh start
trap 'bash scripts/services.sh stop >/dev/null 2>&1 || true' EXIT
eval "$(bash scripts/services.sh env | grep '^export')"
export CROSSLOGIC_TEST_PG_URL="postgres://postgres@127.0.0.1:${PGPORT}/postgres"
export CROSSLOGIC_TEST_LOG_DIR="${CROSSLOGIC_TEST_LOG_DIR:-$ROOT/.local/test-logs}"
rm -rf "$CROSSLOGIC_TEST_LOG_DIR" && mkdir -p "$CROSSLOGIC_TEST_LOG_DIR"
status=0
(cd "${BUILD_DIR:-$ROOT/build}" && ctest --output-on-failure --timeout 600 "$@") || status=$?
echo "test.sh: main run finished with status $status after $(( $(date +%s) - START )) s" >&2

if [ "${CROSSLOGIC_SANITIZE_RUN:-1}" != 0 ]; then
  # ASan + UBSan (LeakSanitizer comes with ASan on Linux). The unit and integration labels cover every test but the
  # packaging ones (they inspect .debs built from the plain tree) and the benchmark smoke run (timing, not code).
  # The <test>_io4 repeats (label iothreads) are left to the main run: they run the same code as their originals,
  # which already use one I/O thread per core, and test_iothreads runs four threads under the sanitizers. Keeping
  # them out saves about five minutes of CI (docs/testing.md). The <test>_pgbouncer repeats (label pgbouncer) are
  # left out likewise: they run the same daemon code, and test_sqlinline covers the literal path under ASan.
  ASAN_DIR="${ASAN_BUILD_DIR:-$ROOT/build-asan}"
  BUILD_DIR="$ASAN_DIR" bash scripts/build.sh -DCROSSLOGIC_SANITIZE=ON
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$ROOT/tests/fuzz/lsan.supp:print_suppressions=0"
  export CROSSLOGIC_TEST_LOG_DIR="$CROSSLOGIC_TEST_LOG_DIR/asan"
  mkdir -p "$CROSSLOGIC_TEST_LOG_DIR"
  asan_status=0
  (cd "$ASAN_DIR" && ctest --output-on-failure --timeout 900 -L 'unit|integration' -LE 'nosanitize|iothreads|pgbouncer' "$@") || asan_status=$?
  echo "test.sh: sanitizer run finished with status $asan_status after $(( $(date +%s) - START )) s" >&2
  [ "$status" -eq 0 ] && status=$asan_status
fi
exit "$status"
