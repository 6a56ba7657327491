#!/usr/bin/env bash
# Installs every Debian 12 package CrossLogic needs to build, test and run. Idempotent; quiet when all is present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-base-dev-tools libqt6sql6-psql qt6-charts-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev libqt6opengl6-dev libxkbcommon-dev
  qtkeychain-qt6-dev
  libhiredis-dev nlohmann-json3-dev libspdlog-dev zlib1g-dev libhttp-parser-dev
  postgresql-15 postgresql-client-15 redis-server pgbouncer
  nodejs npm
  xvfb xauth fonts-dejavu-core chromium
  curl procps psmisc
  wrk nginx-light                    # the benchmark's baseline; tests/scenario and scripts/replicas.sh put replicas behind it
  python3-yaml openssl
  prometheus
  clang-14 libclang-rt-14-dev llvm-14
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A machine that already has a newer Node.js (not from Debian) keeps it.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"
[ "${#missing[@]}" -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's postgresql, redis and prometheus packages start system-wide services; ours are private (the tests use
# only prometheus's promtool), so leave theirs alone.
