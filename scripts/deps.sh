#!/usr/bin/env bash
# Installs what passeur needs on Debian 12, as root, from Debian's packages and the npm registry.
#   scripts/deps.sh build   what building and running needs
#   scripts/deps.sh test    the above + what the test suite needs (Chromium, PostgreSQL 15, clang-format,
#                           qpdf / poppler-utils / zbar-tools to check the PDF certificates)
# Installs only what is missing, so a second run is quick and needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-build}
build_pkgs=(g++ cmake ninja-build ccache pkg-config git
  libboost-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libsodium-dev libssl-dev zlib1g-dev
  libspdlog-dev libfmt-dev libcli11-dev libexpected-dev libkainjow-mustache-dev libnanoflann-dev
  libqrencode-dev libgtest-dev libgmock-dev libbenchmark-dev nodejs)
test_pkgs=(chromium postgresql-15 clang-format-14 wrk curl qpdf poppler-utils zbar-tools)

pkgs=("${build_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
command -v npm >/dev/null || { apt-get install -y -qq npm; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "deps: Node.js >= 20 is needed for the browser tests (found $(node --version))." >&2
  [ "$mode" = test ] && exit 1
fi

# Front-end assets (DSFR) and browser-test libraries, pinned by package-lock.json.
if [ ! -d node_modules/@gouvfr/dsfr ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
