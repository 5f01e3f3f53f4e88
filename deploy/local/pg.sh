#!/usr/bin/env bash
# Start (or stop) the private PostGIS cluster under .data/pg.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cmd=${1:-start}
BIN=$(pg_bindir) || { echo "pg.sh: PostgreSQL with PostGIS is not installed (run: make setup)" >&2; exit 1; }

if [ "$cmd" = stop ]; then
    [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
    exit 0
fi

mkdir -p "$DATA"
if [ "$(id -u)" = 0 ]; then
    # The postgres user must be able to reach .data/: give traverse rights to the folders above it
    # when a private temporary folder (mktemp -d, as in CI) hides them.
    d="$DATA"
    while [ "$d" != / ]; do
        runuser -u postgres -- test -x "$d" 2>/dev/null || chmod o+x "$d"
        d=$(dirname "$d")
    done
fi
if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    mkdir -p "$PG_DATA"
    [ "$(id -u)" = 0 ] && chown postgres: "$PG_DATA"
    chmod 700 "$PG_DATA"
    as_pg "$BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
max_connections = 200
CONF
fi
if ! as_pg "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_pg "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start >/dev/null
fi
if ! "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1; then
    "$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
fi
echo "PostGIS running on 127.0.0.1:$PG_PORT (data in $PG_DATA)"
