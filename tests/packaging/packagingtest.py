"""Shared helpers of the packaging tests: arguments, failures with context, env-file parsing, check-config."""
import argparse
import os
import re
import shutil
import subprocess
import sys

SKIP = 77  # CTest SKIP_RETURN_CODE

# The three variables crosslogicd refuses to start without; enough for `check-config` and `migrate`.
REQUIRED_FOR_CHECK = {
    "DATABASE_URL": "postgres://u@127.0.0.1:1/crosslogic",
    "REDIS_URL": "redis://127.0.0.1:1",
    "ADMIN_API_TOKEN": "0123456789abcdef0123",
}


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--source-dir", required=True)
    p.add_argument("--build-dir", required=True)
    p.add_argument("--crosslogicd", required=True)
    p.add_argument("--version", required=True)
    return p.parse_args()


class Checks:
    """Collects every failed expectation so one run reports all of them, then exits non-zero."""

    def __init__(self, name):
        self.name = name
        self.failures = []
        self.passed = 0

    def check(self, condition, message):
        if condition:
            self.passed += 1
        else:
            self.failures.append(message)
            print(f"FAIL: {message}", flush=True)
        return condition

    def equal(self, actual, expected, message):
        return self.check(actual == expected, f"{message}: expected {expected!r}, got {actual!r}")

    def finish(self):
        if self.failures:
            print(f"{self.name}: {len(self.failures)} failure(s), {self.passed} check(s) passed")
            sys.exit(1)
        print(f"{self.name}: all {self.passed} checks passed")
        sys.exit(0)


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def run(cmd, check=True, **kw):
    """Runs a command, returning CompletedProcess (text); on unexpected failure prints its output."""
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if check and result.returncode != 0:
        print(f"command failed ({result.returncode}): {' '.join(map(str, cmd))}\n"
              f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        raise SystemExit(1)
    return result


ENV_LINE = re.compile(r"^(#?)([A-Z][A-Z0-9_]*)=(.*)$")


def parse_env_template(path):
    """Returns [(name, value, active)] for `NAME=value` (active) and `#NAME=value` (documented default) lines."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = ENV_LINE.match(line.rstrip("\n"))
            if m:
                entries.append((m.group(2), m.group(3), m.group(1) == ""))
    return entries


def check_config(crosslogicd, extra_env=None):
    """Runs `crosslogicd check-config` with only the required variables set; returns [(name, value)] in order."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME")}
    env.update(REQUIRED_FOR_CHECK)
    env.update(extra_env or {})
    out = run([crosslogicd, "check-config", "--env-file", "/dev/null"], env=env).stdout
    return [(m.group(1), m.group(2)) for m in map(CHECK_LINE.match, out.splitlines()) if m]


CHECK_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def required_variables(crosslogicd):
    """The variables without a default, as the daemon itself reports them when nothing is set."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME")}
    result = run([crosslogicd, "check-config", "--env-file", "/dev/null"], check=False, env=env)
    return re.findall(r"\b([A-Z][A-Z0-9_]*) is missing", result.stdout + result.stderr)


class ScratchDatabases:
    """Creates databases named after this process in the test cluster (CROSSLOGIC_TEST_PG_URL) and drops them."""

    def __init__(self, prefix):
        self.admin_url = os.environ.get("CROSSLOGIC_TEST_PG_URL", "")
        if not self.admin_url:
            skip("CROSSLOGIC_TEST_PG_URL is not set (scripts/test.sh exports it after scripts/services.sh start)")
        if not shutil.which("psql") or not shutil.which("pg_dump"):
            skip("psql/pg_dump not installed (postgresql-client)")
        probe = run(["psql", "-X", "-tAq", "-d", self.admin_url, "-c", "SELECT 1"], check=False)
        if probe.returncode != 0:
            skip(f"PostgreSQL at {self.admin_url} is not reachable: {probe.stderr.strip()}")
        self.prefix = f"{prefix}_{os.getpid()}"
        self.created = []

    def url(self, name):
        base = self.admin_url.split("?", 1)[0].rsplit("/", 1)[0]
        return f"{base}/{name}"

    def create(self, suffix):
        name = f"{self.prefix}_{suffix}"
        psql(self.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        psql(self.admin_url, f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.url(name)

    def drop_all(self):
        for name in self.created:
            run(["psql", "-X", "-tAq", "-d", self.admin_url, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                check=False)


def psql(url, sql):
    """Runs SQL, returns the unaligned, tuples-only output stripped."""
    return run(["psql", "-X", "-tAq", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]).stdout.strip()


SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"
