#!/usr/bin/env bash
# Restores a CrossLogic backup (pg_dump custom format, from scripts/backup.sh) into a target PostgreSQL database.
#   scripts/restore.sh [--force] [--jobs N] DUMP TARGET_DATABASE_URL
#     DUMP                 a local .dump file, or s3://bucket/prefix/crosslogic-….dump (downloaded with the aws CLI)
#     TARGET_DATABASE_URL  postgres://user:password@host:port/dbname; the database must exist (createdb it first)
#     --force              restore into a database that already has tables: objects in the dump are dropped and
#                          recreated (pg_restore --clean --if-exists); tables not in the dump are left alone
#     --jobs N             parallel restore (faster for big dumps, but not in one transaction)
# Installed as /usr/bin/crosslogic-restore.
#
# By default the restore runs in a single transaction: it either fully succeeds or leaves the target untouched.
# Objects are restored without their original owner and grants (--no-owner --no-privileges), so the target
# can belong to a different role than the source; they end up owned by the user in TARGET_DATABASE_URL.
# Stop every crosslogicd that uses the target (or point them elsewhere) before restoring into it.
# Exit status: 0 ok, 1 restore failed, 2 usage error or the target is not empty (without --force).
set -euo pipefail

log() { echo "restore: $*" >&2; }
die() { local code="$1"; shift; log "$*"; exit "$code"; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

force=0 jobs=1 positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1; shift ;;
    --jobs) jobs="${2:?--jobs needs a number}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; positional+=("$@"); break ;;
    -*) die 2 "unknown option '$1' (see --help)" ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ "${#positional[@]}" -eq 2 ] || { usage >&2; exit 2; }
dump="${positional[0]}" target="${positional[1]}"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die 2 "--jobs must be a positive integer"
[[ "$target" == postgres://* || "$target" == postgresql://* ]] || die 2 "TARGET_DATABASE_URL must be a postgres:// URL"
command -v pg_restore >/dev/null 2>&1 || die 2 "pg_restore not found (apt install postgresql-client)"

tmp=""
trap '[ -z "$tmp" ] || rm -rf "$tmp"' EXIT
if [[ "$dump" == s3://* ]]; then
  command -v aws >/dev/null 2>&1 || die 2 "$dump is in S3 but the aws CLI is not installed (apt install awscli)"
  tmp="$(mktemp -d)"
  log "downloading $dump"
  aws s3 cp --only-show-errors "$dump" "$tmp/" || die 1 "download of $dump failed"
  dump="$tmp/${dump##*/}"
fi
[ -r "$dump" ] || die 2 "cannot read $dump"
pg_restore --list "$dump" >/dev/null 2>&1 || die 2 "$dump is not a pg_dump custom-format archive"

psql_target() { psql --no-psqlrc --no-password --quiet --tuples-only --no-align --set ON_ERROR_STOP=1 --dbname="$target" "$@"; }
objects="$(psql_target --command "
  SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")" \
  || die 1 "cannot connect to the target database"
args=(--no-owner --no-privileges --exit-on-error --no-password --dbname="$target")
if [ "$objects" -gt 0 ]; then
  [ "$force" -eq 1 ] || die 2 "target database is not empty ($objects tables, views or sequences); use --force to replace them"
  log "target has $objects objects: --force given, objects in the dump are dropped and recreated"
  args+=(--clean --if-exists)
fi
if [ "$jobs" -gt 1 ]; then
  args+=(--jobs="$jobs")
else
  args+=(--single-transaction)
fi

log "restoring $dump"
started=$SECONDS
if ! pg_restore "${args[@]}" "$dump"; then
  [ "$jobs" -gt 1 ] && die 1 "pg_restore failed (parallel restore: the target may be partly restored)"
  die 1 "pg_restore failed (single transaction: the target is unchanged)"
fi
# pg_restore does not carry planner statistics; without them the first queries can pick bad plans.
psql_target --command "ANALYZE" >/dev/null || log "warning: ANALYZE failed"
tables="$(psql_target --command "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")"
log "restored $tables tables in $((SECONDS - started)) s"
