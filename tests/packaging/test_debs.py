"""Builds the three .debs with cpack and inspects them as dpkg would: fields, Depends, files and modes, conffiles,
maintainer scripts (syntax and behaviour against stubs), systemd units (systemd-analyze verify + policy),
the installed binaries running from an extracted tree, the desktop entry, and the Containerfile's runtime libraries."""
import configparser
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET

from packagingtest import Checks, check_config, parse_args, run

args = parse_args()
t = Checks("packaging_debs")
work = tempfile.mkdtemp(prefix="crosslogic-debs-")
arch = run(["dpkg", "--print-architecture"]).stdout.strip()
with open(os.path.join(args.build_dir, "CMakeCache.txt"), encoding="utf-8") as f:
    with_console = "CROSSLOGIC_BUILD_CONSOLE:BOOL=ON" in f.read()
grace = int(dict(check_config(args.crosslogicd))["SHUTDOWN_GRACE_SECONDS"])

# ---- build ----
out_dir = os.path.join(work, "out")
run(["cpack", "-G", "DEB", "--config", os.path.join(args.build_dir, "CPackConfig.cmake"), "-B", out_dir],
    cwd=args.build_dir)
packages = ["crosslogic-control-plane", "crosslogic-node-agent"] + (["crosslogic-console"] if with_console else [])
debs = {}
for pkg in packages:
    path = os.path.join(out_dir, f"{pkg}_{args.version}-1_{arch}.deb")
    if t.check(os.path.isfile(path), f"cpack produced {os.path.basename(path)}"):
        debs[pkg] = path
t.equal(sorted(f for f in os.listdir(out_dir) if f.endswith(".deb")), sorted(os.path.basename(d) for d in debs.values()),
        "cpack produced exactly the expected packages")


def field(deb, name):
    return run(["dpkg-deb", "-f", deb, name]).stdout.strip()


def depends(deb):
    """Depends as {package: version constraint or ''}; alternatives are not used by these packages."""
    result = {}
    for item in filter(None, (s.strip() for s in field(deb, "Depends").split(","))):
        m = re.match(r"^([a-z0-9][a-z0-9+.-]+)(?:\s*\((.+)\))?$", item)
        if t.check(m is not None, f"Depends item {item!r} is well formed"):
            result[m.group(1)] = m.group(2) or ""
    return result


def contents(deb):
    """{path: (mode string, owner/group)} from dpkg-deb -c."""
    files = {}
    for line in run(["dpkg-deb", "-c", deb]).stdout.splitlines():
        parts = line.split(None, 5)
        files[parts[5].split(" -> ")[0].lstrip(".")] = (parts[0], parts[1])
    return files


# ---- control fields and dependencies ----
expected_depends = {
    "crosslogic-control-plane": ["libqt6core6", "libqt6network6", "libqt6sql6", "libqt6sql6-psql", "libhiredis0.14",
                                 "libhttp-parser2.9", "adduser"],
    "crosslogic-node-agent": ["libqt6core6", "adduser"],
    "crosslogic-console": ["libqt6widgets6", "qt6-qpa-plugins"],
}
all_depends = {}
for pkg, deb in debs.items():
    t.equal(field(deb, "Package"), pkg, f"{pkg}: Package")
    t.equal(field(deb, "Version"), f"{args.version}-1", f"{pkg}: Version")
    t.equal(field(deb, "Architecture"), arch, f"{pkg}: Architecture")
    t.check("@" in field(deb, "Maintainer"), f"{pkg}: Maintainer has an address")
    description = field(deb, "Description").splitlines()
    t.check(len(description) >= 2 and len(description[0]) <= 80, f"{pkg}: Description has a synopsis and a body")
    deps = depends(deb)
    all_depends[pkg] = deps
    for name in expected_depends[pkg]:
        t.check(name in deps, f"{pkg}: Depends on {name} (has {sorted(deps)})")
    t.check(any(d.startswith("libspdlog") for d in deps) or pkg != "crosslogic-control-plane",
            f"{pkg}: Depends on spdlog's runtime library")
    # Every dependency names a real Debian package (here: installed, since the binaries were built against them).
    for name in deps:
        known = subprocess.run(["dpkg-query", "-W", name], capture_output=True).returncode == 0
        t.check(known, f"{pkg}: dependency {name} is a known, installed Debian package")

