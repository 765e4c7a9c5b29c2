#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: its files in a temporary folder, a free port on
# 127.0.0.1, no password (trust), fsync off (nothing in it needs to survive a power cut).
#
#   tools/throwaway_postgres.sh start        # prints the URL of its maintenance database
#   tools/throwaway_postgres.sh stop URL     # stops that cluster and removes its files
#   tools/throwaway_postgres.sh run CMD...   # CMD with TEST_DATABASE_URL set, then stop
#
# The server comes from Debian's postgresql package (/usr/lib/postgresql/N/bin, the newest),
# or from $PG_BIN, or from initdb on the PATH. As root, the cluster runs as the user postgres
# (PostgreSQL refuses to run as root); otherwise as you.
set -euo pipefail

ROOT="${TMPDIR:-/tmp}"
PREFIX="throwaway-postgres-"  # + the port: `stop URL` finds the folder from the URL alone
MARK="made-by-throwaway_postgres"  # stop removes only a folder holding this file

server_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$newest" ]; then echo "$newest"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "PostgreSQL's server is not installed (Debian: apt-get install postgresql)" >&2
  return 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local bin port dir
  bin=$(server_bin)
  # Another program may take the free port before the server does: then try another one.
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    dir="$ROOT/$PREFIX$port"
    mkdir -m 700 "$dir" 2>/dev/null || continue
    touch "$dir/$MARK"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2
      rm -rf "$dir"
      return 1
    fi
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
      echo "postgresql://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    tail -n 5 "$dir/server.log" >&2 || true
    rm -rf "$dir"
  done
  echo "Could not start a throwaway PostgreSQL cluster" >&2
  return 1
}

stop() {
  local url=${1:?usage: $0 stop URL} port dir
  port=${url##*:}
  port=${port%%/*}
  dir="$ROOT/$PREFIX$port"
  if [ ! -f "$dir/$MARK" ]; then
    echo "No throwaway cluster of this script at $dir" >&2
    return 1
  fi
  as_owner "$(server_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

run() {
  RUN_URL=$(start)  # global: the EXIT trap runs after this function has returned
  # EXIT runs on INT and TERM too, as they go through `exit`.
  trap 'stop "$RUN_URL"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  TEST_DATABASE_URL=$RUN_URL "$@"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 start | stop URL | run CMD..." >&2; exit 2 ;;
esac
