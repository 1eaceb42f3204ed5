#!/usr/bin/env bash
# Starts a private PostgreSQL server (Debian's) for the tests on 127.0.0.1 and prints the line that
# exports its URL; `scripts/test-postgres.sh stop DIR` stops it. Used by scripts/test.sh:
#   eval "$(scripts/test-postgres.sh start)"   # sets EDIGATE_TEST_PG_URL and EDIGATE_TEST_PG_DIR
# The cluster lives in a temporary folder, trusts local connections only, and never touches the
# system's clusters. initdb refuses to run as root, so as root the server runs as user postgres.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "scripts/test-postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    dir=$(mktemp -d /tmp/edigate-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    # A free port on loopback.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    as_owner "$bin/initdb" -D "$dir/data" -U edigate -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U edigate edigate_test
    echo "export EDIGATE_TEST_PG_URL=postgresql://edigate@127.0.0.1:$port/edigate_test EDIGATE_TEST_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?scripts/test-postgres.sh stop DIR}
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: scripts/test-postgres.sh start | stop DIR" >&2; exit 2 ;;
esac
