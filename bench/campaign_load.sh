#!/usr/bin/env bash
# Campaign load test (issue 7): N participants (500) answer a campaign's adaptive test concurrently
# through the HTTP API of a Release passeur, on SQLite and on PostgreSQL. For each engine and run:
# a fresh database, `passeur demo` on 127.0.0.1 (access log off, Argon2 "min" so that the untimed
# set-up does not spend minutes hashing 500 passwords), then bench/campaign_load.cpp
# (passeur_campaign_load): set-up (invitations accepted, campaign, join, test start; not timed),
# timed phase (next/answer until done, then share), staff check of results and CSV. Prints answers/s,
# latency percentiles and failures; any failing request or any warning/error line of the server log
# makes the script exit 1.
#   bench/campaign_load.sh [--bin build/release/passeur]
#                          [--client build/release/bench/passeur_campaign_load]
#                          [--engine sqlite|postgres|both] [--runs 1] [--participants 500]
#                          [--server-threads 0] [--think-ms 0] [--pg-synchronous-commit off|on]
#                          [--keep DIR]
# PostgreSQL: scripts/pg_test_server.sh (root; installs postgresql-15 if missing) starts it on a free
# loopback port, then this script restarts it without the test settings (fsync and full_page_writes
# back on) and with synchronous_commit off by default: the durability of SQLite's WAL with
# synchronous=NORMAL that passeur uses (a crash may lose the last commits, never corrupts).
# --pg-synchronous-commit on measures a commit flushed to disk at every answer.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/release/passeur
client=
engine=both
runs=1
participants=500
server_threads=0
think_ms=0
pg_sync=off
keep=
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --client) client=$2; shift 2 ;;
    --engine) engine=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --participants) participants=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    --think-ms) think_ms=$2; shift 2 ;;
    --pg-synchronous-commit) pg_sync=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$client" ] || client="$(dirname "$bin")/bench/passeur_campaign_load"
case "$engine" in sqlite|postgres|both) ;; *) echo "--engine: sqlite, postgres or both" >&2; exit 2 ;; esac
case "$pg_sync" in on|off) ;; *) echo "--pg-synchronous-commit: on or off" >&2; exit 2 ;; esac
[ -x "$bin" ] || { echo "no passeur binary at $bin (Release build: ninja -C build/release passeur)" >&2; exit 1; }
[ -x "$client" ] || { echo "no load client at $client (ninja -C build/release passeur_campaign_load)" >&2; exit 1; }

work=$(mktemp -d /tmp/passeur-campaign-load.XXXXXX)
pid=
pg_dir=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ -n "$pg_dir" ]; then scripts/pg_test_server.sh stop "$pg_dir" >/dev/null 2>&1 || true; fi
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp -r "$work"/. "$keep"/; fi
  rm -rf "$work"
}
trap cleanup EXIT

machine() {
  local builds
  builds=$(pgrep -c -x 'cc1plus|ld|ninja|ctest' 2>/dev/null || true)
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg), compiler/build processes running: ${builds:-0}"
}

# start_server DB_URL LOG_PREFIX: starts `passeur demo`, sets pid and url.
start_server() {
  local db=$1 prefix=$2
  "$bin" demo --db "$db" --port 0 --threads "$server_threads" --no-access-log --argon2-profile min \
    >"$prefix.out" 2>"$prefix.err" &
  pid=$!
  url=
  for _ in $(seq 1 600); do
    if grep -q "listening on" "$prefix.out" 2>/dev/null; then
      url=$(grep -o 'http://127.0.0.1:[0-9]*' "$prefix.out" | head -1)
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$url" ]; then
    echo "passeur did not start:" >&2
    cat "$prefix.out" "$prefix.err" >&2
    exit 1
  fi
}

stop_server() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

