#!/usr/bin/env bash
# Start (or stop) the private Redis under .data/redis.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cmd=${1:-start}
RDIR="$DATA/redis"
if [ "$cmd" = stop ]; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    exit 0
fi
command -v redis-server >/dev/null || { echo "redis.sh: redis-server is not installed (run: make setup)" >&2; exit 1; }
mkdir -p "$RDIR"
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$RDIR" --daemonize yes \
        --pidfile "$RDIR/redis.pid" --logfile "$RDIR/redis.log" --save 60 1000 --appendonly no
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
redis-cli -p "$REDIS_PORT" ping >/dev/null
echo "Redis running on 127.0.0.1:$REDIS_PORT"