# ---- files and modes ----
expected_files = {
    "crosslogic-control-plane": {
        "/usr/bin/crosslogicd": "-rwxr-xr-x", "/usr/bin/crosslogic-backup": "-rwxr-xr-x",
        "/usr/bin/crosslogic-restore": "-rwxr-xr-x",
        "/etc/crosslogic/.env": "-rw-r-----", "/etc/crosslogic/backup.env": "-rw-r-----",
        "/lib/systemd/system/crosslogic-control-plane.service": "-rw-r--r--",
        "/lib/systemd/system/crosslogic-migrate.service": "-rw-r--r--",
        "/lib/systemd/system/crosslogic-backup.service": "-rw-r--r--",
        "/lib/systemd/system/crosslogic-backup.timer": "-rw-r--r--",
        "/usr/lib/sysusers.d/crosslogic.conf": "-rw-r--r--",
        "/usr/share/doc/crosslogic-control-plane/operations.md": "-rw-r--r--",
    },
    "crosslogic-node-agent": {
        "/usr/bin/crosslogic-node-agent": "-rwxr-xr-x", "/etc/crosslogic/node-agent.env": "-rw-r-----",
        "/lib/systemd/system/node-agent.service": "-rw-r--r--",
        "/usr/lib/sysusers.d/crosslogic-node-agent.conf": "-rw-r--r--",
        "/usr/share/doc/crosslogic-node-agent/operations.md": "-rw-r--r--",
    },
    "crosslogic-console": {
        "/usr/bin/crosslogic-console": "-rwxr-xr-x",
        "/usr/share/applications/crosslogic-console.desktop": "-rw-r--r--",
        "/usr/share/icons/hicolor/scalable/apps/crosslogic.svg": "-rw-r--r--",
    },
}
owners = {}
for pkg, deb in debs.items():
    files = contents(deb)
    for path, mode in expected_files[pkg].items():
        if t.check(path in files, f"{pkg} ships {path}"):
            t.equal(files[path][0], mode, f"{pkg}: mode of {path}")
            t.equal(files[path][1], "root/root", f"{pkg}: owner of {path}")
    for path, (mode, _) in files.items():
        if not mode.startswith("d"):
            t.check(path in expected_files[pkg], f"{pkg}: unexpected file {path}")
            t.check(path not in owners, f"{path} is shipped by both {owners.get(path)} and {pkg} (dpkg would refuse)")
            owners[path] = pkg

# ---- control archive: conffiles and maintainer scripts ----
expected_conffiles = {
    "crosslogic-control-plane": ["/etc/crosslogic/.env", "/etc/crosslogic/backup.env"],
    "crosslogic-node-agent": ["/etc/crosslogic/node-agent.env"],
    "crosslogic-console": [],
}
control_dirs = {}
for pkg, deb in debs.items():
    control = os.path.join(work, "control", pkg)
    os.makedirs(os.path.dirname(control), exist_ok=True)
    run(["dpkg-deb", "-e", deb, control])
    control_dirs[pkg] = control
    conffiles_path = os.path.join(control, "conffiles")
    conffiles = open(conffiles_path).read().split() if os.path.exists(conffiles_path) else []
    t.equal(conffiles, expected_conffiles[pkg], f"{pkg}: conffiles")
    for script in ("postinst", "prerm", "postrm"):
        path = os.path.join(control, script)
        if pkg == "crosslogic-console":
            t.check(not os.path.exists(path), f"{pkg} needs no {script}")
            continue
        if not t.check(os.path.exists(path), f"{pkg} has a {script}"):
            continue
        t.check(os.stat(path).st_mode & 0o777 == 0o755, f"{pkg}: {script} is mode 0755")
        t.check(open(path).readline().startswith("#!/bin/sh"), f"{pkg}: {script} is a /bin/sh script")
        t.equal(subprocess.run(["sh", "-n", path]).returncode, 0, f"{pkg}: {script} parses (sh -n)")
        if shutil.which("shellcheck"):
            sc = subprocess.run(["shellcheck", "-s", "sh", path], capture_output=True, text=True)
            t.check(sc.returncode == 0, f"{pkg}: {script} is shellcheck-clean:\n{sc.stdout}")


