#!/usr/bin/env bash
# Installs dependencies, builds, starts private PostgreSQL + Redis, and runs the whole test suite with CTest.
#   scripts/test.sh [ctest args...]      e.g. scripts/test.sh -R gateway
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/install-deps.sh
bash scripts/build.sh
# The official OpenAI SDK for the compatibility test, pinned by tests/sdk/package-lock.json.
(cd tests/sdk && { [ -d node_modules/openai ] || npm ci --no-audit --no-fund --loglevel=error; })
bash scripts/services.sh start
trap 'bash scripts/services.sh stop >/dev/null 2>&1 || true' EXIT
eval "$(bash scripts/services.sh env | grep '^export')"
export CROSSLOGIC_TEST_PG_URL="postgres://postgres@127.0.0.1:${PGPORT}/postgres"
export CROSSLOGIC_TEST_LOG_DIR="${CROSSLOGIC_TEST_LOG_DIR:-$ROOT/.local/test-logs}"
rm -rf "$CROSSLOGIC_TEST_LOG_DIR" && mkdir -p "$CROSSLOGIC_TEST_LOG_DIR"
cd "${BUILD_DIR:-$ROOT/build}"
ctest --output-on-failure --timeout 600 "$@"
