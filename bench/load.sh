#!/usr/bin/env bash
# Load test of a Release passeur on loopback with wrk: GET /healthz and an authenticated API read
# (GET /api/v1/organizations/{org}/members with an API token, which hits the store). Prints
# requests/s and latency percentiles per scenario. Traffic goes to 127.0.0.1 only; every run is
# bounded by --duration.
#   bench/load.sh [--bin build/release/passeur] [--duration 10] [--connections 64] [--threads 2]
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/release/passeur
duration=10
connections=64
wrk_threads=2
server_threads=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) wrk_threads=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install curl" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" demo --db "sqlite:$work/bench.db" --port 0 --threads "$server_threads" --no-access-log \
  --argon2-profile min >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 200); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.05; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/out" | head -1)
[ -n "$url" ] || { cat "$work/err" >&2; exit 1; }

jar="$work/cookies"
login=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
  -d '{"email":"admin@demo.passeur.fr","password":"demo-passeur-2026"}' "$url/api/v1/session")
csrf=$(printf '%s' "$login" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
org=$(curl -s -b "$jar" "$url/api/v1/organizations" | sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p' | head -1)
token=$(curl -s -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"name":"bench","role":"mediator"}' "$url/api/v1/organizations/$org/tokens" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "could not create an API token" >&2; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "passeur $("$bin" version | cut -d' ' -f2), server threads: ${server_threads} (0 = one per core), wrk: ${wrk_threads} threads, ${connections} connections, ${duration}s"
run() {
  local name=$1; shift
  local out
  out=$(wrk --latency -t "$wrk_threads" -c "$connections" -d "${duration}s" "$@")
  local rps p50 p90 p99 errors
  rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/{print $2}')
  p50=$(printf '%s\n' "$out" | awk '$1=="50%"{print $2}')
  p90=$(printf '%s\n' "$out" | awk '$1=="90%"{print $2}')
  p99=$(printf '%s\n' "$out" | awk '$1=="99%"{print $2}')
  errors=$(printf '%s\n' "$out" | awk '/Non-2xx/{print $5}')
  printf '%-28s %10s req/s   p50 %8s   p90 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p90" "$p99" "${errors:-0}"
}
run "GET /healthz" "$url/healthz"
run "GET members (API token)" -H "Authorization: Bearer $token" "$url/api/v1/organizations/$org/members"
