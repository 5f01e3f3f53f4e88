#!/usr/bin/env bash
# `make test-scale`: the scale-out shape on one machine, on loopback only, then a driver that
# proves it (tests/scale/driver.py). Everything lives under .data/scale/ and is stopped on exit,
# whatever happens:
#   - a PostgreSQL primary (PostGIS) and a streaming replica made by pg_basebackup (-R, with a
#     replication role and slot), the replica's replay delayed on purpose (SCALE_REPLICA_DELAY);
#   - Redis (cache, throttle counters, Celery broker);
#   - two gunicorn API instances reading from the replica through the database router
#     (DATABASE_REPLICA_URL), two Celery workers;
#   - nginx in front of both instances, retrying the other one on error, timeout, 502 and 504
#     (as deploy/nginx/belvedere.conf; never a POST that reached an instance).
# Exits non-zero when a check fails or a service does not start.
# `make test-faults` (deploy/local/test-faults.sh) runs the same shape under .data/faults/ on its
# own ports, with declared voters (SCALE_VOTERS) and its own driver (SCALE_DRIVER).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

SCALE="${SCALE_DIR:-$DATA/scale}"
PRIMARY_PORT=${SCALE_PG_PRIMARY_PORT:-54340}
REPLICA_PORT=${SCALE_PG_REPLICA_PORT:-54341}
NGINX_PORT=${SCALE_NGINX_PORT:-8120}
API_PORTS=("${SCALE_API_PORT_A:-8121}" "${SCALE_API_PORT_B:-8122}")
SCALE_REDIS_PORT=${SCALE_REDIS_PORT:-8123}
# How long the replica waits before applying a commit: makes a stale read certain if a writer's
# read went to the replica (the driver checks it never does).
REPLICA_DELAY=${SCALE_REPLICA_DELAY:-2s}
DURATION=${SCALE_DURATION:-20}
PRIMARY="$SCALE/primary"
REPLICA="$SCALE/replica"
LOGS="$SCALE/logs"
BIN=$(pg_bindir) || { echo "test-scale: PostgreSQL with PostGIS is not installed (run: make setup)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "test-scale: nginx is not installed (run: make system-deps-scale)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "test-scale: redis-server is not installed" >&2; exit 1; }

groups=()    # process groups started here (each service runs in its own, under setsid)
clusters=()  # PostgreSQL clusters started here
cleanup() {
    local rc=$?
    [ -n "${1:-}" ] && rc=$1
    trap - INT TERM EXIT
    echo "test-scale: stopping everything it started"
    [ -f "$SCALE/nginx.pid" ] && "$NGINX" -p "$SCALE/" -c "$SCALE/nginx.conf" -e "$LOGS/nginx-error.log" -s stop 2>/dev/null || true
    for g in "${groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
    for _ in $(seq 50); do
        alive=false
        for g in "${groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=true; done
        $alive || break
        sleep 0.2
    done
    for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
    redis-cli -p "$SCALE_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    for d in "${clusters[@]}"; do
        as_pg "$BIN/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1 || true
    done
    exit "$rc"
}
trap 'cleanup 130' INT
trap 'cleanup 143' TERM
trap cleanup EXIT

# Ports must be free: a leftover from an earlier run would answer in our place.
for p in "$PRIMARY_PORT" "$REPLICA_PORT" "$NGINX_PORT" "${API_PORTS[@]}" "$SCALE_REDIS_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        echo "test-scale: port $p is already in use" >&2
        exit 1
    fi
done

# --- PostgreSQL primary and streaming replica ------------------------------------------------
rm -rf "$SCALE"
mkdir -p "$SCALE" "$LOGS"
if [ "$(id -u)" = 0 ]; then
    d="$SCALE"
    while [ "$d" != / ]; do
        runuser -u postgres -- test -x "$d" 2>/dev/null || chmod o+x "$d"
        d=$(dirname "$d")
    done
fi
for d in "$PRIMARY" "$REPLICA"; do
    mkdir -p "$d"
    [ "$(id -u)" = 0 ] && chown postgres: "$d"
    chmod 700 "$d"
done
[ "$(id -u)" = 0 ] && chown postgres: "$LOGS"