def run_postinst(control, *argv):
    """Runs a postinst with every external command stubbed; returns (exit code, recorded calls)."""
    stubs = tempfile.mkdtemp(dir=work)
    log = os.path.join(stubs, "calls.log")
    behaviour = {"getent": "exit 2", "dpkg-statoverride": "exit 1"}
    for cmd in ("getent", "adduser", "dpkg-statoverride", "chown", "chmod", "deb-systemd-helper", "systemctl"):
        with open(os.path.join(stubs, cmd), "w") as f:
            f.write(f'#!/bin/sh\necho "{cmd} $*" >> "{log}"\n{behaviour.get(cmd, "exit 0")}\n')
        os.chmod(os.path.join(stubs, cmd), 0o755)
    result = subprocess.run(["/bin/sh", os.path.join(control, "postinst"), *argv], env={"PATH": stubs},
                            capture_output=True, text=True)
    calls = open(log).read().splitlines() if os.path.exists(log) else []
    return result.returncode, calls


units_of = {"crosslogic-control-plane": ["crosslogic-control-plane.service", "crosslogic-migrate.service",
                                         "crosslogic-backup.service", "crosslogic-backup.timer"],
            "crosslogic-node-agent": ["node-agent.service"]}
for pkg, units in units_of.items():
    if pkg not in control_dirs:
        continue
    code, calls = run_postinst(control_dirs[pkg], "configure")
    t.equal(code, 0, f"{pkg}: postinst configure succeeds")
    adduser = [c for c in calls if c.startswith("adduser ")]
    t.check(len(adduser) == 1 and "--system" in adduser[0] and adduser[0].endswith(" crosslogic"),
            f"{pkg}: postinst creates the crosslogic system user when it is missing ({adduser})")
    for unit in units:
        t.check(f"deb-systemd-helper update-state {unit}" in calls, f"{pkg}: postinst records {unit} for purge")
        t.check(f"deb-systemd-helper enable {unit}" not in calls, f"{pkg}: postinst does not enable {unit} unconfigured")
    code, _ = run_postinst(control_dirs[pkg], "bogus")
    t.equal(code, 1, f"{pkg}: postinst rejects an unknown action")

# ---- extracted tree: binaries run from it ----
root = os.path.join(work, "root")
for deb in debs.values():
    run(["dpkg-deb", "-x", deb, root])
for binary in ("crosslogicd", "crosslogic-node-agent"):
    result = run([os.path.join(root, "usr/bin", binary), "--version"], check=False)
    t.check(result.returncode == 0 and args.version in result.stdout,
            f"installed {binary} --version runs and prints {args.version} (got {result.returncode}: {result.stdout!r})")
result = run([os.path.join(root, "usr/bin/crosslogic-backup"), "--help"], check=False)
t.check(result.returncode == 0 and "pg_dump" in result.stdout, "installed crosslogic-backup --help works")
result = run([os.path.join(root, "usr/bin/crosslogic-restore"), "--help"], check=False)
t.check(result.returncode == 0 and "--force" in result.stdout, "installed crosslogic-restore --help works")

# ---- systemd units ----
unit_dir = os.path.join(root, "lib/systemd/system")
our_units = sorted(os.listdir(unit_dir))
KNOWN_SECTIONS = {"Unit", "Service", "Timer", "Install"}
MULTI_KEYS = {"SystemCallFilter", "EnvironmentFile", "Environment", "ReadWritePaths", "Documentation", "After",
              "Wants", "ExecStartPre", "StateDirectory"}


