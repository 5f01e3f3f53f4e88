#!/usr/bin/env bash
# `make run`: databases, migrations, reference data, demo campaign, Celery worker and beat, and
# the API in the production shape: gunicorn (deploy/gunicorn.conf.py sizes the workers),
# DJANGO_ENV=production with DEBUG off, static files collected and served by WhiteNoise;
# LOCAL_HTTP=1 because it answers over plain HTTP on loopback (README, "Production settings").
# `make dev` (run.sh dev): the same with Django's autoreloading development server, DEBUG on.
# Ctrl-C stops everything this script started (a PostGIS or Redis that was already running stays).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
MODE=${1:-production}
PORT=${PORT:-8000}
case "$MODE" in
    production) export DJANGO_ENV=production DEBUG=false LOCAL_HTTP=1 ;;
    dev) export DJANGO_ENV=development DEBUG=true ;;
    *) echo "usage: $0 [production|dev]" >&2; exit 2 ;;
esac
export PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:$PORT}
MANAGE=(.venv/bin/python backend/manage.py)
"$ROOT/deploy/local/env.sh"  # an older .env gains the keys it lacks
pids=()
web_pid=
stop_pg=false
stop_redis=false

cleanup() {
    trap - INT TERM EXIT
    echo
    echo "Stopping Belvédère…"
    # The development server's autoreloader runs the server in a child process.
    [ -n "$web_pid" ] && [ "$MODE" = dev ] && pkill -TERM -P "$web_pid" 2>/dev/null || true
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
"${MANAGE[@]}" load_demo_petitions  # « Pétitions de Paris »: petitions in each status

if [ "$MODE" = production ]; then
    "${MANAGE[@]}" collectstatic --noinput -v 0  # to STATIC_ROOT (.data/static)
fi

mkdir -p "$DATA/logs"
(cd backend && exec ../.venv/bin/celery -A config worker -l INFO --concurrency 2 \
    >"$DATA/logs/celery-worker.log" 2>&1) &
pids+=($!)
(cd backend && exec ../.venv/bin/celery -A config beat -l INFO \
    --schedule "$DATA/celerybeat-schedule" >"$DATA/logs/celery-beat.log" 2>&1) &
pids+=($!)
echo "Celery worker and beat started (logs: .data/logs/)"

if [ "$MODE" = production ]; then
    server="gunicorn, production settings over plain HTTP (LOCAL_HTTP=1), DEBUG off"
else
    server="development server: DEBUG on, reloads when the code changes"
fi
cat <<MSG

  Belvédère is running at http://127.0.0.1:$PORT/ ($server)
    API:              http://127.0.0.1:$PORT/api/v1/
    API docs:         http://127.0.0.1:$PORT/api/v1/docs/
    Health:           http://127.0.0.1:$PORT/api/v1/health/
  Press Ctrl-C to stop.

MSG
if [ "$MODE" = production ]; then
    (cd backend && exec ../.venv/bin/gunicorn --config ../deploy/gunicorn.conf.py \
        --bind "127.0.0.1:$PORT") &
else
    "${MANAGE[@]}" runserver "127.0.0.1:$PORT" &
fi
web_pid=$!
pids+=($web_pid)
wait -n "${pids[@]}"
