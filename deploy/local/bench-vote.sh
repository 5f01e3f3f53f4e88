#!/usr/bin/env bash
# `make bench-vote`: vote day under load on loopback (docs/scaling.md, "Vote day"), in the
# production shape: nginx (deploy/nginx/belvedere.conf) → gunicorn (deploy/gunicorn.conf.py sizes
# the workers) → PostgreSQL, with Redis; then benchmarks/vote_load.py: the probe's ceiling, the
# voters' load, the count, pgbench's ceiling. Everything lives under .data/bench-vote/ (its own
# PostgreSQL cluster and Redis, made afresh each run: repeatable) and is stopped on exit.
# Environment: BENCH_VOTE_VOTERS (12000), BENCH_VOTE_CONCURRENCY (16), BENCH_VOTE_DURATION
# (30 s per phase), BENCH_VOTE_PG_PORT / _REDIS_PORT / _NGINX_PORT / _API_PORT (18250, 8133,
# 8130, 8131), WEB_CONCURRENCY (gunicorn's workers; default: gunicorn.conf.py's rule).
# Exits non-zero when a service does not start or the count does not match.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

BENCH="$DATA/bench-vote"
# Below Linux's ephemeral ports (32768–60999): a busy machine's outgoing connections cannot
# take it between the check below and PostgreSQL's start.
PG_PORT_B=${BENCH_VOTE_PG_PORT:-18250}
REDIS_PORT_B=${BENCH_VOTE_REDIS_PORT:-8133}
NGINX_PORT=${BENCH_VOTE_NGINX_PORT:-8130}
API_PORT=${BENCH_VOTE_API_PORT:-8131}
VOTERS=${BENCH_VOTE_VOTERS:-12000}
CONCURRENCY=${BENCH_VOTE_CONCURRENCY:-16}
DURATION=${BENCH_VOTE_DURATION:-30}
PGDATA_B="$BENCH/pg"
LOGS="$BENCH/logs"
BIN=$(pg_bindir) || { echo "bench-vote: PostgreSQL with PostGIS is not installed (run: make setup)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "bench-vote: nginx is not installed (run: make system-deps-scale)" >&2; exit 1; }
[ -x "$BIN/pgbench" ] || { echo "bench-vote: pgbench is not installed (postgresql-contrib)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "bench-vote: redis-server is not installed" >&2; exit 1; }

groups=()
started_pg=false
cleanup() {
    local rc=$?
    [ -n "${1:-}" ] && rc=$1
    trap - INT TERM EXIT
    echo "bench-vote: stopping everything it started"
    [ -f "$BENCH/nginx.pid" ] && "$NGINX" -p "$BENCH/" -c "$BENCH/nginx.conf" -e "$LOGS/nginx-error.log" -s stop 2>/dev/null || true
    for g in "${groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
    for _ in $(seq 50); do
        alive=false
        for g in "${groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=true; done
        $alive || break
        sleep 0.2
    done
    for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
    redis-cli -p "$REDIS_PORT_B" shutdown nosave >/dev/null 2>&1 || true
    $started_pg && as_pg "$BIN/pg_ctl" -D "$PGDATA_B" -m fast -w stop >/dev/null 2>&1 || true
    exit "$rc"
}
trap 'cleanup 130' INT
trap 'cleanup 143' TERM
trap cleanup EXIT

for p in "$PG_PORT_B" "$REDIS_PORT_B" "$NGINX_PORT" "$API_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        echo "bench-vote: port $p is already in use" >&2
        exit 1
    fi
done

# --- PostgreSQL and Redis, afresh --------------------------------------------------------------
rm -rf "$BENCH"
mkdir -p "$BENCH" "$LOGS" "$PGDATA_B"
if [ "$(id -u)" = 0 ]; then
    d="$BENCH"
    while [ "$d" != / ]; do
        runuser -u postgres -- test -x "$d" 2>/dev/null || chmod o+x "$d"
        d=$(dirname "$d")
    done
    chown postgres: "$PGDATA_B" "$LOGS"
fi
chmod 700 "$PGDATA_B"
as_pg "$BIN/initdb" -D "$PGDATA_B" -U "$PG_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# As production: fsync and synchronous commits on (pgbench and the API meet the same disk).
cat >> "$PGDATA_B/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT_B
unix_socket_directories = ''
shared_buffers = 256MB
max_connections = 100
CONF
started_pg=true
as_pg "$BIN/pg_ctl" -D "$PGDATA_B" -l "$LOGS/postgresql.log" -w -t 60 start >/dev/null
"$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT_B" -U "$PG_USER" "$PG_DB"
echo "bench-vote: PostgreSQL on 127.0.0.1:$PG_PORT_B, Redis on 127.0.0.1:$REDIS_PORT_B"

mkdir -p "$BENCH/redis"
setsid redis-server --bind 127.0.0.1 --port "$REDIS_PORT_B" --dir "$BENCH/redis" \
    --save "" --appendonly no --logfile "$LOGS/redis.log" &
groups+=($!)
disown
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT_B" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$REDIS_PORT_B" ping >/dev/null

export DATABASE_URL="postgis://$PG_USER@127.0.0.1:$PG_PORT_B/$PG_DB"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT_B/0"
unset DATABASE_REPLICA_URL METRICS_REDIS_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND
export DJANGO_ENV=production LOCAL_HTTP=1 DEBUG=false PUBLIC_URL="http://127.0.0.1:$NGINX_PORT"
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
BALLOT_SEAL_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
export SECRET_KEY BALLOT_SEAL_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost GEOCODER_BACKEND=ban-local NUM_PROXIES=1
MANAGE=(.venv/bin/python backend/manage.py)

echo "bench-vote: loading the demo campaign open for voting and $VOTERS voters"
t0=$SECONDS
for step in "migrate --noinput -v 0" load_reference_data load_addresses load_demo load_demo_voting; do
    # shellcheck disable=SC2086  # the step's words are the command and its options
    "${MANAGE[@]}" $step >>"$LOGS/load.log" 2>&1 \
        || { echo "bench-vote: '$step' failed (see $LOGS/load.log)" >&2; exit 1; }
done
# pgbench's people: two transactions each (city-wide and arrondissement ballots), enough for
# 16 clients at a few thousand transactions a second for the phase's length, at most 40,000.
POOL=$(( CONCURRENCY * 250 * DURATION / 10 ))
[ "$POOL" -gt 40000 ] && POOL=40000
"${MANAGE[@]}" load_bench_voters --count "$VOTERS" --pgbench-pool "$POOL" \
    --out "$BENCH/voters.jsonl" --pool-out "$BENCH/pgbench-pool.csv" >>"$LOGS/load.log" 2>&1 \
    || { echo "bench-vote: load_bench_voters failed (see $LOGS/load.log)" >&2; exit 1; }
"$BIN/psql" -h 127.0.0.1 -p "$PG_PORT_B" -U "$PG_USER" -d "$PG_DB" -qtA -c "VACUUM ANALYZE" >/dev/null
echo "bench-vote: data loaded in $((SECONDS - t0)) s"

# --- gunicorn and nginx ------------------------------------------------------------------------
export GUNICORN_BIND="127.0.0.1:$API_PORT"
WORKERS=$(.venv/bin/python -c "import runpy; print(runpy.run_path('deploy/gunicorn.conf.py')['workers'])")
(cd backend && exec setsid ../.venv/bin/gunicorn --config ../deploy/gunicorn.conf.py \
    --pid "$BENCH/gunicorn.pid" >"$LOGS/gunicorn.log" 2>&1) &
groups+=($!)
disown

# The production configuration, rendered for loopback: the listening address, the upstream,
# and files under .data/bench-vote/.
mkdir -p "$BENCH/nginx-temp" "$BENCH/www"
sed -e "s|\${BELVEDERE_API_UPSTREAM}|127.0.0.1:$API_PORT|" \
    -e "s|\${BELVEDERE_TILE_ORIGINS}|https://tile.openstreetmap.org|" \
    -e "s|listen 8080;|listen 127.0.0.1:$NGINX_PORT;|" \
    -e "s|/var/log/nginx/access.log|$LOGS/nginx-access.log|" \
    -e "s|/usr/share/belvedere/|$BENCH/www/|g" \
    deploy/nginx/belvedere.conf >"$BENCH/site.conf"
cat > "$BENCH/nginx.conf" <<CONF
worker_processes 1;
pid $BENCH/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    client_body_temp_path $BENCH/nginx-temp/body;
    proxy_temp_path $BENCH/nginx-temp/proxy;
    fastcgi_temp_path $BENCH/nginx-temp/fastcgi;
    uwsgi_temp_path $BENCH/nginx-temp/uwsgi;
    scgi_temp_path $BENCH/nginx-temp/scgi;
    include $BENCH/site.conf;
}
CONF
"$NGINX" -t -q -p "$BENCH/" -c "$BENCH/nginx.conf" -e "$LOGS/nginx-error.log"
"$NGINX" -p "$BENCH/" -c "$BENCH/nginx.conf" -e "$LOGS/nginx-error.log"

for _ in $(seq 300); do
    curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/api/v1/health/?probe=live" 2>/dev/null && break
    sleep 0.2
done
curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/api/v1/health/?probe=live" \
    || { echo "bench-vote: the API did not start behind nginx (see $LOGS)" >&2; exit 1; }
echo "bench-vote: nginx on 127.0.0.1:$NGINX_PORT → gunicorn ($WORKERS workers) on 127.0.0.1:$API_PORT"

# --- the load ------------------------------------------------------------------------------------
# The root process of each part of the stack, for the CPU a request costs each (vote_load.py).
CPU_OF=(
    --cpu "API (gunicorn)=$(cat "$BENCH/gunicorn.pid")"
    --cpu "PostgreSQL=$(head -1 "$PGDATA_B/postmaster.pid")"
    --cpu "nginx=$(cat "$BENCH/nginx.pid")"
    --cpu "Redis=$(redis-cli -p "$REDIS_PORT_B" info server | tr -d '\r' | sed -n 's/^process_id://p')"
)
.venv/bin/python benchmarks/vote_load.py "${CPU_OF[@]}" \
    --url "http://127.0.0.1:$NGINX_PORT" \
    --dsn "postgresql://$PG_USER@127.0.0.1:$PG_PORT_B/$PG_DB" \
    --voters "$BENCH/voters.jsonl" --pgbench-pool "$BENCH/pgbench-pool.csv" \
    --pgbench "$BIN/pgbench" --concurrency "$CONCURRENCY" --duration "$DURATION" \
    --workers "$WORKERS" --json "$BENCH/figures.json" --access-log "$LOGS/gunicorn.log"
