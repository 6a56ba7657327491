"""Backup under write traffic, restore into an empty database, and compare, table by table.

What is asserted, precisely:
  1. While a writer commits transactions that each insert one row into usage_records, request_logs and audit_log,
     scripts/backup.sh produces an archive; the writer demonstrably ran during the backup (source counts grew).
  2. The archive's own data (counted from pg_restore's COPY output) is one snapshot: for every table its row count
     lies between the source's count before the backup started and after it finished, and the three traffic tables
     hold the same number of traffic rows (a per-table, non-snapshot copy would tear those transactions apart).
  3. scripts/restore.sh into an empty database reproduces exactly the archive's row count for every table of the
     source schema, identical content for the tables traffic did not touch, an intact schema_migrations
     (crosslogicd migrate applies nothing) and working sequences.
  4. restore.sh refuses a non-empty target without --force, leaving it unchanged; with --force it replaces it."""
import os
import re
import subprocess
import tempfile
import threading
import time

from packagingtest import Checks, ScratchDatabases, parse_args, psql, run

args = parse_args()
t = Checks("packaging_backup_restore")
dbs = ScratchDatabases("pkgrestore")
scripts = os.path.join(args.source_dir, "scripts")
work = tempfile.mkdtemp(prefix="crosslogic-restore-")
TRAFFIC_TABLES = ("usage_records", "request_logs", "audit_log")
DAEMON_ENV = {"REDIS_URL": "redis://127.0.0.1:1", "ADMIN_API_TOKEN": "0123456789abcdef0123"}


def migrate(url):
    env = dict(os.environ, DATABASE_URL=url, **DAEMON_ENV)
    return run([args.crosslogicd, "migrate", "--env-file", "/dev/null"], env=env).stdout


def tables(url):
    return psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split()


def counts(url, names):
    """Row counts of all tables in one statement, hence one snapshot."""
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM public.{n})" for n in names)
    return dict(zip(names, map(int, psql(url, sql).split("|"))))


def archive_counts(dump):
    """Rows per table in the archive itself: pg_restore prints each table's data as a COPY block."""
    sql = run(["pg_restore", "--data-only", "--file=-", dump]).stdout
    result, current = {}, None
    for line in sql.splitlines():
        if current is None:
            m = re.match(r"^COPY public\.(\w+) .* FROM stdin;$", line)
            if m:
                current = m.group(1)
                result[current] = 0
        elif line == "\\.":
            current = None
        else:
            result[current] += 1
    return result


def content_digest(url, table):
    return psql(url, f"SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM public.{table} x")


