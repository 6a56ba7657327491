"""The /etc/crosslogic/.env template documents exactly the variables `crosslogicd check-config` prints, in order,
shows the daemon's real defaults, leaves every required variable and secret empty, and parses with the daemon."""
import re
import os
import tempfile

from packagingtest import Checks, check_config, parse_args, parse_env_template, required_variables, run

args = parse_args()
t = Checks("packaging_env_template")
template = os.path.join(args.build_dir, "packaging", "generated", "env", "crosslogic.env")
t.check(os.path.isfile(template), f"generated template {template} exists")

entries = parse_env_template(template)
names = [n for n, _, _ in entries]
effective = check_config(args.crosslogicd)
daemon_names = [n for n, _ in effective]
# check-config may annotate a value for people ("GATEWAY_IO_THREADS=0 (2: one per core)"); the value is what counts.
defaults = {n: re.sub(r" \(\d+: [^)]*\)$", "", v) for n, v in effective}

t.check(len(daemon_names) >= 10, f"check-config printed the configuration table ({len(daemon_names)} variables)")
t.equal(len(names), len(set(names)), "template names each variable once")
t.equal(sorted(set(names) - set(daemon_names)), [], "variables in the template that crosslogicd does not know")
t.equal(sorted(set(daemon_names) - set(names)), [], "variables crosslogicd reads that the template does not document")

required = required_variables(args.crosslogicd)
t.check({"DATABASE_URL", "REDIS_URL", "ADMIN_API_TOKEN"} <= set(required),
        f"crosslogicd reports its required variables when none is set (got {required})")
for name, value, active in entries:
    if name in required:
        t.check(active and value == "", f"required {name} is an empty, uncommented line (to be filled in)")
    elif active:
        # Active optional lines are secrets: shipped empty, never with a value.
        t.equal(value, "", f"{name} is shipped without a value")
        t.equal(defaults.get(name), "(not set)", f"{name} (uncommented, empty) is a secret whose default is unset")
    else:
        t.equal(value, defaults.get(name), f"documented default of {name} matches the daemon's")

# Every variable line carries a description comment right above it (blank line, comment lines, variable).
with open(template, encoding="utf-8") as f:
    lines = f.read().splitlines()
for i, line in enumerate(lines):
    for name in names:
        if line.startswith((name + "=", "#" + name + "=")):
            t.check(i > 0 and lines[i - 1].startswith("# "), f"{name} has a description comment")

# The daemon's own parser accepts the template: with the required values filled in it changes nothing.
with tempfile.NamedTemporaryFile("w", suffix=".env", delete=False) as filled:
    fill = {"DATABASE_URL": "postgres://u@127.0.0.1:1/crosslogic", "REDIS_URL": "redis://127.0.0.1:1",
            "ADMIN_API_TOKEN": "0123456789abcdef0123"}
    for line in lines:
        for name, value in fill.items():
            if line == name + "=":
                line = f"{name}={value}"
        filled.write(line + "\n")
try:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    out = run([args.crosslogicd, "check-config", "--env-file", filled.name], env=env).stdout
    from_file = [tuple(l.split("=", 1)) for l in out.splitlines() if "=" in l and l.split("=", 1)[0].isupper()]
    t.equal(from_file, effective, "check-config with the filled-in template equals the built-in defaults")
finally:
    os.unlink(filled.name)

t.finish()