echo "test-scale: PostgreSQL primary on 127.0.0.1:$PRIMARY_PORT"
as_pg "$BIN/initdb" -D "$PRIMARY" -U "$PG_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$PRIMARY/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = ''
# Throwaway data: no fsync. synchronous_commit stays on, as in production: with it off, WAL
# reaches the replica only when the WAL writer flushes (every 200 ms), which would be the lag.
fsync = off
shared_buffers = 128MB
max_connections = 100
wal_level = replica
max_wal_senders = 4
max_replication_slots = 4
hot_standby = on
hot_standby_feedback = on
track_commit_timestamp = on
CONF
# initdb's pg_hba.conf already trusts replication connections from 127.0.0.1 only.
clusters=("$PRIMARY")
as_pg "$BIN/pg_ctl" -D "$PRIMARY" -l "$LOGS/primary.log" -w -t 60 start >/dev/null
psql_p() { "$BIN/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"; }
"$BIN/createdb" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$PG_USER" "$PG_DB"

export DATABASE_URL="postgis://$PG_USER@127.0.0.1:$PRIMARY_PORT/$PG_DB"
export REDIS_URL="redis://127.0.0.1:$SCALE_REDIS_PORT/0"
unset DATABASE_REPLICA_URL
# The production settings, over plain HTTP on loopback (cookies without "Secure", no redirect).
export DJANGO_ENV=production LOCAL_HTTP=1 DEBUG=false PUBLIC_URL="http://127.0.0.1:$NGINX_PORT"
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
BALLOT_SEAL_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
export BALLOT_SEAL_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export GEOCODER_BACKEND=ban-local
# nginx is the one proxy in front: its X-Forwarded-For is trusted for per-address limits.
export NUM_PROXIES=1
# Limits the driver must not hit by accident; the sign-in limit per address tried is the one it
# checks across both instances.
export LOGIN_THROTTLE=10/hour LOGIN_IP_THROTTLE=10000/hour PROPOSAL_THROTTLE=10000/hour PROPOSALS_PER_USER_PER_DAY=10000
MANAGE=(.venv/bin/python backend/manage.py)

echo "test-scale: Redis on 127.0.0.1:$SCALE_REDIS_PORT"
mkdir -p "$SCALE/redis"
setsid redis-server --bind 127.0.0.1 --port "$SCALE_REDIS_PORT" --dir "$SCALE/redis" \
    --save "" --appendonly no --logfile "$LOGS/redis.log" &
groups+=($!)
disown
for _ in $(seq 50); do redis-cli -p "$SCALE_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$SCALE_REDIS_PORT" ping >/dev/null

echo "test-scale: migrating and loading the reference data and a demo campaign on the primary"
t0=$SECONDS
for step in "migrate --noinput -v 0" load_reference_data load_addresses load_demo; do
    # shellcheck disable=SC2086  # the step's words are the command and its options
    "${MANAGE[@]}" $step >>"$LOGS/load.log" 2>&1 \
        || { echo "test-scale: '$step' failed (see $LOGS/load.log)" >&2; exit 1; }
done
if [ "${SCALE_VOTERS:-0}" -gt 0 ]; then
    # The voting demo campaign and its declared voters, with API tokens (one JSON line each).
    "${MANAGE[@]}" load_demo_voting >>"$LOGS/load.log" 2>&1 \
        && "${MANAGE[@]}" load_bench_voters --count "$SCALE_VOTERS" --out "$SCALE/voters.jsonl" \
            >>"$LOGS/load.log" 2>&1 \
        || { echo "test-scale: loading the voters failed (see $LOGS/load.log)" >&2; exit 1; }
fi
echo "test-scale: data loaded in $((SECONDS - t0)) s"

echo "test-scale: streaming replica on 127.0.0.1:$REPLICA_PORT (pg_basebackup, replay delayed by $REPLICA_DELAY)"
psql_p -d postgres -c "CREATE ROLE replicator WITH REPLICATION LOGIN" \
    -c "SELECT pg_create_physical_replication_slot('scale_replica')" >/dev/null
as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U replicator -D "$REPLICA" \
    -R -S scale_replica -X stream -c fast
