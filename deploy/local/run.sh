#!/usr/bin/env bash
# `make run`: databases, migrations, reference data, demo campaign, Celery worker and web server.
# Ctrl-C stops everything this script started (a PostGIS or Redis that was already running stays).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
PORT=${PORT:-8000}
MANAGE=(.venv/bin/python backend/manage.py)
pids=()
stop_pg=false
stop_redis=false

cleanup() {
    trap - INT TERM EXIT
    echo
    echo "Stopping Belvédère…"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    $stop_redis && "$ROOT/deploy/local/redis.sh" stop
    $stop_pg && "$ROOT/deploy/local/pg.sh" stop
    echo "Stopped."
}
trap cleanup INT TERM EXIT

if [ -z "${DATABASE_URL:-}" ]; then
    [ -f "$PG_DATA/postmaster.pid" ] || stop_pg=true
    "$ROOT/deploy/local/pg.sh" start
fi
if [ -z "${REDIS_URL:-}" ]; then
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || stop_redis=true
    "$ROOT/deploy/local/redis.sh" start
fi

"${MANAGE[@]}" migrate --noinput -v 0
"${MANAGE[@]}" load_reference_data
"${MANAGE[@]}" load_addresses
"${MANAGE[@]}" load_demo          # open for submissions: the city's past winning projects
"${MANAGE[@]}" load_demo_voting   # open for voting: the 2021-2023 winners with their real costs
"${MANAGE[@]}" load_demo_results  # in results: Toulouse 2022 (pabulib), tallied

mkdir -p "$DATA/logs"
(cd backend && exec ../.venv/bin/celery -A config worker -l INFO --concurrency 2 \
    >"$DATA/logs/celery-worker.log" 2>&1) &
pids+=($!)
(cd backend && exec ../.venv/bin/celery -A config beat -l INFO \
    --schedule "$DATA/celerybeat-schedule" >"$DATA/logs/celery-beat.log" 2>&1) &
pids+=($!)
echo "Celery worker and beat started (logs: .data/logs/)"

cat <<MSG

  Belvédère is running at http://127.0.0.1:$PORT/
    API:              http://127.0.0.1:$PORT/api/v1/
    API docs:         http://127.0.0.1:$PORT/api/v1/docs/
    Health:           http://127.0.0.1:$PORT/api/v1/health/
  Press Ctrl-C to stop.

MSG
"${MANAGE[@]}" runserver "127.0.0.1:$PORT" --noreload &
pids+=($!)
wait -n "${pids[@]}"
