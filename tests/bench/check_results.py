#!/usr/bin/env python3
"""Checks that a tests/bench/run.sh result file is well formed and has every scenario (never the numbers)."""
import json
import sys

TARGETS = ("engine", "nginx", "crosslogicd")


def fail(msg):
    print(f"check_results: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    with open(sys.argv[1]) as f:
        doc = json.load(f)
    for section in ("headline", "throughput", "latency", "cpu_per_request", "streams", "rate_limiter_redis"):
        if section not in doc:
            fail(f"missing section {section}")
    for t in TARGETS:
        runs = doc["throughput"]["by_connections"].get(t)
        if not runs:
            fail(f"no throughput run for {t}")
        for conns, r in runs.items():
            if r["requests"] <= 0 or r["errors"]["status"] != 0:
                fail(f"throughput {t} -c{conns}: {r['requests']} requests, {r['errors']['status']} non-2xx")
    cores = doc["throughput"].get("cores_busy_at_max", {})
    for t in TARGETS:
        roles = cores.get(t, {})
        # Shares of the machine are numbers that are never asserted; only that each role was measured.
        if set(roles) != {"machine", "engine", "nginx", "crosslogicd", "crosslogicd_nobatch", "redis", "postgres", "load_generator_and_rest"}:
            fail(f"cores busy at max throughput through {t}: {roles}")
    if not doc["latency"]:
        fail("no fixed-rate latency run")
    for rate, by in doc["latency"].items():
        for t in TARGETS:
            r = by.get(t)
            if not r or r["ok"] <= 0 or r["errors"] != 0:
                fail(f"latency {t} at {rate}/s: {r and r['ok']} ok, {r and r['errors']} errors")
            if doc["cpu_per_request"][rate][t]["requests"] <= 0:
                fail(f"no CPU measurement for {t} at {rate}/s")
        if set(by["added_ms"]) != {"nginx", "crosslogicd", "crosslogicd_nobatch"}:
            fail(f"overhead missing at {rate}/s")
    if len(doc["streams"]) < 2:
        fail("expected two stream counts")
    for n, by in doc["streams"].items():
        for t in ("engine", "crosslogicd"):
            r = by.get(t)
            # Every stream opened and some streamed: how many got through in time is a number, never asserted.
            if not r or r["open_failures"] != 0 or r["first_tokens"] <= 0 or r["held"] <= 0 or "ttft_ms" not in r:
                fail(f"streams {t} x{n}: {r}")
        if "ttft_overhead_ms" not in by or by["crosslogicd"]["rss_kb_held"] <= 0:
            fail(f"streams x{n}: no TTFT overhead or RSS")
    # The rate limiter's batching off and on at every fixed rate, with calls and Redis CPU per request.
    if set(doc.get("rate_limiter_batching", {})) != set(doc["latency"]):
        fail("rate limiter batching not measured at every fixed rate")
    for rate, row in doc["rate_limiter_batching"].items():
        for mode in ("off", "on"):
            r = row[mode]
            if r["redis_calls_per_request"] is None or r["redis_calls_per_request"] <= 0 or r["redis_cpu_us_per_request"] is None:
                fail(f"batching {mode} at {rate}/s: {r}")
    lim = doc["rate_limiter_redis"]
    for what in ("admit", "release", "batch", "ping"):
        if set(lim.get(what, {})) != {"c1", "c32"}:
            fail(f"rate limiter {what} runs missing")
    for key in ("throughput_vs_nginx", "cpu_per_request_vs_nginx", "rss_kb_per_stream"):
        if doc["headline"].get(key) is None:
            fail(f"headline {key} missing")
    print("check_results: ok")


if __name__ == "__main__":
    main()