cat >> "$REPLICA/postgresql.auto.conf" <<CONF
port = $REPLICA_PORT
recovery_min_apply_delay = '$REPLICA_DELAY'
CONF
clusters=("$REPLICA" "$PRIMARY")
as_pg "$BIN/pg_ctl" -D "$REPLICA" -l "$LOGS/replica.log" -w -t 60 start >/dev/null
for _ in $(seq 100); do
    state=$(psql_p -d postgres -c "SELECT state FROM pg_stat_replication WHERE application_name <> ''" || true)
    [ "$state" = streaming ] && break
    sleep 0.1
done
[ "$state" = streaming ] || { echo "test-scale: the replica is not streaming (state: '$state')" >&2; exit 1; }
"$BIN/psql" -h 127.0.0.1 -p "$REPLICA_PORT" -U "$PG_USER" -d "$PG_DB" -qtA \
    -c "SELECT 'replica in recovery: ' || pg_is_in_recovery()"

# The resident the driver signs in as (a confirmed address, as proposing requires).
SCALE_EMAIL="scale-$(date +%s)@example.org"
SCALE_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
export SCALE_EMAIL SCALE_PASSWORD
"${MANAGE[@]}" shell -v 0 -c "
import os
from django.utils import timezone
from accounts.models import User
User.objects.create_user(os.environ['SCALE_EMAIL'], os.environ['SCALE_PASSWORD'],
                         display_name='Scale test', email_verified_at=timezone.now())
"

# --- API instances, Celery workers, nginx ----------------------------------------------------
export DATABASE_REPLICA_URL="postgis://$PG_USER@127.0.0.1:$REPLICA_PORT/$PG_DB"
for i in 0 1; do
    name=$([ $i = 0 ] && echo a || echo b)
    (cd backend && exec setsid ../.venv/bin/gunicorn config.wsgi:application \
        --bind "127.0.0.1:${API_PORTS[$i]}" --workers 2 --timeout 30 --graceful-timeout 5 \
        --pid "$SCALE/gunicorn-$name.pid" --control-socket "$SCALE/gunicorn-$name.ctl" \
        --access-logfile "$LOGS/gunicorn-$name-access.log" \
        --error-logfile "$LOGS/gunicorn-$name.log" >"$LOGS/api-$name.log" 2>&1) &
    groups+=($!)
    disown
done
for i in 0 1; do
    name=$([ $i = 0 ] && echo a || echo b)
    (cd backend && exec setsid ../.venv/bin/celery -A config worker -l INFO --concurrency 1 \
        -n "scale-$name@%h" --pidfile "$SCALE/celery-$name.pid" >"$LOGS/celery-$name.log" 2>&1) &
    groups+=($!)
    disown
done

