#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL 15 cluster on 127.0.0.1 for the tests.
# usage: scripts/pg-test-cluster.sh start|stop [DIR] [PORT]  — prints the TEST_DATABASE_URL on start.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:-/tmp/firebreak-pg}
port=${3:-54329}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || bindir=$(dirname "$(command -v initdb)")
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_pg "'$bindir/initdb' -D '$dir' -U postgres --auth=trust -E UTF8 >/dev/null"
    fi
    as_pg "'$bindir/pg_ctl' -D '$dir' -o \"-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir' -c fsync=off\" -l '$dir/log' -w start >/dev/null"
    as_pg "'$bindir/psql' -h 127.0.0.1 -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='firebreak_test'\" | grep -q 1 || '$bindir/createdb' -h 127.0.0.1 -p $port -U postgres firebreak_test"
    echo "postgresql://postgres@127.0.0.1:$port/firebreak_test"
    ;;
  stop)
    [ -f "$dir/postmaster.pid" ] && as_pg "'$bindir/pg_ctl' -D '$dir' -m fast -w stop >/dev/null" || true
    ;;
esac
