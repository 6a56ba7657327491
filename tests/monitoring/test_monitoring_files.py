"""The monitoring files agree with the daemon and with each other: every metric a rule, a rule test series, a dashboard
panel or a dashboard variable names is a family `crosslogicd metrics` prints; every alerting rule has for, severity,
runbook_section, summary and runbook_url, and its anchor is the runbook's heading for its section; `rule` labels
are daemon rule ids of that section; the catch-all forwards every daemon verdict and maps each rule id to its
section; the PrometheusRule is what gen-prometheusrule.sh writes; the ServiceMonitor matches the Service.

    test_monitoring_files.py --source-dir DIR --crosslogicd PATH [--promtool PATH]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

# The daemon's alert rules and their runbook sections (crosslogicd's rule table, daemon/alerts/alertrules.cpp).
DAEMON_RULES = {
    "rejected_key_in_use": "1.1", "suspended_tenant_traffic": "1.1",
    "admin_token_failures": "1.2",
    "rate_limited_share": "2.1", "ratelimit_fail_open": "2.1", "budget_threshold_reached": "2.1",
    "model_without_node": "3.1", "node_heartbeat_late": "3.1", "stale_node_not_replaced": "3.1",
    "model_redundancy_lost": "3.1", "circuit_breaker_open": "3.1",
    "node_registration_failures": "3.2",
    "model_latency_slo": "3.3", "model_ttft_slo": "3.3", "node_health_low": "3.3",
    "db_pool_saturated": "4.1", "db_connections_exhausted": "4.1", "db_long_running_queries": "4.1",
    "db_slow_queries": "4.2",
    "redis_unreachable": "5.1", "redis_errors": "5.1", "redis_memory_high": "5.1",
    "ratelimit_counters_corrupt": "5.2", "spend_reconcile_drift": "5.2",
    "usage_spool_backlog": "6.1", "usage_writer_failing": "6.1", "engine_usage_implausible": "6.1",
    "billing_events_failed": "6.2", "stripe_export_failing": "6.2",
    "replica_version_skew": "7.1", "tls_certificate_expiring": "7.1",
}
RUNBOOK_BASE = "https://docs.crosslogic.example/runbook"
SEVERITIES = {"critical", "warning", "info"}
CATCH_ALL_SEVERITY = "{{ $labels.severity }}"  # the catch-all keeps the daemon's severity
# The §9 views the dashboard must show (runbook "Performance Dashboard" and "Quick Health Check").
DASHBOARD_NEEDS = [
    "http_requests_total", "http_request_duration_seconds", "node_health_score", "node_heartbeat_age_seconds",
    "ratelimit_rejections_total", "db_pool_in_use", "db_pool_size", "db_pool_queued", "redis_connected",
    "redis_errors_total", "usage_spool_depth", "usage_write_lag_seconds", "billing_events_failed",
    "crosslogic_alerts_firing",
]

# ---- PromQL metric names ----
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
            "inf", "nan", "atan2"}


def metric_names(expr):
    """Metric names an expression selects: strings, label matchers, ranges, grouping label lists, offsets, numbers,
    Grafana variables and function/aggregation names are taken out first."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)
    s = re.sub(r"\{[^}]*\}", " ", s)
    s = re.sub(r"\[[^\]]*\]", " ", s)
    s = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", s)
    s = re.sub(r"\boffset\s+-?\w+", " ", s)
    s = re.sub(r"\$\{[^}]*\}|\$\w+", " ", s)
    s = re.sub(r"(?<![\w:])\d[\w.]*", " ", s)
    names = set()
    for m in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", s):
        if s[m.end():].lstrip().startswith("(") or m.group(0).lower() in KEYWORDS:
            continue
        names.add(m.group(0))
    return names


def self_test():
    cases = {
        'sum by (job, le) (rate(a_bucket{x="y}z", le=~"1|2"}[5m])) > 0.5 and on (job) b offset 5m': {"a_bucket", "b"},
        'histogram_quantile(0.99, sum(rate(c_bucket[$__rate_interval])) by (le)) / 1e3': {"c_bucket"},
        'label_replace(rate(d{job="$job"}[5m]), "class", "${1}xx", "status", "(.)..") unless e': {"d", "e"},
        'f - time() < 14 * 86400 or ignoring (x) group_left (y) g': {"f", "g"},
        'max_over_time(h[1h:5m]) == bool 1': {"h"},
    }
    for expr, want in cases.items():
        got = metric_names(expr)
        if got != want:
            sys.exit(f"self-test: metric_names({expr!r}) = {sorted(got)}, expected {sorted(want)}")


