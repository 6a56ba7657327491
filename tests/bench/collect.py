#!/usr/bin/env python3
"""Gathers the per-scenario files of tests/bench/run.sh into one JSON document (results/latest.json).

Headline numbers are ratios against nginx: absolute numbers on a shared 2-core machine are noise.
"""
import argparse
import csv
import glob
import json
import os
import platform
import re
import time

TARGETS = ("engine", "nginx", "crosslogicd")
# crosslogicd with RATE_LIMIT_BATCH=false, beside the default (batching on): measured when present.
NOBATCH = "crosslogicd_nobatch"


def load(path):
    with open(path) as f:
        return json.load(f)


def redis_csv(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    row = rows[0]
    return {
        "rps": float(row["rps"]),
        "avg_ms": float(row["avg_latency_ms"]),
        "p50_ms": float(row["p50_latency_ms"]),
        "p99_ms": float(row["p99_latency_ms"]),
    }


def script_us(d, target, rate, done):
    """Microseconds inside EVALSHA/EVAL per request, from the commandstats file run.sh saved (every node's, in one)."""
    path = os.path.join(d, f"commandstats-{target}-{rate}.txt")
    if not done or not os.path.exists(path):
        return None
    usec = 0
    for line in open(path):
        m = re.match(r"cmdstat_(evalsha|eval):calls=\d+,usec=(\d+),", line)
        if m:
            usec += int(m.group(2))
    return round(usec / done, 2)


def ratio(a, b):
    return round(a / b, 3) if b else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--smoke", type=int, default=0)
    p.add_argument("--duration", type=float, required=True)
    p.add_argument("--io-threads", type=int, required=True)
    p.add_argument("--rss-idle-kb", type=int, required=True)
    p.add_argument("--command", required=True)
    p.add_argument("--markdown", help="also write the summary tables (for docs/benchmarks.md) here")
    p.add_argument("--redis", default="single", help="BENCH_REDIS: single, or cluster (3 masters, 3 replicas)")
    p.add_argument("--pin", default="", help="BENCH_PIN's role=cpulist plan, comma-separated (empty: not pinned)")
    a = p.parse_args()
    d = a.dir

    throughput = {t: {} for t in TARGETS + (NOBATCH,)}
    for f in sorted(glob.glob(os.path.join(d, "throughput-*.json"))):
        target, conns = re.match(r"throughput-(\w+)-c(\d+)\.json", os.path.basename(f)).groups()
        throughput[target][conns] = load(f)
    if not throughput[NOBATCH]:
        del throughput[NOBATCH]
    max_rps = {t: max((r["rps"] for r in throughput[t].values()), default=0.0) for t in throughput}
    # Cores each role kept busy during the target's best run (machine = all cores; the rest is mostly wrk).
    cores = {}
    for t in throughput:
        best = max(throughput[t], key=lambda c: throughput[t][c]["rps"], default=None)
        f = os.path.join(d, f"cpusplit-{t}-c{best}.json")
        if best is None or not os.path.exists(f):
            continue
        c = load(f)
        secs = throughput[t][best].get("duration_s") or a.duration
        cores[t] = {role: round((c["after"][role] - c["before"][role]) / c["clk_tck"] / secs, 2) for role in c["after"]}
        cores[t]["load_generator_and_rest"] = round(cores[t]["machine"] - sum(v for r, v in cores[t].items() if r != "machine"), 2)

    latency, cpu = {}, {}
    for f in sorted(glob.glob(os.path.join(d, "latency-*.json"))):
        target, rate = re.match(r"latency-(\w+)-(\d+)\.json", os.path.basename(f)).groups()
        latency.setdefault(rate, {})[target] = load(f)
        c = load(os.path.join(d, f"cpu-{target}-{rate}.json"))
        done = latency[rate][target]["completed"]
        cpu.setdefault(rate, {})[target] = {
            "cpu_seconds": c["ticks"] / c["clk_tck"],
            "requests": done,
            "cpu_us_per_request": round(c["ticks"] / c["clk_tck"] / done * 1e6, 1) if done else None,
            # What Redis and PostgreSQL spent meanwhile, per request: crosslogicd's rate limits and metering
            # (through the engine or nginx, only their idle cost).
            "redis_cpu_us_per_request": round(c.get("redis_ticks", 0) / c["clk_tck"] / done * 1e6, 1) if done else None,
            "postgres_cpu_us_per_request": round(c.get("postgres_ticks", 0) / c["clk_tck"] / done * 1e6, 1) if done else None,
            # Redis's own account (INFO cpu used_cpu_sys + used_cpu_user), finer than /proc's 10 ms ticks.
            "redis_info_cpu_us_per_request": round(c["redis_info_cpu_s"] / done * 1e6, 2) if done and "redis_info_cpu_s" in c else None,
            # The rate limiter's Redis calls (ratelimit_redis_calls_total: admit, release, batch) per request.
            "redis_calls_per_request": round(c["limiter_calls"] / done, 3) if done and "limiter_calls" in c else None,
            # Redis's read events (its wake-ups for client input, INFO stats) and the time inside its scripts
            # (INFO commandstats, EVALSHA and EVAL) per request: what its CPU per request is made of.
            "redis_reads_per_request": round(c["redis_reads"] / done, 3) if done and "redis_reads" in c else None,
            "redis_script_us_per_request": script_us(d, target, rate, done),
        }
    for rate, by in latency.items():
        direct = by.get("engine", {}).get("latency_ms", {})
        by["added_ms"] = {
            t: {q: round(by[t]["latency_ms"][q] - direct.get(q, 0.0), 4) for q in ("p50", "p99", "p999")}
            for t in ("nginx", "crosslogicd", NOBATCH) if t in by
        }

    streams = {}
    for f in sorted(glob.glob(os.path.join(d, "streams-*.json"))):
        target, n = re.match(r"streams-(\w+)-(\d+)\.json", os.path.basename(f)).groups()
        streams.setdefault(n, {})[target] = load(f)
    for n, by in streams.items():
        if "engine" in by and "crosslogicd" in by:
            by["ttft_overhead_ms"] = {
                q: round(by["crosslogicd"]["ttft_ms"][q] - by["engine"]["ttft_ms"][q], 3) for q in ("p50", "p99")
            }
            by["crosslogicd_rss_mb_held"] = round(by["crosslogicd"]["rss_kb_held"] / 1024, 1)

    limiter = {}
    for f in sorted(glob.glob(os.path.join(d, "redis-*.csv"))):
        what, conns = re.match(r"redis-(\w+)-c(\d+)\.csv", os.path.basename(f)).groups()
        limiter.setdefault(what, {})["c" + conns] = redis_csv(f)
    if "admit" in limiter and "release" in limiter:
        limiter["round_trips_per_request"] = 2
        limiter["sequential_ms_per_request"] = round(limiter["admit"]["c1"]["avg_ms"] + limiter["release"]["c1"]["avg_ms"], 4)
        limiter["redis_cpu_bound_requests_per_s"] = round(
            1 / (1 / limiter["admit"]["c32"]["rps"] + 1 / limiter["release"]["c32"]["rps"]), 1)

    if "batch" in limiter and "admit" in limiter:
        # A release and an admission in one call: the pair a request costs when batching pairs them.
        limiter["redis_cpu_bound_requests_per_s_batched"] = round(limiter["batch"]["c32"]["rps"], 1)

    # The rate limiter's batching, off (crosslogicd_nobatch) and on (crosslogicd), at each fixed rate.
    batching = {}
    for rate in sorted(cpu, key=int):
        if NOBATCH not in cpu[rate] or "crosslogicd" not in cpu[rate]:
            continue
        row = {}
        for mode, t in (("off", NOBATCH), ("on", "crosslogicd")):
            row[mode] = {
                "achieved_rate": latency[rate][t]["achieved_rate"],
                "redis_calls_per_request": cpu[rate][t]["redis_calls_per_request"],
                "redis_cpu_us_per_request": cpu[rate][t]["redis_info_cpu_us_per_request"],
                "redis_script_us_per_request": cpu[rate][t]["redis_script_us_per_request"],
                "redis_reads_per_request": cpu[rate][t]["redis_reads_per_request"],
                "crosslogicd_cpu_us_per_request": cpu[rate][t]["cpu_us_per_request"],
                "p50_ms": latency[rate][t]["latency_ms"]["p50"],
                "p99_ms": latency[rate][t]["latency_ms"]["p99"],
            }
        row["calls_on_vs_off"] = ratio(row["on"]["redis_calls_per_request"] or 0, row["off"]["redis_calls_per_request"] or 0)
        row["redis_cpu_on_vs_off"] = ratio(row["on"]["redis_cpu_us_per_request"] or 0, row["off"]["redis_cpu_us_per_request"] or 0)
        batching[rate] = row

    first_rate = min(latency, key=int) if latency else None
    headline = {
        "throughput_vs_nginx": ratio(max_rps["crosslogicd"], max_rps["nginx"]),
        "engine_direct_vs_nginx": ratio(max_rps["engine"], max_rps["nginx"]),
    }
    if NOBATCH in max_rps:
        headline["throughput_vs_nginx_batching_off"] = ratio(max_rps[NOBATCH], max_rps["nginx"])
    for rate, row in batching.items():
        headline[f"redis_calls_per_request_at_{rate}"] = {m: row[m]["redis_calls_per_request"] for m in ("off", "on")}
        headline[f"redis_cpu_us_per_request_at_{rate}"] = {m: row[m]["redis_cpu_us_per_request"] for m in ("off", "on")}
    if first_rate:
        added = latency[first_rate]["added_ms"]
        headline[f"added_p50_vs_nginx_at_{first_rate}"] = ratio(added["crosslogicd"]["p50"], added["nginx"]["p50"])
        headline[f"added_p99_ms_at_{first_rate}"] = added["crosslogicd"]["p99"]
        cp = cpu[first_rate]
        headline["cpu_per_request_vs_nginx"] = ratio(cp["crosslogicd"]["cpu_us_per_request"] or 0,
                                                    cp["nginx"]["cpu_us_per_request"] or 0)
    biggest = max(streams, key=int) if streams else None
    if biggest and "crosslogicd" in streams[biggest]:
        headline["streams_held"] = streams[biggest]["crosslogicd"]["held"]
        headline["rss_mb_with_streams"] = streams[biggest]["crosslogicd_rss_mb_held"]
        headline["rss_kb_per_stream"] = streams[biggest]["crosslogicd"]["rss_kb_per_stream"]

    doc = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": a.command,
        "smoke": bool(a.smoke),
        "machine": {"cpus": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version()},
        "setup": {
            "duration_s": a.duration,
            "crosslogicd_io_threads": a.io_threads,
            "nginx_worker_processes": a.io_threads,
            "engine": "crosslogic-node-agent --simulate --ttft-ms 0 --tokens-per-second 0 (streams: 0.2 tokens/s)",
            "throughput_tool": "wrk -t1 (closed loop)",
            "latency_tool": "crosslogic-bench-loadgen rate (open loop, latency from the intended send time)",
            "crosslogicd_rss_idle_kb_after_run": a.rss_idle_kb,
            "redis": a.redis,
            "pinned_cpus": dict(kv.split("=", 1) for kv in a.pin.split(",") if kv) or None,
        },
        "headline": headline,
        "throughput": {"by_connections": throughput, "max_rps": max_rps, "cores_busy_at_max": cores},
        "latency": latency,
        "cpu_per_request": cpu,
        "streams": streams,
        "rate_limiter_redis": limiter,
        "rate_limiter_batching": batching,
    }
    with open(a.out, "w") as f:
        json.dump(doc, f, indent=2, sort_keys=False)
        f.write("\n")
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(markdown(doc))


