#!/usr/bin/env bash
# Fails when a C++ file under src/, tests/ or bench/ is not clang-format-14 clean.
set -euo pipefail
cd "$(dirname "$0")/.."
cf=$(command -v clang-format-14 || command -v clang-format)
files=$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 2>/dev/null || true)
[ -n "$files" ] || files=$(find src tests bench -name '*.cpp' -o -name '*.hpp')
bad=0
for f in $files; do
  if ! "$cf" --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f (run: $cf -i $f)"
    bad=1
  fi
done
[ $bad -eq 0 ] && echo "format: $(echo "$files" | wc -w) files clean"
exit $bad
