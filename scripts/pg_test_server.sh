#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the store contract and integration tests, on 127.0.0.1 only.
#   scripts/pg_test_server.sh start DIR   initdb into DIR/data, start on a free port, create the
#                                         database passeur_test, write its URL to DIR/url and print it
#   scripts/pg_test_server.sh stop DIR    stop the server (fast) and remove DIR
# Runs as root: installs Debian's postgresql-15 when missing and runs the server as user postgres.
# Uses the binaries of /usr/lib/postgresql/15/bin explicitly (never a pg_ctl found on PATH).
# Exit status: 0 on success; 77 when PostgreSQL cannot be provided here (not root and not
# installed) unless CI=true, where that is an error (1).
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

unavailable() {
  echo "pg_test_server: $*" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
  exit 77
}

case "$dir" in /|/work|/work/main|.|..) echo "pg_test_server: refusing DIR $dir" >&2; exit 2 ;; esac

run_pg() { runuser -u postgres -- "$@"; }

stop() {
  if [ -f "$dir/data/postmaster.pid" ] && [ -x "$bin/pg_ctl" ]; then
    run_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  [ "$(id -u)" -eq 0 ] || unavailable "must run as root (to install PostgreSQL and run it as user postgres)"
  if [ ! -x "$bin/postgres" ]; then
    echo "pg_test_server: installing postgresql-15" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null 2>&1; then
      apt-get update -qq || unavailable "apt-get update failed"
      apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null ||
        unavailable "cannot install postgresql-15"
    fi
  fi
  id postgres >/dev/null 2>&1 || unavailable "user postgres does not exist"

  # A previous run that was not stopped: stop it and start afresh.
  stop
  mkdir -p "$dir/data"
  dir=$(cd "$dir" && pwd)
  chown -R postgres:postgres "$dir"
  # The server's parent directories must be traversable by postgres.
  local d=$dir
  while [ "$d" != / ]; do
    d=$(dirname "$d")
    chmod o+x "$d" 2>/dev/null || true
  done

  run_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  cat >"$dir/data/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 trust
HBA

  local port tries=0
  while :; do
    port=$(( 20000 + (RANDOM % 20000) ))
    if port_free "$port"; then
      if run_pg "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null; then
        break
      fi
    fi
    tries=$((tries + 1))
    if [ $tries -ge 10 ]; then
      cat "$dir/server.log" >&2 || true
      echo "pg_test_server: could not start PostgreSQL" >&2
      exit 1
    fi
  done

  run_pg "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE passeur_test" >/dev/null
  local url="postgresql://postgres@127.0.0.1:$port/passeur_test"
  echo "$url" >"$dir/url"
  chmod 644 "$dir/url"
  echo "$url"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
