#!/usr/bin/env bash
# Instructions per operation of each named case of a library-comparison bench, from valgrind --tool=callgrind:
# (instructions for n operations - instructions for none) / n. Repeatable on a busy machine, unlike timings.
#   tests/bench/libs/instructions.sh <bench binary> <n> <case>...
set -euo pipefail
bin=$1 n=$2
shift 2
irs() { # total instructions of one run
    local out
    out=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" run "$1" "$2" >/dev/null 2>&1
    callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
    rm -f "$out"
}
for c in "$@"; do
    base=$(irs "$c" 0)
    full=$(irs "$c" "$n")
    printf '%-36s %12.0f instructions/op\n' "$c" "$(echo "($full - $base) / $n" | bc -l)"
done
