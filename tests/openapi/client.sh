#!/usr/bin/env bash
# test_openapi_client: a TypeScript client generated from docs/openapi.yaml compiles. openapi-typescript writes the
# types (generated/api.ts), tsc --strict checks client.ts, which calls customer and admin operations through
# openapi-fetch with them. The packages are pinned by package-lock.json here (scripts/test.sh runs `npm ci`).
set -euo pipefail
cd "$(dirname "$0")"
for bin in openapi-typescript tsc; do
  [ -x "node_modules/.bin/$bin" ] || { echo "$bin is not installed: run 'npm ci' in tests/openapi (scripts/test.sh does)" >&2; exit 1; }
done
mkdir -p generated
node_modules/.bin/openapi-typescript ../../docs/openapi.yaml -o generated/api.ts 2>&1 | grep -v '⚠' || true
[ -s generated/api.ts ] || { echo "openapi-typescript generated nothing" >&2; exit 1; }
node_modules/.bin/tsc -p tsconfig.json
echo "the generated client compiles"
