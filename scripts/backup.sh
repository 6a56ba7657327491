#!/usr/bin/env bash
# Backs up the CrossLogic PostgreSQL database: pg_dump -Fc to a timestamped file, retention, optional S3 upload.
#   scripts/backup.sh [--env-file FILE]... [--dir DIR] [--keep-count N] [--keep-days N] [--s3-uri s3://bucket/prefix]
# Installed as /usr/bin/crosslogic-backup (crosslogic-backup.service runs it daily via crosslogic-backup.timer).
#
# Settings (options win over env files, env files win over the environment, like crosslogicd):
#   DATABASE_URL        postgres://user:password@host:port/crosslogic (required)
#   BACKUP_DIR          where dumps go (default /var/lib/crosslogic/backups)
#   BACKUP_KEEP_COUNT   keep at most N dumps, newest first (default 14; 0 = no limit)
#   BACKUP_KEEP_DAYS    delete dumps older than N days (default 30; 0 = no limit); the newest dump is always kept
#   BACKUP_S3_URI       if set, `aws s3 cp` each dump to this prefix; then a missing aws CLI is an error
# Output: the path of the new dump on stdout; progress on stderr.
# Exit status: 0 ok, 1 dump/upload failed, 2 usage or configuration error, 3 another backup is running.
# The dump is a consistent snapshot as of its start (pg_dump runs in one repeatable-read transaction), so it can
# run while the daemon serves traffic. Restore with scripts/restore.sh (crosslogic-restore).
set -euo pipefail

log() { echo "backup: $*" >&2; }
die() { local code="$1"; shift; log "$*"; exit "$code"; }

# Reads NAME=value lines (comments, `export`, quotes) without executing anything, like crosslogicd's parser.
load_env_file() {
  local file="$1" line key value
  [ -r "$file" ] || die 2 "cannot read env file $file"
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"
    [ -z "$line" ] || [ "${line:0:1}" = "#" ] && continue
    line="${line#export }"
    [[ "$line" == *=* ]] || die 2 "$file: expected NAME=value, got '${line:0:40}'"
    key="${line%%=*}"; value="${line#*=}"
    key="${key%"${key##*[![:space:]]}"}"
    value="${value#"${value%%[![:space:]]*}"}"; value="${value%"${value##*[![:space:]]}"}"
    [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die 2 "$file: invalid variable name '$key'"
    if [[ ${#value} -ge 2 && ( "$value" == \"*\" || "$value" == \'*\' ) ]]; then
      value="${value:1:${#value}-2}"
    elif [[ "$value" == *" #"* ]]; then
      value="${value%% #*}"; value="${value%"${value##*[![:space:]]}"}"
    fi
    # An empty line (e.g. `BACKUP_S3_URI=`) keeps the default, as in crosslogicd.
    [ -n "$value" ] && export "$key=$value"
  done <"$file"
  return 0
}

opt_dir="" opt_count="" opt_days="" opt_s3=""
while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) [ $# -ge 2 ] || die 2 "--env-file needs a path"
      # A second, optional file (backup.env) may be absent.
      if [ -e "$2" ]; then load_env_file "$2"; fi; shift 2 ;;
    --dir) opt_dir="${2:?--dir needs a directory}"; shift 2 ;;
    --keep-count) opt_count="${2:?--keep-count needs a number}"; shift 2 ;;
    --keep-days) opt_days="${2:?--keep-days needs a number}"; shift 2 ;;
    --s3-uri) opt_s3="${2:?--s3-uri needs s3://bucket/prefix}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die 2 "unknown argument '$1' (see --help)" ;;
  esac
done

DATABASE_URL="${DATABASE_URL:-}"
dir="${opt_dir:-${BACKUP_DIR:-/var/lib/crosslogic/backups}}"
keep_count="${opt_count:-${BACKUP_KEEP_COUNT:-14}}"
keep_days="${opt_days:-${BACKUP_KEEP_DAYS:-30}}"
s3_uri="${opt_s3:-${BACKUP_S3_URI:-}}"

[ -n "$DATABASE_URL" ] || die 2 "DATABASE_URL is not set (environment or --env-file)"
[[ "$keep_count" =~ ^[0-9]+$ ]] || die 2 "BACKUP_KEEP_COUNT must be a non-negative integer, got '$keep_count'"
[[ "$keep_days" =~ ^[0-9]+$ ]] || die 2 "BACKUP_KEEP_DAYS must be a non-negative integer, got '$keep_days'"
if [ -n "$s3_uri" ]; then
  [[ "$s3_uri" == s3://?* ]] || die 2 "BACKUP_S3_URI must start with s3://, got '$s3_uri'"
  command -v aws >/dev/null 2>&1 || die 2 "BACKUP_S3_URI is set but the aws CLI is not installed (apt install awscli)"
fi
command -v pg_dump >/dev/null 2>&1 || die 2 "pg_dump not found (apt install postgresql-client)"

mkdir -p "$dir"
umask 077
# One backup at a time per directory; a timer firing during a long dump must not start a second one.
exec 9>"$dir/.backup.lock"
flock -n 9 || die 3 "another backup is running in $dir"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
name="crosslogic-$stamp.dump"
# Two runs in the same second (tests, manual retries) get distinct names.
n=1
while [ -e "$dir/$name" ]; do name="crosslogic-${stamp}_$n.dump"; n=$((n + 1)); done
partial="$dir/.$name.partial"
trap 'rm -f "$partial"' EXIT

log "dumping to $dir/$name"
started=$SECONDS
pg_dump --format=custom --compress=6 --no-password --file="$partial" --dbname="$DATABASE_URL" \
  || die 1 "pg_dump failed"
# A dump whose table of contents cannot be read is no backup.
pg_restore --list "$partial" >/dev/null || die 1 "pg_dump wrote an unreadable archive"
mv "$partial" "$dir/$name"
trap - EXIT
log "wrote $dir/$name ($(stat -c %s "$dir/$name") bytes, $((SECONDS - started)) s)"

if [ -n "$s3_uri" ]; then
  log "uploading to ${s3_uri%/}/$name"
  aws s3 cp --only-show-errors "$dir/$name" "${s3_uri%/}/$name" || die 1 "upload to $s3_uri failed (the local dump is kept)"
fi

# Retention: newest first by modification time (names only sort to the second); the new dump is never a candidate.
mapfile -t dumps < <(find "$dir" -maxdepth 1 -type f -name 'crosslogic-*.dump' -printf '%T@ %f\n' | LC_ALL=C sort -rn -k1,1 | cut -d' ' -f2-)
removed=0
for i in "${!dumps[@]}"; do
  f="${dumps[$i]}"
  [ "$f" = "$name" ] && continue
  if [ "$keep_count" -gt 0 ] && [ "$i" -ge "$keep_count" ]; then
    rm -f "$dir/$f"; removed=$((removed + 1)); continue
  fi
  if [ "$keep_days" -gt 0 ] && [ -n "$(find "$dir/$f" -maxdepth 0 -mtime +"$((keep_days - 1))" -print)" ]; then
    rm -f "$dir/$f"; removed=$((removed + 1))
  fi
done
[ "$removed" -eq 0 ] || log "retention removed $removed old dump(s)"

echo "$dir/$name"