# ---- checks: the packaging tests' collector (every failed expectation reported, then a non-zero exit) ----
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "packaging"))
from packagingtest import Checks  # noqa: E402


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation other than - and _ dropped, spaces to -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def runbook_anchors(path):
    """Section number ("3.1", "7") -> anchor of its heading."""
    anchors = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^#{2,3} ((\d+)(?:\.(\d+))?\.? .*)$", line.rstrip())
            if m:
                anchors[m.group(2) + ("." + m.group(3) if m.group(3) else "")] = slug(m.group(1))
    return anchors


def exported_families(crosslogicd):
    r = subprocess.run([crosslogicd, "metrics", "--env-file", "/dev/null"], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        sys.exit(f"`{crosslogicd} metrics --env-file /dev/null` exited {r.returncode}: {r.stderr.strip()}")
    families = dict(re.findall(r"^# TYPE (\S+) (\S+)$", r.stdout, re.M))
    if len(families) < 20:
        sys.exit(f"`crosslogicd metrics` printed only {len(families)} # TYPE lines:\n{r.stdout[:2000]}")
    return families


def family_of(name, families):
    if name in families:
        return name
    for suffix in ("_bucket", "_sum", "_count"):
        base = name[: -len(suffix)]
        if name.endswith(suffix) and families.get(base) in ("histogram", "summary"):
            return base
    return None


def template_map(text):
    """{rule id: value} from a catch-all template `{{- if eq $labels.rule "a" "b" -}} value {{- else if ...`."""
    out = {}
    for ids, value in re.findall(r'(?:if|else if) eq \$labels\.rule((?:\s+"[^"]+")+)\s*-?\}\}\s*([^\s{]+)', text):
        for rule_id in re.findall(r'"([^"]+)"', ids):
            out[rule_id] = value
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--source-dir", required=True)
    p.add_argument("--crosslogicd", required=True)
    p.add_argument("--promtool", default=shutil.which("promtool"))
    args = p.parse_args()
    self_test()
    t = Checks("monitoring_files")
    src = args.source_dir
    mon = os.path.join(src, "packaging/monitoring")
    kmon = os.path.join(src, "packaging/kubernetes/monitoring")
    families = exported_families(args.crosslogicd)
    anchors = runbook_anchors(os.path.join(src, "tests/data/RUNBOOK.md"))

    def names_exported(where, expr):
        for name in sorted(metric_names(expr)):
            t.check(family_of(name, families) is not None,
                    f"{where}: metric {name!r} is not exported by crosslogicd (expr: {expr.strip()})")

    # ---- rules ----
    with open(os.path.join(mon, "prometheus-rules.yaml"), encoding="utf-8") as f:
        rules_doc = yaml.safe_load(f)
    groups = rules_doc.get("groups", [])
    rules = [(g["name"], r) for g in groups for r in g.get("rules", [])]
    t.check(len(rules) >= 20, f"prometheus-rules.yaml has {len(rules)} rules")
    tagged = {}
    catch_all = []
    for group, r in rules:
        name = r.get("alert") or r.get("record")
        where = f"rule {group}/{name}"
        expr = str(r.get("expr", ""))
        names_exported(where, expr)
        if "record" in r:
            continue
        labels, ann = r.get("labels") or {}, r.get("annotations") or {}
        t.check("for" in r, f"{where}: has `for`")
        section = str(labels.get("runbook_section", ""))
        if "crosslogic_alerts_firing" in metric_names(expr):
            catch_all.append((where, r))
            t.check(labels.get("severity") == CATCH_ALL_SEVERITY, f"{where}: severity is the daemon's")
            t.check(not re.search(r"\brule\s*!?[=~]", expr), f"{where}: forwards every rule id (no matcher on rule)")
            continue
        t.check(labels.get("severity") in SEVERITIES, f"{where}: severity {labels.get('severity')!r}")
        t.check(section in anchors, f"{where}: runbook_section {section!r} is a runbook section")
        t.check("$labels." in str(ann.get("summary", "")), f"{where}: summary uses $labels")
        url = str(ann.get("runbook_url", ""))
        t.check(url == f"{RUNBOOK_BASE}#{anchors.get(section)}",
                f"{where}: runbook_url {url!r} is the runbook's heading for §{section} (#{anchors.get(section)})")
        if "rule" in labels:
            rule_id = labels["rule"]
            t.check(rule_id in DAEMON_RULES, f"{where}: rule {rule_id!r} is a daemon rule id")
            t.check(DAEMON_RULES.get(rule_id) == section,
                    f"{where}: runbook_section {section} is rule {rule_id}'s ({DAEMON_RULES.get(rule_id)})")
            tagged.setdefault(rule_id, []).append(name)

    # ---- the catch-all: every daemon rule id forwarded to its section ----
    t.check(len(catch_all) == 1, f"exactly one rule forwards crosslogic_alerts_firing (found {len(catch_all)})")
    for where, r in catch_all:
        sections = template_map(str(r.get("labels", {}).get("runbook_section", "")))
        urls = template_map(str(r.get("annotations", {}).get("runbook_url", "")))
        t.check("$labels." in str(r.get("annotations", {}).get("summary", "")), f"{where}: summary uses $labels")
        t.check(str(r.get("annotations", {}).get("runbook_url", "")).startswith(RUNBOOK_BASE + "#"),
                f"{where}: runbook_url starts with {RUNBOOK_BASE}#")
        for rule_id, section in DAEMON_RULES.items():
            t.check(sections.get(rule_id) == section,
                    f"{where}: runbook_section maps daemon rule {rule_id} to {sections.get(rule_id)!r}, not {section}")
            t.check(urls.get(rule_id) == anchors.get(section),
                    f"{where}: runbook_url maps daemon rule {rule_id} to #{urls.get(rule_id)}, not "
                    f"#{anchors.get(section)} (§{section})")
        t.check(set(sections) <= set(DAEMON_RULES), f"{where}: maps unknown ids {sorted(set(sections) - set(DAEMON_RULES))}")
    print(f"daemon rule ids with their own metric rule: {len(tagged)} of {len(DAEMON_RULES)}; all forwarded by the "
          "catch-all")

    # ---- rule tests: their series are exported metrics (a misspelt series would make "must not fire" pass) ----
    with open(os.path.join(mon, "prometheus-rules.test.yaml"), encoding="utf-8") as f:
        tests = yaml.safe_load(f)
    tested = set()
    for test in tests.get("tests", []):
        for s in test.get("input_series", []):
            names_exported(f"rule test {test.get('name')!r} series", s["series"])
        for a in test.get("alert_rule_test", []):
            if a.get("exp_alerts"):
                tested.add(a["alertname"])
    for group, r in rules:
        if "alert" in r:
            t.check(r["alert"] in tested, f"rule {group}/{r['alert']}: prometheus-rules.test.yaml makes it fire")

    # ---- dashboard ----
    with open(os.path.join(mon, "grafana-dashboard.json"), encoding="utf-8") as f:
        dash = json.load(f)
    t.check(dash.get("schemaVersion", 0) >= 36, f"dashboard schemaVersion {dash.get('schemaVersion')}")
    variables = {v["name"]: v for v in dash.get("templating", {}).get("list", [])}
    ds_var = variables.get("DS_PROMETHEUS", {})
    t.check(ds_var.get("type") == "datasource" and ds_var.get("query") == "prometheus",
            "dashboard: variable DS_PROMETHEUS is a Prometheus datasource variable")
    for v in variables.values():
        if v.get("type") == "query":
            q = v["query"]["query"] if isinstance(v.get("query"), dict) else str(v.get("query"))
            m = re.match(r"^\s*label_values\((.*),\s*\w+\)\s*$", q)
            t.check(bool(m), f"dashboard variable {v['name']}: label_values(<selector>, <label>) query ({q})")
            names_exported(f"dashboard variable {v['name']}", m.group(1) if m else q)

    panels, ids, used, exprs = [], set(), set(), []

    def walk(ps):
        for pn in ps:
            panels.append(pn)
            walk(pn.get("panels", []))

    walk(dash.get("panels", []))
    for pn in panels:
        where = f"dashboard panel {pn.get('id')} {pn.get('title')!r}"
        t.check(pn.get("id") not in ids, f"{where}: unique id")
        ids.add(pn.get("id"))
        t.check("gridPos" in pn, f"{where}: has gridPos")
        for target in pn.get("targets", []):
            for ds in (pn.get("datasource"), target.get("datasource")):
                t.check(ds is None or ds.get("uid") == "${DS_PROMETHEUS}", f"{where}: datasource ${{DS_PROMETHEUS}}")
            expr = target.get("expr", "")
            t.check(bool(expr.strip()), f"{where}: target {target.get('refId')} has an expr")
            names_exported(f"{where} target {target.get('refId')}", expr)
            used |= {family_of(n, families) for n in metric_names(expr)}
            exprs.append((f"dashboard:panel{pn.get('id')}:{target.get('refId')}", expr))
    for name in DASHBOARD_NEEDS:
        t.check(name in used, f"dashboard: a panel shows {name} (runbook §9)")

    # Each panel expr parses: promtool reads them as recording rules, Grafana's variables given plain values.
    if t.check(bool(args.promtool), "promtool is installed (Debian package prometheus; scripts/install-deps.sh)"):
        # Each record is named dashboard:panel<id>:<refId>, so promtool's message says which panel.
        recorded = [{"record": rec, "expr": re.sub(r"\$__\w+", "5m", e).replace("$job", "crosslogic")
                     .replace("$instance", ".*")} for rec, e in exprs]
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            yaml.safe_dump({"groups": [{"name": "dashboard", "rules": recorded}]}, f)
        r = subprocess.run([args.promtool, "check", "rules", f.name], capture_output=True, text=True)
        os.unlink(f.name)
        t.check(r.returncode == 0, f"dashboard expressions parse (promtool check rules): {r.stdout}{r.stderr}")

    # ---- Kubernetes ----
    with open(os.path.join(kmon, "prometheusrule.yaml"), encoding="utf-8") as f:
        generated = f.read()
    prule = yaml.safe_load(generated)
    t.check(prule.get("apiVersion") == "monitoring.coreos.com/v1" and prule.get("kind") == "PrometheusRule",
            "prometheusrule.yaml is a monitoring.coreos.com/v1 PrometheusRule")
    t.check(prule.get("spec", {}).get("groups") == groups,
            "prometheusrule.yaml spec.groups equal prometheus-rules.yaml groups (run packaging/monitoring/"
            "gen-prometheusrule.sh)")
    r = subprocess.run(["bash", os.path.join(mon, "gen-prometheusrule.sh"), "-"], capture_output=True, text=True)
    t.check(r.returncode == 0 and r.stdout == generated,
            f"prometheusrule.yaml is exactly what gen-prometheusrule.sh writes {r.stderr.strip()}")

    with open(os.path.join(src, "packaging/kubernetes/service.yaml"), encoding="utf-8") as f:
        service = yaml.safe_load(f)
    with open(os.path.join(kmon, "servicemonitor.yaml"), encoding="utf-8") as f:
        monitor = yaml.safe_load(f)
    selector = monitor.get("spec", {}).get("selector", {}).get("matchLabels", {})
    service_labels = service.get("metadata", {}).get("labels", {})
    t.check(bool(selector) and all(service_labels.get(k) == v for k, v in selector.items()),
            f"ServiceMonitor selector {selector} matches Service {service['metadata']['name']} labels {service_labels}")
    port_names = {p.get("name") for p in service.get("spec", {}).get("ports", [])}
    for ep in monitor.get("spec", {}).get("endpoints", []):
        t.check(ep.get("port") in port_names, f"ServiceMonitor endpoint port {ep.get('port')!r} is a Service port")
        t.check(ep.get("path", "/metrics") == "/metrics", "ServiceMonitor scrapes /metrics")
    with open(os.path.join(kmon, "kustomization.yaml"), encoding="utf-8") as f:
        kust = yaml.safe_load(f)
    t.check(set(kust.get("resources", [])) == {"prometheusrule.yaml", "servicemonitor.yaml"},
            f"monitoring kustomization lists its two manifests ({kust.get('resources')})")
    with open(os.path.join(src, "packaging/kubernetes/kustomization.yaml"), encoding="utf-8") as f:
        base = yaml.safe_load(f)
    t.check(not any("monitoring" in str(res) for res in base.get("resources", [])),
            "the base kustomization does not include monitoring/ (it needs the Prometheus Operator CRDs)")
    t.finish()


if __name__ == "__main__":
    main()