class Traffic(threading.Thread):
    """Commits one transaction at a time, each inserting one row into each traffic table, until stopped."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.proc = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url], stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.stop = threading.Event()
        self.sent = 0

    def run(self):
        while not self.stop.is_set():
            n = self.sent
            self.proc.stdin.write(
                "BEGIN;"
                f"INSERT INTO usage_records (request_id, tenant_id, model_name, prompt_tokens, completion_tokens,"
                f" total_tokens) VALUES ('traffic-{n}', '00000000-0000-0000-0000-000000000001', 'm', 3, 4, 7);"
                f"INSERT INTO request_logs (request_id, method, path, status_code) VALUES ('traffic-{n}', 'POST',"
                f" '/v1/chat/completions', 200);"
                f"INSERT INTO audit_log (token_name, role, action, result) VALUES ('traffic', 'sre', 'traffic-{n}', 'ok');"
                "COMMIT;\n")
            self.proc.stdin.flush()
            self.sent += 1
            time.sleep(0.002)

    def finish(self):
        self.stop.set()
        self.join()
        self.proc.stdin.close()
        code = self.proc.wait(timeout=30)
        t.equal(code, 0, f"traffic writer ran without errors: {self.proc.stderr.read().strip()}")


try:
    src = dbs.create("src")
    migrate(src)
    # A realistic spread of data across the schema, big enough that the dump takes a moment.
    psql(src, """
        INSERT INTO tenants (name, email) SELECT 'tenant ' || g, 't' || g || '@example.com' FROM generate_series(1, 50) g;
        INSERT INTO environments (tenant_id, name) SELECT id, 'production' FROM tenants;
        INSERT INTO api_keys (tenant_id, environment_id, name, key_hash, key_prefix)
            SELECT e.tenant_id, e.id, 'key', encode(sha256(e.id::text::bytea), 'hex'), 'sk-test-abcd' FROM environments e;
        INSERT INTO models (name, input_price_micros_per_mtok, output_price_micros_per_mtok)
            VALUES ('meta-llama/Llama-3.1-8B-Instruct', 50000, 80000), ('mistral-7b', 20000, 40000);
        INSERT INTO nodes (cluster_name, provider, status, model_name, launch_spec)
            SELECT 'cluster-' || g, 'aws', 'active', 'mistral-7b', jsonb_build_object('spot', g % 2 = 0)
            FROM generate_series(1, 8) g;
        INSERT INTO usage_records (request_id, tenant_id, model_name, prompt_tokens, completion_tokens, total_tokens)
            SELECT 'seed-' || g, (SELECT id FROM tenants ORDER BY name LIMIT 1), 'mistral-7b', g % 500, g % 300,
                   g % 500 + g % 300 FROM generate_series(1, 60000) g;
        INSERT INTO request_logs (request_id, method, path, status_code, prompt_tokens)
            SELECT 'seed-' || g, 'POST', '/v1/chat/completions', 200, g % 500 FROM generate_series(1, 60000) g;
        INSERT INTO billing_events (event_id, event_type, payload) VALUES ('evt_1', 'invoice.paid', '{"id": "evt_1"}');
        INSERT INTO admin_tokens (name, role, token_hash, token_prefix) VALUES ('ops', 'sre', repeat('a', 64), 'clat_aaaa');
        INSERT INTO audit_log (token_name, role, action, result) SELECT 'ops', 'sre', 'seed-' || g, 'ok'
            FROM generate_series(1, 1000) g;
    """)
    names = tables(src)
    t.check({"tenants", "usage_records", "schema_migrations"} <= set(names), f"source schema is migrated ({names})")
    seeded = counts(src, names)

    traffic = Traffic(src)
    traffic.start()
    deadline = time.time() + 10
    while counts(src, ["audit_log"])["audit_log"] < seeded["audit_log"] + 50 and time.time() < deadline:
        time.sleep(0.05)
    before = counts(src, names)
    backup = run(["bash", os.path.join(scripts, "backup.sh"), "--keep-count", "0", "--keep-days", "0"],
                 env=dict(os.environ, DATABASE_URL=src, BACKUP_DIR=os.path.join(work, "backups")))
    dump = backup.stdout.strip()
    after = counts(src, names)
    traffic.finish()
    final = counts(src, names)

    # 1. Traffic overlapped the backup.
    for table in TRAFFIC_TABLES:
        t.check(after[table] > before[table], f"{table} grew during the backup ({before[table]} -> {after[table]})")

    # 2. The archive is one consistent snapshot.
    archived = archive_counts(dump)
    t.equal(sorted(archived), sorted(names), "the archive holds data for every table of the source")
    for table in names:
        n = archived.get(table, -1)
        t.check(before[table] <= n <= after[table],
                f"{table}: archive has {n} rows, within [{before[table]}, {after[table]}] around the backup")
        if table not in TRAFFIC_TABLES:
            t.equal(n, final[table], f"{table} (no traffic): archive equals the source")
    traffic_rows = {table: archived.get(table, 0) - seeded[table] for table in TRAFFIC_TABLES}
    t.check(len(set(traffic_rows.values())) == 1 and traffic_rows["audit_log"] > 0,
            f"each traffic transaction is wholly in the snapshot or wholly out of it: {traffic_rows}")

    # 3. Restore into an empty database reproduces the archive.
    dst = dbs.create("dst")
    restored = run(["bash", os.path.join(scripts, "restore.sh"), dump, dst], check=False)
    t.equal(restored.returncode, 0, f"restore into an empty database succeeds: {restored.stderr.strip()}")
    t.equal(tables(dst), names, "restored database has the source's tables")
    got = counts(dst, names)
    for table in names:
        t.equal(got.get(table), archived.get(table), f"{table}: restored rows equal the archive's")
    for table in ("tenants", "environments", "api_keys", "models", "nodes", "billing_events", "admin_tokens"):
        t.equal(content_digest(dst, table), content_digest(src, table), f"{table}: restored content is identical")
    t.check("(0 migration(s) applied now)" in migrate(dst), "crosslogicd migrate finds the restored schema current")
    psql(dst, "INSERT INTO usage_records (request_id, tenant_id) VALUES ('after-restore', gen_random_uuid())")
    t.check(int(psql(dst, "SELECT id FROM usage_records WHERE request_id = 'after-restore'")) >
            int(psql(dst, "SELECT max(id) FROM usage_records WHERE request_id <> 'after-restore'")),
            "sequences were restored past the existing ids")

    # 4. A non-empty target needs --force; then it is replaced, not appended to.
    refused = run(["bash", os.path.join(scripts, "restore.sh"), dump, dst], check=False)
    t.equal(refused.returncode, 2, "restore into a non-empty database is refused")
    t.check("--force" in refused.stderr, f"the refusal says how to override: {refused.stderr.strip()}")
    t.equal(counts(dst, ["usage_records"])["usage_records"], archived["usage_records"] + 1, "refused target unchanged")
    forced = run(["bash", os.path.join(scripts, "restore.sh"), "--force", dump, dst], check=False)
    t.equal(forced.returncode, 0, f"restore --force succeeds: {forced.stderr.strip()}")
    got = counts(dst, names)
    for table in names:
        t.equal(got.get(table), archived.get(table), f"{table}: after --force the rows equal the archive's again")
    bad = run(["bash", os.path.join(scripts, "restore.sh"), os.path.join(work, "missing.dump"), dst], check=False)
    t.equal(bad.returncode, 2, "a missing dump file is a usage error")
finally:
    dbs.drop_all()
    subprocess.run(["rm", "-rf", work])

t.finish()