failed=0
declare -a results
run_once() {
  local name=$1 db=$2 n=$3
  local prefix="$work/$name-$n"
  machine
  start_server "$db" "$prefix"
  local port=${url##*:}
  local rc=0
  "$client" --port "$port" --participants "$participants" --think-ms "$think_ms" --seed "$n" \
    --csv-out "$prefix.csv" | tee "$prefix.client" || rc=$?
  # Server CPU time (user + system, whole run) from /proc before stopping it.
  local ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  echo "server CPU (whole run, set-up included): $(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }') s"
  stop_server
  # Server warnings and errors (spdlog levels; the access log is off).
  local logged
  logged=$(grep -E '\[(warning|error|critical)\]|"level":"(warn|warning|error|critical)"' "$prefix.err" "$prefix.out" || true)
  if [ -n "$logged" ]; then
    echo "server log warnings/errors ($name run $n):"
    printf '%s\n' "$logged" | head -40
    rc=1
  fi
  [ $rc -eq 0 ] || failed=1
  results+=("$name $(grep "^RESULT" "$prefix.client" | sed "s/^RESULT //" || true)")
  echo
}

# median FIELD ENGINE: median over the runs of ENGINE of RESULT field FIELD.
median() {
  local field=$1 name=$2
  printf '%s\n' "${results[@]}" | awk -v e="$name" -v f="$field" '$1 == e {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) print kv[2] } }' |
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
      else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "passeur $("$bin" version | cut -d' ' -f2), server I/O threads: $server_threads (0 = one per core), $participants participants, think time ${think_ms} ms, runs: $runs"

if [ "$engine" = sqlite ] || [ "$engine" = both ]; then
  for n in $(seq 1 "$runs"); do
    echo "== SQLite, run $n"
    run_once sqlite "sqlite:$work/sqlite-$n.db" "$n"
  done
fi

if [ "$engine" = postgres ] || [ "$engine" = both ]; then
  pg_dir="$work/pg"
  pg_url=$(scripts/pg_test_server.sh start "$pg_dir")
  pg_port=$(printf '%s' "$pg_url" | sed -n 's#.*:\([0-9]*\)/.*#\1#p')
  pg_bin=/usr/lib/postgresql/15/bin
  # Restart without the test server's fsync=off/full_page_writes=off.
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -t 60 -l "$pg_dir/server.log" restart \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_dir -c max_connections=200 -c synchronous_commit=$pg_sync" \
    >/dev/null
  echo "PostgreSQL $(runuser -u postgres -- "$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port: fsync on, full_page_writes on, synchronous_commit $pg_sync"
  for n in $(seq 1 "$runs"); do
    echo "== PostgreSQL, run $n"
    runuser -u postgres -- "$pg_bin/psql" -h "$pg_dir" -p "$pg_port" -U postgres -d postgres -qAt \
      -v ON_ERROR_STOP=1 -c "CREATE DATABASE passeur_load_$n" >/dev/null
    run_once postgres "postgresql://postgres@127.0.0.1:$pg_port/passeur_load_$n" "$n"
  done
fi

echo "== summary (median of runs)"
printf '%-9s %6s %11s %9s %9s %9s %9s %9s %9s %9s %9s %7s\n' engine runs answers/s \
  "ans p50" "ans p90" "ans p99" "ans max" "next p50" "next p90" "next p99" "next max" errors
for name in sqlite postgres; do
  count=$(printf '%s\n' "${results[@]}" | awk -v e="$name" '$1 == e' | wc -l)
  [ "$count" -gt 0 ] || continue
  printf '%-9s %6s %11s %9s %9s %9s %9s %9s %9s %9s %9s %7s\n' "$name" "$count" \
    "$(median answers_per_s "$name")" "$(median answer_p50_ms "$name")" "$(median answer_p90_ms "$name")" \
    "$(median answer_p99_ms "$name")" "$(median answer_max_ms "$name")" "$(median next_p50_ms "$name")" \
    "$(median next_p90_ms "$name")" "$(median next_p99_ms "$name")" "$(median next_max_ms "$name")" \
    "$(printf '%s\n' "${results[@]}" | awk -v e="$name" '$1 == e { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "errors") s += kv[2] } } END { print s + 0 }')"
done
echo "(latencies in ms; errors: total over the runs)"
exit $failed
