#!/bin/sh
# jscat against passeur on the same bank, examinees and answers (docs/performance.md).
#   bench/jscat/run.sh PASSEUR_BINARY [--examinees N] [--seed S] [--length L] [--method EAP|MLE]
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
exec node compare.mjs "$@"
