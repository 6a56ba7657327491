#!/usr/bin/env bash
# test_openapi_lint: docs/openapi.yaml through the OpenAPI linter (@redocly/cli, pinned by package-lock.json here;
# scripts/test.sh runs `npm ci`). Zero errors required; warnings (e.g. operations answering errors through
# "default" rather than a listed 4xx) are printed.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/redocly ]; then
  echo "the @redocly/cli package is not installed: run 'npm ci' in tests/openapi (scripts/test.sh does)" >&2
  exit 1
fi
out=$(REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true node_modules/.bin/redocly lint --config redocly.yaml ../../docs/openapi.yaml --format=summary 2>&1) && rc=0 || rc=$?
echo "$out" | grep -v '[║╔╚]'
[ "$rc" -eq 0 ] || { echo "the linter found errors in docs/openapi.yaml" >&2; exit 1; }
grep -q "Your API description is valid" <<<"$out" || { echo "the linter's verdict is missing" >&2; exit 1; }
