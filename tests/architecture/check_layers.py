#!/usr/bin/env python3
"""Folder dependencies of crosslogicd, derived from #include lines: fails on a cycle, on an include of app/ from
outside app/ and main.cpp, and on an edge that is not downward in the declared layer order (docs/architecture.md).

    check_layers.py [repo root]        prints the folder graph, exits 1 with the offending includes
    check_layers.py --self-test        shows that a cycle, an upward and a lateral edge are each caught
"""
import os
import re
import sys

# Lowest first. An include may only go to a folder of a lower layer (or its own folder); nothing includes app/.
LAYERS = [
    ["config", "metrics", "security", "upstream"],  # daemon-only libraries: no daemon folder below them
    ["store"],                                              # PostgreSQL pool, Redis client
    ["base"],                                               # the ground floor: shared types, route toolkit, interfaces
    ["admin", "billing", "fleet", "ratelimit", "ops", "alerts"],  # subsystems: never each other
    ["gateway"],                                            # the request path: uses ratelimit, fleet, billing's types
    ["app"],                                                # construction and wiring only
]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(folder):
    for i, names in enumerate(LAYERS):
        if folder in names:
            return i
    return None


def folder_edges(daemon_dir):
    """{(from, to): [file -> include, ...]} between top-level folders of daemon_dir."""
    folders = {d for d in os.listdir(daemon_dir) if os.path.isdir(os.path.join(daemon_dir, d))}
    edges = {}
    for root, _, files in os.walk(daemon_dir):
        for name in files:
            if not name.endswith((".h", ".cpp")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, daemon_dir)
            src = rel.split(os.sep)[0] if os.sep in rel else "."  # "." : main.cpp
            with open(path, encoding="utf-8") as f:
                for inc in INCLUDE.findall(f.read()):
                    top = inc.split("/")[0]
                    if "/" in inc and top in folders and top != src:
                        edges.setdefault((src, top), []).append(f"{rel} -> {inc}")
    return folders, edges


def find_cycle(edges):
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    state = {}

    def visit(n, path):
        state[n] = 1
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return path[path.index(m):] + [m] if m in path else [n, m]
            if not state.get(m):
                found = visit(m, path + [m])
                if found:
                    return found
        state[n] = 2
        return None

    for n in sorted(graph):
        if not state.get(n):
            found = visit(n, [n])
            if found:
                return found
    return None


def problems(folders, edges):
    out = []
    for f in sorted(folders - {"migrations"}):
        if layer_of(f) is None:
            out.append(f"daemon/{f}/ has no layer: add it to LAYERS in {os.path.basename(__file__)} and docs/architecture.md")
    for (a, b), where in sorted(edges.items()):
        if b == "app" and a != ".":
            out.append(f"{a} -> app (only app/ and main.cpp may include app/): " + "; ".join(where))
            continue
        if a == ".":
            continue
        la, lb = layer_of(a), layer_of(b)
        if la is None or lb is None:
            continue
        if lb > la:
            out.append(f"upward edge {a} -> {b}: " + "; ".join(where))
        elif lb == la:
            out.append(f"lateral edge {a} -> {b} (same layer): " + "; ".join(where))
    cycle = find_cycle(edges)
    if cycle:
        out.append("cycle: " + " -> ".join(cycle))
    return out


def self_test():
    folders = {"store", "base", "admin", "billing", "app"}
    cases = {
        "cycle": {("admin", "billing"): ["x"], ("billing", "admin"): ["y"]},
        "upward": {("store", "base"): ["store/a.h -> base/b.h"]},
        "lateral": {("admin", "billing"): ["admin/a.cpp -> billing/b.h"]},
        "app": {("base", "app"): ["base/a.cpp -> app/daemon.h"]},
    }
    for name, edges in cases.items():
        found = problems(folders, edges)
        if not any(name in p for p in found):
            print(f"self-test: a {name} edge was not reported: {found}")
            return 1
    if problems(folders, {("admin", "base"): ["ok"], ("app", "admin"): ["ok"]}):
        print("self-test: downward edges were reported")
        return 1
    print("self-test: cycle, upward, lateral and app edges are caught; downward edges pass")
    return 0


def main(argv):
    if "--self-test" in argv:
        return self_test()
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    folders, edges = folder_edges(os.path.join(root, "daemon"))
    for (a, b), where in sorted(edges.items()):
        print(f"{a or '.'} -> {b} ({len(where)})")
    found = problems(folders, edges)
    for p in found:
        print("FAIL:", p)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