mkdir -p "$SCALE/nginx-temp"
cat > "$SCALE/nginx.conf" <<CONF
worker_processes 1;
pid $SCALE/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 256; }
http {
    access_log $LOGS/nginx-access.log;
    client_body_temp_path $SCALE/nginx-temp/body;
    proxy_temp_path $SCALE/nginx-temp/proxy;
    fastcgi_temp_path $SCALE/nginx-temp/fastcgi;
    uwsgi_temp_path $SCALE/nginx-temp/uwsgi;
    scgi_temp_path $SCALE/nginx-temp/scgi;
    upstream belvedere_api {
        # Three failures in 5 s take an instance out for 5 s: one worker killed (one connection
        # closed) must not bench an instance whose other workers serve, or, the other instance
        # being down, answer 502 "no live upstreams" to everyone (make test-faults saw it).
        server 127.0.0.1:${API_PORTS[0]} max_fails=3 fail_timeout=5s;
        server 127.0.0.1:${API_PORTS[1]} max_fails=3 fail_timeout=5s;
        keepalive 8;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://belvedere_api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_connect_timeout 1s;
            proxy_read_timeout 15s;
            # A failed instance: try the other one (GET, HEAD… only: nginx never resends a POST
            # that reached an instance, it may have been applied). Not on 503: the API's own
            # "database unavailable" (as deploy/nginx/belvedere.conf), which would count as the
            # instance failing and take both out.
            proxy_next_upstream error timeout http_502 http_504;
            proxy_next_upstream_tries 2;
            proxy_next_upstream_timeout 10s;
            # Which instance answered (the last one tried), for the driver's counts.
            add_header X-Upstream \$upstream_addr always;
            # nginx's own refusals in the API's error format (as deploy/nginx/belvedere.conf).
            error_page 413 /__api_errors/413.json;
            error_page 502 /__api_errors/502.json;
            error_page 503 /__api_errors/503.json;
            error_page 504 /__api_errors/504.json;
        }
        error_page 414 /__api_errors/414.json;
        location = /__api_errors/413.json { internal; default_type application/json; return 413 '{"status": 413, "code": "request_too_large", "message": "The request body is too large.", "errors": {}}'; }
        location = /__api_errors/414.json { internal; default_type application/json; return 414 '{"status": 414, "code": "uri_too_long", "message": "The address is too long: send the data in the body.", "errors": {}}'; }
        location = /__api_errors/502.json { internal; default_type application/json; return 502 '{"status": 502, "code": "bad_gateway", "message": "The service cannot be reached: try again in a moment.", "errors": {}}'; }
        location = /__api_errors/503.json { internal; default_type application/json; return 503 '{"status": 503, "code": "service_unavailable", "message": "The service is unavailable: try again in a moment.", "errors": {}}'; }
        location = /__api_errors/504.json { internal; default_type application/json; return 504 '{"status": 504, "code": "gateway_timeout", "message": "The service took too long to answer: try again in a moment.", "errors": {}}'; }
    }
}
CONF
"$NGINX" -t -q -p "$SCALE/" -c "$SCALE/nginx.conf" -e "$LOGS/nginx-error.log"
"$NGINX" -p "$SCALE/" -c "$SCALE/nginx.conf" -e "$LOGS/nginx-error.log"
echo "test-scale: nginx on 127.0.0.1:$NGINX_PORT in front of ${API_PORTS[*]}"

for p in "${API_PORTS[@]}"; do
    for _ in $(seq 300); do
        curl -fsS -o /dev/null "http://127.0.0.1:$p/api/v1/campaigns/" 2>/dev/null && break
        sleep 0.2
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$p/api/v1/campaigns/" \
        || { echo "test-scale: the API instance on port $p did not start (see $LOGS)" >&2; exit 1; }
done

# --- the driver -------------------------------------------------------------------------------
if [ -n "${SCALE_DRIVER:-}" ]; then
    # Another driver (make test-faults): what it may stop and start again is described here; what
    # it starts again is stopped by the cleanup above (the clusters, Redis by its port), or by it.
    export SCALE_DIR="$SCALE" SCALE_LOGS="$LOGS" SCALE_PG_BIN="$BIN" SCALE_PRIMARY="$PRIMARY" \
        SCALE_REPLICA="$REPLICA" SCALE_REDIS_PORT SCALE_NGINX_PORT="$NGINX_PORT" \
        SCALE_API_PORTS="${API_PORTS[*]}" \
        SCALE_PRIMARY_URL="postgresql://$PG_USER@127.0.0.1:$PRIMARY_PORT/$PG_DB" \
        SCALE_REPLICA_URL="postgresql://$PG_USER@127.0.0.1:$REPLICA_PORT/$PG_DB"
    .venv/bin/python "$SCALE_DRIVER"
    exit $?
fi
.venv/bin/python tests/scale/driver.py \
    --nginx "http://127.0.0.1:$NGINX_PORT" \
    --api "http://127.0.0.1:${API_PORTS[0]}" --api "http://127.0.0.1:${API_PORTS[1]}" \
    --kill-pidfile "$SCALE/gunicorn-b.pid" \
    --primary "postgresql://$PG_USER@127.0.0.1:$PRIMARY_PORT/$PG_DB" \
    --replica "postgresql://$PG_USER@127.0.0.1:$REPLICA_PORT/$PG_DB" \
    --replica-delay "$REPLICA_DELAY" --duration "$DURATION" \
    --email="$SCALE_EMAIL" --password="$SCALE_PASSWORD"  # "=": a password may start with "-"
