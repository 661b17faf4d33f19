#!/usr/bin/env bash
# First command of the README: installs what is missing, builds passeur in Release and starts
# it on SQLite with demo data at http://127.0.0.1:8080 (Ctrl+C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release --target passeur passeur_dsfr_assets
exec build/release/passeur demo --db sqlite:passeur-demo.db "$@"