def parse_unit(path):
    """Strict unit parser: sections known, every line `Key=value`, no key repeated unless systemd accumulates it."""
    sections, current = {}, None
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith(("#", ";")):
            continue
        m = re.match(r"^\[(\w+)\]$", line)
        if m:
            current = m.group(1)
            t.check(current in KNOWN_SECTIONS and current not in sections, f"{path}:{n}: section [{current}]")
            sections[current] = {}
            continue
        m = re.match(r"^([A-Za-z]+)=(.*)$", line)
        if not t.check(m is not None and current is not None, f"{path}:{n}: expected Key=value, got {line!r}"):
            continue
        key, value = m.groups()
        t.check(key not in sections[current] or key in MULTI_KEYS, f"{path}:{n}: {key} repeated")
        t.check(not re.search(r"@[A-Z_]+@", value), f"{path}:{n}: unsubstituted @VAR@ in {value!r}")
        sections[current].setdefault(key, []).append(value)
    return sections


units = {name: parse_unit(os.path.join(unit_dir, name)) for name in our_units}
t.equal(our_units, sorted(sum(units_of.values(), [])) if set(units_of) <= set(debs) else our_units, "unit files")


def one(unit, section, key):
    return units.get(unit, {}).get(section, {}).get(key, [None])[-1]


for name, unit in units.items():
    t.check("Description" in unit.get("Unit", {}), f"{name}: has a Description")
    if not name.endswith(".service"):
        continue
    service = unit.get("Service", {})
    exec_start = one(name, "Service", "ExecStart") or ""
    binary = exec_start.split()[0] if exec_start else ""
    t.check(binary.startswith("/") and os.access(os.path.join(root, binary.lstrip("/")), os.X_OK),
            f"{name}: ExecStart binary {binary} is shipped and executable")
    t.equal(one(name, "Service", "User"), "crosslogic", f"{name}: runs as the crosslogic user")
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                       "PrivateTmp": "yes", "RestrictSUIDSGID": "yes", "CapabilityBoundingSet": ""}.items():
        t.equal(one(name, "Service", key), value, f"{name}: {key}")
for name in ("crosslogic-control-plane.service", "node-agent.service"):
    if name not in units:
        continue
    t.equal(one(name, "Service", "Restart"), "on-failure", f"{name}: Restart")
    stop = one(name, "Service", "TimeoutStopSec") or "0"
    t.check(stop.isdigit() and int(stop) > grace,
            f"{name}: TimeoutStopSec ({stop}) exceeds the daemon's SHUTDOWN_GRACE_SECONDS ({grace})")
    t.equal(one(name, "Install", "WantedBy"), "multi-user.target", f"{name}: WantedBy")
if "crosslogic-control-plane.service" in units:
    cp = "crosslogic-control-plane.service"
    t.equal(one(cp, "Service", "ExecReload"), "/bin/kill -HUP $MAINPID", f"{cp}: ExecReload sends SIGHUP")
    t.check("--env-file /etc/crosslogic/.env" in one(cp, "Service", "ExecStart"), f"{cp}: reads /etc/crosslogic/.env")
    t.check("/var/lib/crosslogic" in (one(cp, "Service", "ReadWritePaths") or ""), f"{cp}: state dir writable")
    t.equal(one("crosslogic-migrate.service", "Service", "Type"), "oneshot", "migrate unit is a oneshot")
    t.check(" migrate " in one("crosslogic-migrate.service", "Service", "ExecStart") + " ", "migrate unit runs `migrate`")
    t.equal(one("crosslogic-backup.timer", "Timer", "Unit"), "crosslogic-backup.service", "timer starts the backup")
    t.check(one("crosslogic-backup.timer", "Timer", "OnCalendar") is not None, "timer has a schedule")
if "node-agent.service" in units:
    t.equal(one("node-agent.service", "Service", "StateDirectory"), "node-agent", "node agent state in /var/lib/node-agent")
    t.equal(one("node-agent.service", "Service", "EnvironmentFile"), "-/etc/crosslogic/node-agent.env",
            "node agent reads /etc/crosslogic/node-agent.env")