def fmt(v, digits=2):
    return "–" if v is None else f"{v:.{digits}f}"


def markdown(doc):
    out = []
    tp = doc["throughput"]["max_rps"]
    out.append("| max requests/s (best of -c " + ", ".join(doc["throughput"]["by_connections"]["nginx"]) + ") | engine direct | nginx | crosslogicd | crosslogicd / nginx |")
    out.append("|---|---|---|---|---|")
    out.append(f"| small chat completions | {tp['engine']:.0f} | {tp['nginx']:.0f} | {tp['crosslogicd']:.0f} | "
               f"**{fmt(doc['headline']['throughput_vs_nginx'])}** |")
    if NOBATCH in tp:
        out.append(f"| the same, RATE_LIMIT_BATCH=false | | | {tp[NOBATCH]:.0f} | {fmt(doc['headline']['throughput_vs_nginx_batching_off'])} |")
    out.append("")
    if doc.get("rate_limiter_batching"):
        out.append("| open-loop rate | rate limiter batching | achieved/s | Redis calls/request | Redis CPU µs/request (INFO cpu) | of it in scripts | Redis reads/request | crosslogicd CPU µs/request | p50 ms | p99 ms |")
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for rate, row in doc["rate_limiter_batching"].items():
            for mode in ("off", "on"):
                r = row[mode]
                out.append(f"| {rate}/s | {mode} | {r['achieved_rate']:.0f} | {fmt(r['redis_calls_per_request'], 2)} | "
                           f"{fmt(r['redis_cpu_us_per_request'], 1)} | {fmt(r.get('redis_script_us_per_request'), 1)} | "
                           f"{fmt(r.get('redis_reads_per_request'), 2)} | {fmt(r['crosslogicd_cpu_us_per_request'], 0)} | "
                           f"{fmt(r['p50_ms'], 3)} | {fmt(r['p99_ms'], 3)} |")
        out.append("")
    cores = doc["throughput"].get("cores_busy_at_max", {})
    if cores:
        roles = ("engine", "nginx", "crosslogicd", NOBATCH, "redis", "postgres", "load_generator_and_rest", "machine")
        out.append("| cores busy at max throughput | " + " | ".join(roles) + " |")
        out.append("|---|" + "---|" * len(roles))
        for t in TARGETS + (NOBATCH,):
            if t in cores:
                out.append(f"| through {t} | " + " | ".join(fmt(cores[t].get(r)) for r in roles) + " |")
        out.append("")
    out.append("| open-loop rate | target | achieved/s | p50 ms | p99 ms | p99.9 ms | added p50 | added p99 | added p99.9 | CPU µs/request | Redis µs/request | PostgreSQL µs/request |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for rate in sorted(doc["latency"], key=int):
        by = doc["latency"][rate]
        for t in TARGETS + (NOBATCH,):
            if t not in by:
                continue
            r = by[t]
            added = by["added_ms"].get(t)
            cpu = doc["cpu_per_request"][rate][t]["cpu_us_per_request"]
            stores = doc["cpu_per_request"][rate][t]
            out.append(f"| {rate}/s | {t} | {r['achieved_rate']:.0f} | {fmt(r['latency_ms']['p50'], 3)} | {fmt(r['latency_ms']['p99'], 3)} | "
                       f"{fmt(r['latency_ms']['p999'], 3)} | " + (" | ".join(fmt(added[q], 3) for q in ("p50", "p99", "p999")) if added else "– | – | –")
                       + f" | {fmt(cpu, 0)} | {fmt(stores.get('redis_cpu_us_per_request'), 0)} | {fmt(stores.get('postgres_cpu_us_per_request'), 0)} |")
    out.append("")
    out.append("| held SSE streams | target | held | TTFT p50 ms | TTFT p99 ms | RSS held MB | RSS KB/stream |")
    out.append("|---|---|---|---|---|---|---|")
    for n in sorted(doc["streams"], key=int):
        for t in ("engine", "crosslogicd"):
            r = doc["streams"][n][t]
            out.append(f"| {n} | {t} | {r['held']} | {fmt(r['ttft_ms']['p50'], 3)} | {fmt(r['ttft_ms']['p99'], 3)} | "
                       f"{r['rss_kb_held'] / 1024:.1f} | {fmt(r['rss_kb_per_stream'], 1)} |")
    out.append("")
    lim = doc["rate_limiter_redis"]
    out.append("| Redis round trip (redis-benchmark) | 1 client: avg ms | 1 client: p99 ms | 32 clients: requests/s |")
    out.append("|---|---|---|---|")
    for what in ("ping", "admit", "release", "batch"):
        if what not in lim:
            continue
        r = lim[what]
        out.append(f"| {what} | {fmt(r['c1']['avg_ms'], 3)} | {fmt(r['c1']['p99_ms'], 3)} | {r['c32']['rps']:.0f} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
