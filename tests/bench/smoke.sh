#!/usr/bin/env bash
# CTest bench-smoke: runs tests/bench/run.sh --smoke (2 s per scenario, tiny stream counts) and checks that it
# finished and wrote well-formed JSON with every scenario present. Performance numbers are never asserted.
set -euo pipefail
OUT="${1:?usage: smoke.sh OUT.json}"
rm -f "$OUT"
bash "$(dirname "${BASH_SOURCE[0]}")/run.sh" --smoke --out "$OUT"
python3 "$(dirname "${BASH_SOURCE[0]}")/check_results.py" "$OUT"
