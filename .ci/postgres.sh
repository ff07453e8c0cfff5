# shellcheck shell=bash
# A throwaway PostgreSQL server for the tests that need one (CI, or a laptop).
#
#   source .ci/postgres.sh     starts it and exports LEAP_TEST_POSTGRES=postgresql://...;
#                              leap_pg_stop (also run when the shell exits) removes it
#   .ci/postgres.sh            the same, but prints the URL and how to stop it
#
# Installs the server from the system packages only when no initdb is found. The cluster
# lives in a fresh temporary folder, listens on 127.0.0.1 on a free port, trusts local
# connections, and is tuned for tests (no fsync). Never point it at data you keep.
# Safe to source from a shell with or without `set -euo pipefail`.

leap_pg_fail() {
  echo "postgres.sh: $*" >&2
  return 1
}

leap_pg_start() {
  local bin initdb port dir run
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$initdb" ]; then
    initdb=$(command -v initdb || true)
  fi
  if [ -z "$initdb" ]; then
    echo "postgres.sh: installing the PostgreSQL server (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; } ||
      { leap_pg_fail "could not install postgresql with apt-get"; return 1; }
    initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$initdb" ] || { leap_pg_fail "postgresql installed, but no initdb found"; return 1; }
  fi
  bin=$(dirname "$initdb")
  dir=$(mktemp -d "${TMPDIR:-/tmp}/leap-pg.XXXXXX") || { leap_pg_fail "no temp folder"; return 1; }
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then  # postgres refuses to run as root: use its own account
    id postgres >/dev/null 2>&1 || { leap_pg_fail "running as root, but no 'postgres' user"; return 1; }
    chown postgres "$dir"
    run="runuser -u postgres --"
  else
    run=""
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
    { leap_pg_fail "could not find a free port"; return 1; }
  $run "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale -N >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; leap_pg_fail "initdb failed"; return 1; }
  $run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null ||
    { cat "$dir/server.log" >&2; leap_pg_fail "the server did not start"; return 1; }
  $run "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres leap_test ||
    { leap_pg_fail "createdb failed"; return 1; }
  LEAP_PG_DIR=$dir
  LEAP_PG_BIN=$bin
  LEAP_PG_RUN=$run
  export LEAP_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/leap_test"
  echo "LEAP_TEST_POSTGRES=$LEAP_TEST_POSTGRES"
}

leap_pg_stop() {
  if [ -n "${LEAP_PG_DIR:-}" ] && [ -d "$LEAP_PG_DIR" ]; then
    $LEAP_PG_RUN "$LEAP_PG_BIN/pg_ctl" -D "$LEAP_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$LEAP_PG_DIR"
  fi
  LEAP_PG_DIR=""
  unset LEAP_TEST_POSTGRES
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then  # sourced: start, and stop when the shell exits
  if leap_pg_start; then
    if [ -z "$(trap -p EXIT)" ]; then
      trap leap_pg_stop EXIT
    fi
  else
    return 1
  fi
else  # run: start, print how to use and stop it
  leap_pg_start || exit 1
  echo "stop it with: $LEAP_PG_RUN $LEAP_PG_BIN/pg_ctl -D $LEAP_PG_DIR/data stop && rm -rf $LEAP_PG_DIR" >&2
fi