analyze = shutil.which("systemd-analyze")
if analyze:
    # verify resolves dependencies and ExecStart paths inside --root: give it the system's units and /bin/kill.
    subprocess.run(["cp", "-rn", "/lib/systemd/system/.", unit_dir + "/"], check=False)
    os.makedirs(os.path.join(root, "bin"), exist_ok=True)
    shutil.copy("/bin/kill", os.path.join(root, "bin/kill"))
    result = run([analyze, "verify", "--man=no", f"--root={root}"] + [os.path.join(unit_dir, u) for u in our_units],
                 check=False)
    # verify exits 0 on unknown keys and bad values; any diagnostic at all is a failure here.
    t.check(result.returncode == 0 and not result.stderr.strip() and not result.stdout.strip(),
            f"systemd-analyze verify is silent on every unit:\n{result.stdout}{result.stderr}")
else:
    print("note: systemd-analyze not installed; units were checked with the strict parser only")

# ---- desktop entry and icon ----
if "crosslogic-console" in debs:
    desktop = configparser.ConfigParser(interpolation=None, strict=True)
    desktop.optionxform = str
    desktop.read(os.path.join(root, "usr/share/applications/crosslogic-console.desktop"), encoding="utf-8")
    entry = desktop["Desktop Entry"] if desktop.has_section("Desktop Entry") else {}
    t.equal(entry.get("Type"), "Application", "desktop entry Type")
    t.check(bool(entry.get("Name")) and bool(entry.get("Comment")), "desktop entry has Name and Comment")
    exec_cmd = (entry.get("Exec") or "").split()
    t.check(bool(exec_cmd) and os.path.exists(os.path.join(root, "usr/bin", exec_cmd[0])),
            f"desktop entry Exec {exec_cmd} is the shipped binary")
    icon = entry.get("Icon", "")
    icon_path = os.path.join(root, "usr/share/icons/hicolor/scalable/apps", icon + ".svg")
    if t.check(os.path.exists(icon_path), f"desktop entry Icon={icon} is shipped as a scalable icon"):
        t.check(ET.parse(icon_path).getroot().tag.endswith("svg"), "icon is an SVG document")
    t.check((entry.get("Categories") or "").endswith(";"), "desktop entry Categories ends with ';'")
    if shutil.which("desktop-file-validate"):
        result = run(["desktop-file-validate", os.path.join(root, "usr/share/applications/crosslogic-console.desktop")],
                     check=False)
        t.check(result.returncode == 0 and not result.stdout.strip(), f"desktop-file-validate: {result.stdout}")

# ---- Containerfile: the runtime image installs every library the control-plane package depends on ----
containerfile = os.path.join(args.source_dir, "packaging/container/Containerfile")
text = open(containerfile, encoding="utf-8").read()
stages = re.findall(r"^FROM\s+(\S+)\s+AS\s+(\S+)", text, re.M)
t.check(all(image.startswith("debian:12") for image, _ in stages), f"every stage is Debian 12 ({stages})")
t.equal([name for _, name in stages], ["build", "backup", "runtime"], "stages (runtime last, the default target)")
runtime = text.split("AS runtime", 1)[-1]
install = re.search(r"apt-get install ([^&]*)&&", runtime.replace("\\\n", " "))
runtime_packages = set(re.findall(r"(?<!\S)([a-z0-9][a-z0-9+.-]+)(?!\S)", install.group(1))) if install else set()
base = {"libc6", "libgcc-s1", "libstdc++6", "adduser", "init-system-helpers"}
missing = sorted(set(all_depends.get("crosslogic-control-plane", {})) - base - runtime_packages)
t.equal(missing, [], "runtime image lacks these control-plane Depends")
t.check("--no-install-recommends" in install.group(1) if install else False, "runtime installs without recommends")
t.check(re.search(r"^USER\s+(?!0|root)\S+", runtime, re.M) is not None, "runtime stage runs as non-root")
t.check("COPY --from=build /out/usr/bin/crosslogicd" in runtime, "runtime copies only the built crosslogicd")
t.check("install-deps.sh" in text and "scripts/build.sh" in text, "build stage uses the project's scripts")
backup_stage = text.split("AS backup", 1)[-1].split("AS runtime", 1)[0]
t.check("postgresql-client" in backup_stage and "awscli" in backup_stage, "backup image has pg_dump and aws")

shutil.rmtree(work, ignore_errors=True)
t.finish()
