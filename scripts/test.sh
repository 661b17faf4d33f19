#!/usr/bin/env bash
# Second command of the README (and the only thing .ci/run calls): installs what the tests need,
# then builds and runs the whole suite:
#   1. Release build: unit, store contract (SQLite and a throwaway PostgreSQL 15 on loopback),
#      integration (the real binary), browser (Chromium + axe-core), format check, bench smoke;
#   2. ASan + UBSan build: unit, store contract and integration tests again.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Let ccache reuse objects across clones in other folders (CI builds a fresh clone each time).
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
start=$(date +%s)
scripts/deps.sh test

jobs=$(nproc)
echo "== release build"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
echo "== release tests"
ctest --test-dir build/release --output-on-failure -j 1

echo "== sanitizer build (ASan + UBSan)"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
echo "== sanitizer tests"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/asan --output-on-failure -j 1 -LE no_sanitizer

echo "== whole suite took $(( $(date +%s) - start )) s"
