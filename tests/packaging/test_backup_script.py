"""scripts/backup.sh behaviour: a readable pg_dump archive with a timestamped name, env files, retention by count and
by age, S3 upload only when asked (and then a missing or failing aws CLI is an error), clean failure, one at a time."""
import fcntl
import os
import re
import subprocess
import tempfile
import time

from packagingtest import SYSTEM_PATH, Checks, ScratchDatabases, parse_args, psql

args = parse_args()
t = Checks("packaging_backup_script")
dbs = ScratchDatabases("pkgbackup")
backup = os.path.join(args.source_dir, "scripts/backup.sh")
work = tempfile.mkdtemp(prefix="crosslogic-backup-")
NAME = re.compile(r"^crosslogic-\d{8}T\d{6}Z(_\d+)?\.dump$")


def run_backup(*argv, env=None, path=SYSTEM_PATH):
    e = {"PATH": path, "HOME": work}
    e.update(env or {})
    r = subprocess.run(["bash", backup, *argv], capture_output=True, text=True, env=e)
    return r.returncode, r.stdout.strip(), r.stderr


def dumps(directory):
    return sorted(f for f in os.listdir(directory) if f.endswith(".dump"))


try:
    url = dbs.create("src")
    psql(url, "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 500) g")
    out = os.path.join(work, "plain")

    # Plain backup, aws deliberately absent from PATH and not requested.
    aws_absent = subprocess.run(["sh", "-c", "command -v aws"], env={"PATH": SYSTEM_PATH}).returncode != 0
    code, path, err = run_backup(env={"DATABASE_URL": url, "BACKUP_DIR": out})
    t.equal(code, 0, f"backup succeeds without S3 (aws on PATH: {not aws_absent}): {err}")
    t.check(NAME.match(os.path.basename(path)) is not None, f"dump name is timestamped: {path}")
    t.equal(os.path.dirname(path), out, "dump is written to BACKUP_DIR")
    listing = subprocess.run(["pg_restore", "--list", path], capture_output=True, text=True)
    t.check(listing.returncode == 0 and "TABLE DATA public t" in listing.stdout, "dump is a custom-format archive with t")
    t.equal(os.stat(path).st_mode & 0o777, 0o600, "dump is readable by its owner only")
    t.equal([f for f in os.listdir(out) if f.endswith(".partial")], [], "no partial file is left behind")

    # S3 requested but no aws CLI: refuse before dumping, so a misconfiguration is not a silent success.
    before = dumps(out)
    if aws_absent:
        code, _, err = run_backup(env={"DATABASE_URL": url, "BACKUP_DIR": out, "BACKUP_S3_URI": "s3://bucket/pg"})
        t.equal(code, 2, "S3 requested without aws CLI fails")
        t.check("aws" in err, f"the error names the aws CLI: {err.strip()}")
        t.equal(dumps(out), before, "no dump was written")
    else:
        print("note: an aws CLI is installed in the system PATH; the 'aws missing' case was not exercised")

    # S3 with a fake aws that records its arguments.
    n0 = len(dumps(out))
    fakebin = os.path.join(work, "fakebin")
    os.makedirs(fakebin)
    record = os.path.join(work, "aws.args")
    with open(os.path.join(fakebin, "aws"), "w") as f:
        f.write(f'#!/bin/sh\necho "$@" >> "{record}"\n[ -z "$AWS_FAIL" ]\n')
    os.chmod(os.path.join(fakebin, "aws"), 0o755)
    code, path, err = run_backup("--s3-uri", "s3://bucket/pg/", env={"DATABASE_URL": url, "BACKUP_DIR": out},
                                 path=fakebin + ":" + SYSTEM_PATH)
    t.equal(code, 0, f"backup with S3 upload succeeds: {err}")
    uploaded = open(record).read().split() if os.path.exists(record) else []
    t.equal(uploaded, ["s3", "cp", "--only-show-errors", path, "s3://bucket/pg/" + os.path.basename(path)],
            "aws s3 cp uploads the new dump under the prefix")
    code, path, err = run_backup(env={"DATABASE_URL": url, "BACKUP_DIR": out, "BACKUP_S3_URI": "s3://bucket/pg",
                                      "AWS_FAIL": "1"}, path=fakebin + ":" + SYSTEM_PATH)
    t.equal(code, 1, "a failed upload fails the backup")
    t.equal(len(dumps(out)), n0 + 2, "the local dump of a failed upload is kept")

    # Env files, parsed like crosslogicd's (export, quotes, comments); an absent second file is fine.
    envfile = os.path.join(work, "test.env")
    with open(envfile, "w") as f:
        f.write(f'# comment\nexport DATABASE_URL="{url}"\nBACKUP_DIR={os.path.join(work, "fromfile")}  # inline\n'
                "BACKUP_S3_URI=\n")
    code, path, err = run_backup("--env-file", envfile, "--env-file", os.path.join(work, "absent.env"))
    t.equal(code, 0, f"settings from --env-file: {err}")
    t.equal(os.path.dirname(path), os.path.join(work, "fromfile"), "BACKUP_DIR from the env file")

    # Retention by count: the newest N stay.
    rc = os.path.join(work, "count")
    made = [run_backup("--keep-count", "2", env={"DATABASE_URL": url, "BACKUP_DIR": rc})[1] for _ in range(4)]
    t.check(all(made), "four backups with keep-count 2 succeed")
    t.equal(dumps(rc), sorted(os.path.basename(p) for p in made[-2:]), "keep-count 2 keeps the two newest dumps")

    # Retention by age: older than N days goes, younger stays, and the new one is never removed.
    ra = os.path.join(work, "age")
    os.makedirs(ra)
    old, young = os.path.join(ra, "crosslogic-20000101T000000Z.dump"), os.path.join(ra, "crosslogic-20000102T000000Z.dump")
    for p, days in ((old, 10), (young, 3)):
        open(p, "w").close()
        os.utime(p, (time.time() - days * 86400, time.time() - days * 86400))
    code, path, err = run_backup(env={"DATABASE_URL": url, "BACKUP_DIR": ra, "BACKUP_KEEP_COUNT": "0",
                                      "BACKUP_KEEP_DAYS": "7"})
    t.equal(code, 0, f"backup with age retention: {err}")
    t.equal(dumps(ra), sorted([os.path.basename(young), os.path.basename(path)]), "keep-days 7 removes the 10-day-old dump")

    # Failures: no DATABASE_URL, bad settings, unreachable database (nothing left behind), a concurrent run.
    code, _, err = run_backup(env={"BACKUP_DIR": out})
    t.equal(code, 2, "missing DATABASE_URL is a configuration error")
    code, _, _ = run_backup(env={"DATABASE_URL": url, "BACKUP_DIR": out, "BACKUP_KEEP_COUNT": "many"})
    t.equal(code, 2, "non-numeric BACKUP_KEEP_COUNT is rejected")
    bad = os.path.join(work, "bad")
    code, _, err = run_backup(env={"DATABASE_URL": dbs.url(dbs.prefix + "_nonexistent"), "BACKUP_DIR": bad})
    t.equal(code, 1, "an unreachable database fails the backup")
    t.equal(os.listdir(bad), [".backup.lock"], "a failed dump leaves no file but the lock")
    lock = open(os.path.join(out, ".backup.lock"), "w")
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    code, _, err = run_backup(env={"DATABASE_URL": url, "BACKUP_DIR": out})
    t.equal(code, 3, "a second backup into the same directory refuses to run concurrently")
    lock.close()
finally:
    dbs.drop_all()
    subprocess.run(["rm", "-rf", work])

t.finish()
